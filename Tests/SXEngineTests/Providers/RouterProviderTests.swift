import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers {
    @Suite struct Router {
        @Test func listsModelsWithOrWithoutV1InTheURL() async throws {
            let mock = try ProviderMock(replies: [], models: ["llama3.1:8b", "qwen2.5-coder"])
            defer { mock.stop() }
            let pool = try testPool()
            let t = Transport(pool: pool)
            let a = try await RouterProvider.listModels(routerURL: URL(string: mock.baseURL)!, transport: t)
            let b = try await RouterProvider.listModels(routerURL: URL(string: mock.baseURL + "/v1/")!, transport: t)
            await pool.shutdown()
            #expect(a == ["llama3.1:8b", "qwen2.5-coder"])
            #expect(b == a)
            #expect(mock.server.requests.map(\.path) == ["/v1/models", "/v1/models"])
            #expect(mock.server.requests.allSatisfy { $0.header("authorization") == nil })
            #expect(
                try RouterProvider.parseModels(Data(#"{"models":[{"name":"llama3"},{"model":"phi"}]}"#.utf8)) == [
                    "llama3", "phi"
                ])
        }

        /// Router quirks (docs/protocol/router.md#what-routers-do-differently): a tool call that ends with
        /// `finish_reason: "stop"`, a usage chunk with one empty delta, vendor headers, reasoning_content; no auth
        /// header when no key is set.
        @Test func toolLoopThroughARouterWithItsQuirks() async throws {
            var s = OpenAIChatSSE()
            s.reasoning("Thinking locally.")
            s.toolCall(id: "call_r1", name: "read_file", fragments: [#"{"path":"#, #""README.md"}"#])
            s.finish("stop")
            s.usage(prompt: 50, completion: 9, cached: 32, reasoning: 0, routerStyle: true)
            s.done()
            let mock = try ProviderMock(replies: [
                .sse(s.text, headers: [("x-litellm-model-id", "abc")]),
                .sse(OpenAIChatSSE.reply("Local answer.", routerStyle: true))
            ])
            defer { mock.stop() }
            let pool = try testPool()
            let p = RouterProvider.make(
                routerURL: URL(string: mock.baseURL + "/v1")!, transport: Transport(pool: pool), userAgent: "sx/test")
            let events = await runSessionTurn(
                provider: p, model: "qwen2.5-coder", credential: nil, attachments: [testImage])
            await pool.shutdown()
            #expect(events.outcome == .completed)
            #expect(events.thinking == "Thinking locally.")
            #expect(events.text == "Local answer.")
            let usage = events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
            #expect(usage.first == Usage(inputTokens: 50, cachedInputTokens: 32, outputTokens: 9))
            #expect(mock.requests.map(\.path) == ["/v1/chat/completions", "/v1/chat/completions"])
            #expect(mock.requests.allSatisfy { $0.header("authorization") == nil })
            let first = try #require(mock.requests.first)
            #expect(first.body("prompt_cache_key") == nil)
            #expect(first.body("reasoning_effort") == nil)
            #expect(
                first.body("messages", 1, "content", 1, "image_url", "url") as? String
                    == "data:image/png;base64,\(pngBase64)")
            let messages = try #require(mock.requests[1].body("messages") as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["system", "user", "assistant", "tool"])
            #expect(messages[2]["content"] is NSNull)
            #expect(
                mock.requests[1].body("messages", 2, "tool_calls", 0, "function", "arguments") as? String
                    == #"{"path":"README.md"}"#)
            #expect(messages[3]["tool_call_id"] as? String == "call_r1")
        }

        @Test func throttlingErrorWithAStringCodeIsARateLimit() async throws {
            let mock = try ProviderMock(replies: [OpenAIChatSSE.routerThrottlingReply()])
            defer { mock.stop() }
            let pool = try testPool()
            let p = RouterProvider.make(
                routerURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), userAgent: "sx/test",
                bearer: "router-secret-token")
            let before = Date()
            let (_, error) = await collect(p.stream(providerRequest(model: "router-small"), credential: nil))
            let after = Date()
            await pool.shutdown()
            let f = try #require(error as? ProviderFailure)
            #expect(f.reason == .rateLimit)
            #expect(
                f.resetsAt.map { $0 >= before.addingTimeInterval(11.9) && $0 <= after.addingTimeInterval(12.1) } == true
            )
            #expect(mock.requests.first?.header("authorization") == "Bearer router-secret-token")
        }

        @Test func aResponsesStreamWithoutEventLinesEndingInDoneIsAccepted() async throws {
            var s = CodexSSE()
            s.reasoning(["r"])
            s.message(["Hello ", "router"])
            s.completed()
            let noEvents =
                s.text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("event:") }.joined(separator: "\n") + "data: [DONE]\n\n"
            let mock = try ProviderMock(replies: [.sse(noEvents)])
            defer { mock.stop() }
            let pool = try testPool()
            let p = RouterProvider.make(
                routerURL: URL(string: mock.baseURL)!, api: .responses, transport: Transport(pool: pool),
                userAgent: "sx/test")
            let (events, error) = await collect(p.stream(providerRequest(model: "gpt-5"), credential: nil))
            await pool.shutdown()
            #expect(error == nil)
            #expect(events.text == "Hello router")
            #expect(mock.requests.first?.path == "/v1/responses")
        }
    }
}
