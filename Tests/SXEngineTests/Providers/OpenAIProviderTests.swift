import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers {
    @Suite struct OpenAI {
        let key = apiKey(.openai, "sk-proj-test-openai-key-0001")

        func make(_ mock: ProviderMock, api: OpenAIProvider.API) throws -> (OpenAIProvider, HTTPClientPool) {
            let pool = try testPool()
            return (
                OpenAIProvider(
                    baseURL: URL(string: mock.baseURL + "/v1")!, api: api, transport: Transport(pool: pool),
                    userAgent: "sx/test"), pool
            )
        }

        static var responsesToolTurn: String {
            var s = CodexSSE(responseId: "resp_1")
            s.reasoning(["Need to read the file."], id: "rs_1", encrypted: "gAAA-openai-enc")
            s.message(["Let me look."], id: "msg_1")
            s.functionCall(name: "read_file", arguments: #"{"path":"README.md"}"#, callId: "call_1", id: "fc_1")
            s.completed(input: 70, cached: 0, output: 120, reasoning: 64)
            return s.text
        }

        @Test func responsesStreamsReasoningSummaryAsThinkingAndReadsRateLimitHeaders() async throws {
            let mock = try ProviderMock(replies: [
                .sse(Self.responsesToolTurn, headers: OpenAIChatSSE.rateLimitHeaders())
            ])
            defer { mock.stop() }
            let (p, pool) = try make(mock, api: .responses)
            let (events, error) = await collect(
                p.stream(providerRequest(model: "gpt-5", tools: [readFileTool]), credential: key))
            await pool.shutdown()
            #expect(error == nil)
            #expect(events.thinking == "Need to read the file.")
            #expect(events.text == "Let me look.")
            #expect(events.calls.map(\.id) == ["call_1"])
            #expect(events.usages == [Usage(inputTokens: 70, outputTokens: 120, reasoningTokens: 64)])
            let snap = try #require(events.snapshots.first)
            #expect(snap.primary?.usedPercent == 0.2)
            #expect(snap.secondary.map { abs($0.usedPercent - 100.0 / 30) < 0.001 } == true)
            #expect(
                snap.secondary?.resetsAt.map { $0.timeIntervalSinceNow > 350 && $0.timeIntervalSinceNow <= 360 } == true
            )
            let req = try #require(mock.requests.first)
            #expect(req.path == "/v1/responses")
            #expect(req.header("authorization") == "Bearer sk-proj-test-openai-key-0001")
            #expect(req.header("chatgpt-account-id") == nil)
            #expect(req.header("originator") == nil)
            #expect(req.body("prompt_cache_key") as? String == "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee")
            #expect(req.body("reasoning", "summary") as? String == "auto")
            #expect(req.body("reasoning", "effort") as? String == "medium")
            #expect(req.body("include") as? [String] == ["reasoning.encrypted_content"])
            #expect(req.body("store") as? Bool == false)
            #expect(req.body("tools", 0, "name") as? String == "read_file")
        }

        @Test func responsesToolLoopEchoesReasoningAndSendsTheFunctionCallOutput() async throws {
            let mock = try ProviderMock(replies: [.sse(Self.responsesToolTurn), .sse(CodexSSE.reply("A readme."))])
            defer { mock.stop() }
            let (p, pool) = try make(mock, api: .responses)
            let events = await runSessionTurn(provider: p, model: "gpt-5", credential: key, attachments: [testImage])
            await pool.shutdown()
            #expect(events.outcome == .completed)
            #expect(mock.requests.count == 2)
            let firstInput = try #require(mock.requests[0].body("input") as? [[String: Any]])
            let user = try #require(firstInput.last?["content"] as? [[String: Any]])
            #expect(user.map { $0["type"] as? String } == ["input_text", "input_image"])
            #expect(user[1]["image_url"] as? String == "data:image/png;base64,\(pngBase64)")
            let input = try #require(mock.requests[1].body("input") as? [[String: Any]])
            let types = input.map { ($0["type"] as? String) ?? "" }
            #expect(types == ["message", "message", "reasoning", "message", "function_call", "function_call_output"])
            #expect(input[2]["encrypted_content"] as? String == "gAAA-openai-enc")
            #expect(input[4]["call_id"] as? String == "call_1")
            #expect(input[4]["arguments"] as? String == #"{"path":"README.md"}"#)
            #expect(input[5]["call_id"] as? String == "call_1")
            #expect((input[5]["output"] as? String)?.contains("TOOLS=0") == true)
        }

        @Test func nonReasoningModelsGetNoReasoningFields() async throws {
            let pool = try testPool()
            let p = OpenAIProvider(
                baseURL: URL(string: "http://127.0.0.1:1/v1")!, transport: Transport(pool: pool), userAgent: "x")
            let data = try p.body(providerRequest(model: "gpt-4.1"))
            await pool.shutdown()
            let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(obj["reasoning"] == nil)
            #expect(obj["include"] == nil)
            #expect(obj["prompt_cache_key"] as? String == "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee")
            #expect(obj["tools"] == nil)
            #expect(obj["tool_choice"] == nil)
        }

        @Test func chatToleratesNullErrorsAndCallsWithoutIndex() {
            var s = OpenAIChatSSE()
            s.data(#"{"id":"c1","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":null}],"error":null}"#)
            s.data(
                #"{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\":"}}]}}]}"#
            )
            s.data(#"{"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"1}"}}]}}]}"#)
            s.data(
                #"{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]}}]}"#
            )
            s.finish("tool_calls")
            s.done()
            let r = decode(ChatStreamDecoder(provider: .router), s.text)
            #expect(r.error == nil)
            #expect(
                r.events.calls == [
                    ToolCall(id: "a", name: "f", arguments: #"{"x":1}"#), ToolCall(id: "b", name: "g", arguments: "{}")
                ])
            #expect(r.events.last == .completed(responseId: "c1"))
        }

        @Test func chatCompletionsJoinsToolCallFragmentsAndSendsToolMessages() async throws {
            let mock = try ProviderMock(replies: [
                .sse(OpenAIChatSSE.documentedExample),
                .sse(OpenAIChatSSE.reply("A readme.", cached: 1536))
            ])
            defer { mock.stop() }
            let (p, pool) = try make(mock, api: .chat)
            let events = await runSessionTurn(provider: p, model: "gpt-5", credential: key, attachments: [testImage])
            await pool.shutdown()
            #expect(events.outcome == .completed)
            #expect(events.text == "Let me look.A readme.")
            let calls = events.compactMap { if case .toolCall(let c) = $0 { c } else { nil } }
            #expect(calls == [ToolCall(id: "call_1", name: "read_file", arguments: #"{"path":"README.md"}"#)])
            let usage = events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
            #expect(
                usage == [
                    Usage(inputTokens: 70, outputTokens: 120, reasoningTokens: 64),
                    Usage(inputTokens: 2000, cachedInputTokens: 1536, outputTokens: 8)
                ])
            let first = try #require(mock.requests.first)
            #expect(first.path == "/v1/chat/completions")
            #expect(first.body("stream_options", "include_usage") as? Bool == true)
            #expect(first.body("reasoning_effort") as? String == "medium")
            #expect(first.body("prompt_cache_key") as? String != nil)
            #expect(first.body("messages", 0, "role") as? String == "system")
            #expect(first.body("messages", 1, "content", 1, "type") as? String == "image_url")
            #expect(
                first.body("messages", 1, "content", 1, "image_url", "url") as? String
                    == "data:image/png;base64,\(pngBase64)")
            let messages = try #require(mock.requests[1].body("messages") as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["system", "user", "assistant", "tool"])
            #expect(messages[2]["content"] as? String == "Let me look.")
            #expect((messages[2]["tool_calls"] as? [[String: Any]])?.first?["id"] as? String == "call_1")
            #expect(
                mock.requests[1].body("messages", 2, "tool_calls", 0, "function", "arguments") as? String
                    == #"{"path":"README.md"}"#)
            #expect(messages[3]["tool_call_id"] as? String == "call_1")
            #expect((messages[3]["content"] as? String)?.contains("TOOLS=0") == true)
        }

        @Test func rateLimitExceededIsARateLimitAndInsufficientQuotaIsBilling() async throws {
            let mock = try ProviderMock(replies: [OpenAIChatSSE.rateLimitReply(resetTokens: "6m0s")])
            defer { mock.stop() }
            let (p, pool) = try make(mock, api: .responses)
            let before = Date()
            let (_, e1) = await collect(p.stream(providerRequest(model: "gpt-5"), credential: key))
            let after = Date()
            mock.setReplies([OpenAIChatSSE.insufficientQuotaReply()])
            let (_, e2) = await collect(p.stream(providerRequest(model: "gpt-5"), credential: key))
            await pool.shutdown()
            let f1 = try #require(e1 as? ProviderFailure)
            #expect(f1.reason == .rateLimit)
            let reset = try #require(f1.resetsAt)
            #expect(reset >= before.addingTimeInterval(359.9) && reset <= after.addingTimeInterval(360.1))
            #expect(f1.requestId == "req_mock_openai")
            let f2 = try #require(e2 as? ProviderFailure)
            #expect(f2.reason == .billing)
            #expect(f2.resetsAt == nil)
            #expect(!f2.retryable)
        }

        @Test func aMidStreamErrorLineIsClassified() async throws {
            var s = OpenAIChatSSE()
            s.content("Hal", role: true)
            s.data(
                #"{"error":{"message":"Rate limit reached. Please try again in 20s.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}"#
            )
            let mock = try ProviderMock(replies: [.sse(s.text)])
            defer { mock.stop() }
            let (p, pool) = try make(mock, api: .chat)
            let before = Date()
            let (events, error) = await collect(p.stream(providerRequest(model: "gpt-5"), credential: key))
            let after = Date()
            await pool.shutdown()
            #expect(events.text == "Hal")
            let f = try #require(error as? ProviderFailure)
            #expect(f.reason == .rateLimit)
            #expect(f.afterOutput)
            #expect(
                f.resetsAt.map { $0 >= before.addingTimeInterval(19.9) && $0 <= after.addingTimeInterval(20.1) } == true
            )
        }
    }
}
