import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers {
    /// The table of issue 6, one row per provider against its loopback mock through the real `Session`: streaming
    /// with thinking, the two-step tool loop, an image, cached-token usage, and the provider's 429 as a rate limit.
    @Suite struct Matrix {
        struct Setup {
            let provider: any Provider
            let model: String
            let credential: ResolvedCredential?
        }

        func setup(_ kind: ProviderScenarios.Kind, _ base: String, _ t: Transport) -> Setup {
            let url = URL(string: base)!
            switch kind {
            case .anthropic:
                return Setup(
                    provider: AnthropicProvider(baseURL: url, transport: t, userAgent: "sx/test"),
                    model: "claude-sonnet-4-5",
                    credential: apiKey(.anthropic, "sk-ant-api03-matrix-key-0001"))
            case .claudeCode:
                return Setup(
                    provider: AnthropicProvider(id: .claudeCode, baseURL: url, transport: t, userAgent: "sx/test"),
                    model: "claude-opus-4-5", credential: apiKey(.claudeCode, "sk-ant-oat01-matrix-token", kind: .oauth)
                )
            case .openai, .openaiChat:
                return Setup(
                    provider: OpenAIProvider(
                        baseURL: url.appendingPathComponent("v1"), api: kind == .openai ? .responses : .chat,
                        transport: t, userAgent: "sx/test"),
                    model: "gpt-5", credential: apiKey(.openai, "sk-proj-matrix-key-0001"))
            case .google:
                return Setup(
                    provider: GeminiProvider(baseURL: url, transport: t, userAgent: "sx/test"), model: "gemini-2.5-pro",
                    credential: apiKey(.google, "AIzaSyMatrix-gemini-key-00000000000001"))
            case .router:
                return Setup(
                    provider: RouterProvider.make(routerURL: url, transport: t, userAgent: "sx/test"),
                    model: "qwen2.5-coder",
                    credential: nil)
            }
        }

        @Test(arguments: ProviderScenarios.Kind.allCases)
        func toolLoopWithThinkingImageAndCachedUsage(_ kind: ProviderScenarios.Kind) async throws {
            let mock = try ProviderMock(
                replies: ProviderScenarios.replies(kind, scenario: "tool", text: "It is a readme."))
            defer { mock.stop() }
            let pool = try testPool()
            let s = setup(kind, mock.baseURL, Transport(pool: pool))
            let events = await runSessionTurn(
                provider: s.provider, model: s.model, credential: s.credential, attachments: [testImage])
            await pool.shutdown()
            #expect(events.outcome == .completed, "\(events.errors)")
            #expect(events.text.hasSuffix("It is a readme."))
            #expect(events.thinking.contains("Thinking it over."))
            #expect(mock.requests.count == 2)
            let usage = events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
            #expect(usage.last?.cachedInputTokens == ProviderScenarios.cachedTokens)
            // The image went out in the first request, base64 in the provider's own shape.
            let first = String(decoding: try #require(mock.requests.first).body, as: UTF8.self)
            #expect(first.contains(pngBase64))
            // The second request answers the tool call the provider's way, under the call's id.
            let second = String(decoding: try #require(mock.requests.last).body, as: UTF8.self)
            let marker: String =
                switch kind {
                case .anthropic, .claudeCode: #""tool_use_id":"toolu_1""#
                case .openai: #""type":"function_call_output""#
                case .openaiChat, .router: #""tool_call_id":"call_1""#
                case .google: #""functionResponse""#
                }
            #expect(second.contains(marker))
            #expect(second.contains("TOOLS=0"))
        }

        @Test(arguments: ProviderScenarios.Kind.allCases)
        func the429IsARateLimitWithItsResetTime(_ kind: ProviderScenarios.Kind) async throws {
            let mock = try ProviderMock(replies: ProviderScenarios.replies(kind, scenario: "rate-limit"))
            defer { mock.stop() }
            let pool = try testPool()
            let s = setup(kind, mock.baseURL, Transport(pool: pool))
            let before = Date()
            let (_, error) = await collect(s.provider.stream(providerRequest(model: s.model), credential: s.credential))
            let after = Date()
            await pool.shutdown()
            let f = try #require(error as? ProviderFailure)
            #expect(f.reason == .rateLimit)
            let reset = try #require(f.resetsAt)
            // An absolute reset time is exact; a relative one counts from when the reply was read (before…after).
            let delay: TimeInterval? =
                switch kind {
                case .anthropic, .claudeCode: nil
                case .openai, .openaiChat: 360
                case .google: 46
                case .router: 12
                }
            if let delay {
                #expect(reset >= before.addingTimeInterval(delay - 1) && reset <= after.addingTimeInterval(delay + 1))
            } else {
                #expect(abs(reset.timeIntervalSince1970 - TimeInterval(ProviderScenarios.resetsAt)) < 1)
            }
        }
    }
}
