import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers {
    @Suite struct Gemini {
        let key = apiKey(.google, "AIzaSyTest-gemini-key-000000000000001")

        func make(_ mock: ProviderMock) throws -> (GeminiProvider, HTTPClientPool) {
            let pool = try testPool()
            return (
                GeminiProvider(
                    baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), userAgent: "sx/test"), pool
            )
        }

        @Test func streamsTheDocumentedSequenceToTheRightURL() async throws {
            let mock = try ProviderMock(replies: [.sse(GeminiSSE.documentedExample)])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let (events, error) = await collect(
                p.stream(providerRequest(model: "gemini-2.5-pro", tools: [readFileTool]), credential: key))
            await pool.shutdown()
            #expect(error == nil)
            #expect(events.thinking == "**Reading** I should open the file.")
            #expect(events.text == "Let me look.")
            let call = ToolCall(
                id: "gemini_call_1", name: "read_file", arguments: #"{"path":"README.md"}"#,
                thoughtSignature: "CrUBAdHt…")
            #expect(events.calls == [call])
            #expect(
                events.items == [
                    .thinking(Thinking(text: "**Reading** I should open the file.", provider: "google")),
                    .text("Let me look."), .toolCall(call)
                ])
            #expect(
                events.usages == [Usage(inputTokens: 60, cachedInputTokens: 0, outputTokens: 115, reasoningTokens: 90)])
            #expect(events.last == .completed(responseId: "r1"))
            let req = try #require(mock.requests.first)
            #expect(req.path == "/v1beta/models/gemini-2.5-pro:streamGenerateContent")
            #expect(req.uri.hasSuffix("?alt=sse"))
            #expect(req.header("x-goog-api-key") == "AIzaSyTest-gemini-key-000000000000001")
            #expect(req.header("authorization") == nil)
            #expect(req.body("systemInstruction", "parts", 0, "text") as? String == "You are a coding agent.")
            #expect(req.body("contents", 0, "role") as? String == "user")
            #expect(req.body("contents", 0, "parts", 0, "text") as? String == "What is in README.md?")
            #expect(req.body("tools", 0, "functionDeclarations", 0, "name") as? String == "read_file")
            #expect(
                req.body("tools", 0, "functionDeclarations", 0, "parametersJsonSchema", "type") as? String == "object")
            #expect(req.body("generationConfig", "thinkingConfig", "includeThoughts") as? Bool == true)
            #expect(req.body("generationConfig", "thinkingConfig", "thinkingBudget") as? Int == 8192)
        }

        @Test func toolLoopEchoesTheThoughtSignatureOnTheSamePartAndSendsAFunctionResponse() async throws {
            var s = GeminiSSE()
            s.chunk([GeminiSSE.thought("Open it.")])
            s.chunk(
                [
                    GeminiSSE.functionCall(
                        name: "read_file", args: #"{"path":"README.md"}"#, id: "fc-7", signature: "SIG-7")
                ],
                finishReason: "STOP", usage: GeminiSSE.usage())
            let mock = try ProviderMock(replies: [.sse(s.text), .sse(GeminiSSE.reply("A readme.", cached: 3000))])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let events = await runSessionTurn(
                provider: p, model: "gemini-2.5-pro", credential: key, attachments: [testImage])
            await pool.shutdown()
            #expect(events.outcome == .completed)
            #expect(events.thinking == "Open it.")
            #expect(events.text == "A readme.")
            let first = try #require(mock.requests.first)
            #expect(first.body("contents", 0, "parts", 1, "inlineData", "mimeType") as? String == "image/png")
            #expect(first.body("contents", 0, "parts", 1, "inlineData", "data") as? String == pngBase64)
            let contents = try #require(mock.requests.last?.body("contents") as? [[String: Any]])
            #expect(contents.map { $0["role"] as? String } == ["user", "model", "user"])
            let model = try #require(contents[1]["parts"] as? [[String: Any]])
            #expect(model.count == 2)
            #expect(model[0]["thought"] as? Bool == true)
            #expect(model[0]["text"] as? String == "Open it.")
            let fc = try #require(model[1]["functionCall"] as? [String: Any])
            #expect(fc["name"] as? String == "read_file")
            #expect(fc["id"] as? String == "fc-7")
            #expect(fc["args"] as? [String: String] == ["path": "README.md"])
            #expect(model[1]["thoughtSignature"] as? String == "SIG-7")
            let response = try #require(
                (contents[2]["parts"] as? [[String: Any]])?.first?["functionResponse"] as? [String: Any])
            #expect(response["name"] as? String == "read_file")
            #expect(response["id"] as? String == "fc-7")
            #expect(((response["response"] as? [String: Any])?["error"] as? String)?.contains("TOOLS=0") == true)
            let usage = events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
            #expect(
                usage.last == Usage(inputTokens: 4000, cachedInputTokens: 3000, outputTokens: 15, reasoningTokens: 5))
        }

        @Test func resourceExhaustedIsARateLimitUntilTheRetryDelay() async throws {
            let mock = try ProviderMock(replies: [GeminiSSE.rateLimitReply(retryDelay: "46s")])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let before = Date()
            let (_, error) = await collect(p.stream(providerRequest(model: "gemini-2.5-pro"), credential: key))
            let after = Date()
            await pool.shutdown()
            let f = try #require(error as? ProviderFailure)
            #expect(f.reason == .rateLimit)
            #expect(f.status == 429)
            // 46 s from the moment the reply was read, which lies between `before` and `after`.
            let reset = try #require(f.resetsAt)
            #expect(reset >= before.addingTimeInterval(45.9) && reset <= after.addingTimeInterval(46.1))
        }

        @Test func aBareJSONErrorLineMidStreamIsClassified() async throws {
            var s = GeminiSSE()
            s.chunk([GeminiSSE.text("Half")])
            let mock = try ProviderMock(replies: [.sse(s.text + GeminiSSE.bareErrorLine())])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let (events, error) = await collect(p.stream(providerRequest(model: "gemini-2.5-pro"), credential: key))
            await pool.shutdown()
            #expect(events.text == "Half")
            let f = try #require(error as? ProviderFailure)
            #expect(f.reason == .overloaded)
            #expect(f.afterOutput)
            #expect(f.message.contains("overloaded"))
        }

        @Test func aPrettyPrintedErrorObjectEndsTheStreamAsARetryableFailure() {
            var s = GeminiSSE()
            s.chunk([GeminiSSE.text("Half")])
            let text =
                s.text
                + "{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"Internal error\",\n    \"status\": \"INTERNAL\"\n  }\n}\n"
            let r = decode(GeminiStreamDecoder(), text)
            #expect(r.events.text == "Half")
            let f = r.error as? ProviderFailure
            #expect(f?.reason == .timeout)
            #expect(f?.retryable == true)
            #expect(f?.afterOutput == true)
        }

        @Test func foreignHistoryGetsTheStandInSignatureAndSignatureOnlyPartsAreKept() throws {
            let history = [
                Message.user("hi"),
                Message(
                    role: .assistant,
                    parts: [
                        .thinking(Thinking(text: "x", signature: "s", provider: "anthropic")),
                        .toolCall(ToolCall(id: "toolu_1", name: "shell", arguments: #"{"command":"ls"}"#)),
                        .toolCall(ToolCall(id: "toolu_2", name: "shell", arguments: "{}"))
                    ]),
                Message(
                    role: .user,
                    parts: [
                        .toolResult(ToolResult(callId: "toolu_1", name: "shell", output: "a")),
                        .toolResult(ToolResult(callId: "toolu_2", name: "shell", output: "b"))
                    ]),
                Message(
                    role: .assistant,
                    parts: [.text("done"), .thinking(Thinking(text: "", signature: "TAIL", provider: "google"))])
            ]
            let contents = try foundation(GeminiRequestBuilder.contents(history))
            let model = try #require(contents[1]["parts"] as? [[String: Any]])
            #expect(model.count == 2)
            #expect(model[0]["thoughtSignature"] as? String == "skip_thought_signature_validator")
            #expect(model[1]["thoughtSignature"] == nil)
            let responses = try #require(contents[2]["parts"] as? [[String: Any]])
            #expect(responses.count == 2)
            #expect((responses[0]["functionResponse"] as? [String: Any])?["id"] == nil)
            let last = try #require(contents[3]["parts"] as? [[String: Any]])
            #expect(last.count == 2)
            #expect(last[1]["thoughtSignature"] as? String == "TAIL")
            #expect(last[1]["thought"] == nil)
        }

        @Test func aSignatureOnAnEmptyTextPartIsKeptInOrder() throws {
            var s = GeminiSSE()
            s.chunk([GeminiSSE.thought("plan")])
            s.chunk([#"{"text":"","thoughtSignature":"EMPTY-SIG"}"#, GeminiSSE.text("Answer.")], finishReason: "STOP")
            var d = GeminiStreamDecoder()
            var parser = SSEParser()
            var out: [ProviderEvent] = []
            parser.feed(Array(s.text.utf8)) { ev in try? d.handle(ev, now: Date()) { out.append($0) } }
            #expect(d.completed)
            #expect(
                out.items == [
                    .thinking(Thinking(text: "plan", provider: "google")),
                    .thinking(Thinking(text: "", signature: "EMPTY-SIG", provider: "google")),
                    .text("Answer.")
                ])
        }
    }
}
