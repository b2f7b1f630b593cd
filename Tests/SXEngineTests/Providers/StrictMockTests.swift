import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// The loopback mocks refuse what the hosted servers refuse, with their status codes and error bodies, over real
/// HTTP; a refused request does not use up a scripted reply.
@Suite struct StrictMockTests {
    /// POSTs `body` to `url` and returns the status and the JSON reply.
    func post(_ url: String, _ body: [String: Any], headers: [(String, String)] = []) async throws -> (
        Int, [String: Any]
    ) {
        let pool = try testPool()
        let transport = Transport(pool: pool)
        let target = URL(string: url)!
        do {
            let response = try await transport.send(
                url: target, headers: [("content-type", "application/json")] + headers,
                body: try JSONSerialization.data(withJSONObject: body))
            let data = try await Transport.collect(response, url: target)
            await pool.shutdown()
            return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    func message(_ reply: [String: Any]) -> String {
        ((reply["error"] as? [String: Any])?["message"] as? String) ?? (reply["detail"] as? String) ?? ""
    }

    @Test func codexRefusesARequestWithoutInstructionsOrWithAWrongRequiredField() async throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("ok"))])
        defer { mock.stop() }
        let url = mock.baseURL + "/responses"
        let good: [String: Any] = [
            "model": "gpt-5.5", "instructions": "You are sx.", "input": [], "stream": true, "store": false
        ]
        var cases: [([String: Any], String)] = []
        for bad in [nil, "", 7] as [Any?] {
            var b = good
            b["instructions"] = bad
            cases.append((b, "Instructions are required"))
        }
        cases.append((good.merging(["model": ""]) { $1 }, "Model is required"))
        cases.append((good.merging(["input": "hi"]) { $1 }, "Input must be a list"))
        cases.append((good.merging(["stream": false]) { $1 }, "Stream must be set to true"))
        cases.append((good.merging(["store": true]) { $1 }, "Store must be set to false"))
        for (body, detail) in cases {
            let (status, reply) = try await post(url, body)
            #expect(status == 400)
            #expect(reply as NSDictionary == ["detail": detail] as NSDictionary)
        }
        let (status, _) = try await post(url, good)
        #expect(status == 200, "the first accepted request gets the first scripted reply")
    }

    @Test func anthropicRefusesEnabledThinkingOnAnAdaptiveOnlyModelAndBadBudgets() async throws {
        let mock = try ProviderMock(replies: [.sse(AnthropicSSE.reply("ok"))])
        defer { mock.stop() }
        let url = mock.baseURL + "/v1/messages"
        let user: [[String: Any]] = [["role": "user", "content": "hi"]]
        func body(_ model: String, _ thinking: [String: Any], maxTokens: Int = 64_000, messages: [[String: Any]]? = nil)
            -> [String: Any]
        {
            [
                "model": model, "max_tokens": maxTokens, "stream": true, "messages": messages ?? user,
                "thinking": thinking
            ]
        }
        let enabled: [String: Any] = ["type": "enabled", "budget_tokens": 4096]
        for model in ["claude-opus-4-8", "claude-sonnet-5", "claude-opus-4-7"] {
            let (status, reply) = try await post(url, body(model, enabled))
            #expect(status == 400)
            #expect(reply["type"] as? String == "error")
            #expect((reply["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")
            #expect(
                message(reply)
                    == #""thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior."#
            )
        }
        #expect(try await post(url, body("claude-sonnet-4-5", ["type": "enabled", "budget_tokens": 1000])).0 == 400)
        let (tooBig, reply) = try await post(
            url, body("claude-sonnet-4-5", ["type": "enabled", "budget_tokens": 8192], maxTokens: 8192))
        #expect(tooBig == 400)
        #expect(message(reply).contains("`max_tokens` must be greater than `thinking.budget_tokens`"))
        #expect(try await post(url, body("claude-sonnet-4-5", ["type": "adaptive"])).0 == 400)

        // Thinking on, and the final assistant turn is a tool call without its thinking block.
        let loop: [[String: Any]] =
            user + [
                [
                    "role": "assistant",
                    "content": [
                        ["type": "tool_use", "id": "call_1", "name": "read_file", "input": ["path": "README.md"]]
                    ]
                ],
                ["role": "user", "content": [["type": "tool_result", "tool_use_id": "call_1", "content": "# Readme"]]]
            ]
        let adaptive: [String: Any] = ["type": "adaptive"]
        let (refused, why) = try await post(url, body("claude-opus-4-8", adaptive, messages: loop))
        #expect(refused == 400)
        #expect(message(why).contains("a final `assistant` message must start with a thinking block"))
        #expect(mock.requests.count == 7)

        let (ok, _) = try await post(
            url, body("claude-opus-4-8", adaptive).merging(["output_config": ["effort": "high"]]) { $1 })
        #expect(ok == 200)
        var noThinking = body("claude-opus-4-8", [:], messages: loop)
        noThinking["thinking"] = nil
        #expect(try await post(url, noThinking).0 == 200)
    }

    @Test func anthropicRefusesASubscriptionTokenWithoutClaudeCodesSystemBlock() async throws {
        let mock = try ProviderMock(replies: [.sse(AnthropicSSE.reply("ok"))])
        defer { mock.stop() }
        let body: [String: Any] = [
            "model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [["role": "user", "content": "hi"]],
            "system": [["type": "text", "text": "You are sx."]]
        ]
        let (status, reply) = try await post(
            mock.baseURL + "/v1/messages", body,
            headers: [("authorization", "Bearer sk-ant-oat01-strict-mock-000001")])
        #expect(status == 400)
        #expect(message(reply).contains("only authorized for use with Claude Code"))
    }

    @Test func openAIPlaysAnUnverifiedOrganisation() async throws {
        let mock = try ProviderMock(replies: [.sse(CodexSSE.reply("ok"))])
        defer { mock.stop() }
        let url = mock.baseURL + "/v1/responses"
        let body: [String: Any] = [
            "model": "gpt-5.5", "input": [], "stream": true, "reasoning": ["effort": "low", "summary": "auto"]
        ]
        #expect(try await post(url, body).0 == 200, "a verified organisation (the default) gets summaries")
        mock.setRules(StrictRequestRules(unverifiedOrganization: true, streamingNeedsVerification: ["gpt-5.6"]))
        let (status, reply) = try await post(url, body)
        #expect(status == 400)
        let err = try #require(reply["error"] as? [String: Any])
        #expect(err["code"] as? String == "unsupported_value")
        #expect(err["param"] as? String == "reasoning.summary")
        #expect(
            (err["message"] as? String)?.hasPrefix("Your organization must be verified to generate reasoning summaries")
                == true)
        #expect(try await post(url, body.merging(["reasoning": ["effort": "low"]]) { $1 }).0 == 200)
        let (stream, why) = try await post(url, ["model": "gpt-5.6-sol", "input": [], "stream": true])
        #expect(stream == 400)
        #expect(message(why).contains("must be verified to stream this model"))
    }

    @Test func geminiRefusesBudgetsOutOfTheModelsRangeAndLevelsOnA25Model() async throws {
        let mock = try GeminiMock(replies: [.sse(GeminiSSE.reply("ok"))])
        defer { mock.stop() }
        func send(_ model: String, _ config: [String: Any]) async throws -> (Int, String) {
            let body: [String: Any] = [
                "contents": [["role": "user", "parts": [["text": "hi"]]]],
                "generationConfig": ["thinkingConfig": config]
            ]
            let (status, reply) = try await post(
                mock.baseURL + "/v1beta/models/\(model):streamGenerateContent?alt=sse", body)
            if status == 400 { #expect((reply["error"] as? [String: Any])?["status"] as? String == "INVALID_ARGUMENT") }
            return (status, message(reply))
        }
        let flashTooBig = try await send("gemini-2.5-flash", ["thinkingBudget": 32_768])
        #expect(flashTooBig.0 == 400 && flashTooBig.1.contains("thinking_budget is out of range"))
        #expect(try await send("gemini-2.5-pro", ["thinkingBudget": 0]).0 == 400)
        #expect(try await send("gemini-2.5-pro", ["thinkingBudget": 64]).0 == 400)
        #expect(try await send("gemini-2.5-flash-lite", ["thinkingBudget": 256]).0 == 400)
        let level = try await send("gemini-2.5-flash", ["thinkingLevel": "high"])
        #expect(level == (400, "Thinking level is not supported for this model."))
        #expect(try await send("gemini-2.5-flash", ["thinkingBudget": 24_576]).0 == 200)
        #expect(try await send("gemini-2.5-pro", ["thinkingBudget": -1]).0 == 200)
        #expect(try await send("gemini-3.5-flash", ["thinkingLevel": "high"]).0 == 200)
    }
}
