import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

@Suite struct CodexProviderTests {
    @Test func streamsThinkingAndTextAndSendsEveryRequiredField() async throws {
        let mock = try CodexMock(replies: [
            .sse(
                CodexSSE.reply("Hello from the mock", thinking: ["Considering ", "a greeting"]),
                headers: CodexSSE.rateLimitHeaders())
        ])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let shell = ToolSpec(
            name: "shell", description: "run",
            parametersSchema: #"{"type":"object","properties":{"command":{"type":"string"}}}"#)
        let (events, error) = await collect(codex.stream(request(tools: [shell]), credential: testCredential))
        await pool.shutdown()
        #expect(error == nil)
        #expect(events.text == "Hello from the mock")
        #expect(events.thinking == "Considering a greeting")
        #expect(
            events.contains {
                if case .usage(let u) = $0 { u.inputTokens == 120 && u.reasoningTokens == 10 } else { false }
            })
        #expect(
            events.contains {
                if case .rateLimits(let s) = $0 {
                    s.primary?.usedPercent == 42 && s.secondary?.windowMinutes == 10080
                } else {
                    false
                }
            })
        #expect(events.last == .completed(responseId: "resp_mock_1"))

        let req = try #require(mock.requests.first)
        #expect(req.method == "POST")
        #expect(req.path == "/backend-api/codex/responses")
        #expect(req.header("authorization") == "Bearer eyJtest-access-token-0001")
        #expect(req.header("chatgpt-account-id") == "acct-mock-0001")
        #expect(req.header("accept") == "text/event-stream")
        #expect(req.header("content-type") == "application/json")
        #expect(req.header("originator") == "sx_test")
        #expect(req.header("user-agent") == "sx/test")
        #expect(req.header("session-id") == "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee")
        let body = try #require(req.json)
        #expect(body["model"] as? String == "gpt-5.5")
        #expect(body["stream"] as? Bool == true)
        #expect(body["store"] as? Bool == false)
        #expect(body["include"] as? [String] == ["reasoning.encrypted_content"])
        #expect(body["prompt_cache_key"] as? String == "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee")
        #expect(body["tool_choice"] as? String == "auto")
        #expect(body["parallel_tool_calls"] != nil)
        let reasoning = try #require(body["reasoning"] as? [String: Any])
        #expect(reasoning["summary"] as? String == "auto")
        #expect(reasoning["effort"] as? String == "medium")
        let tools = try #require(body["tools"] as? [[String: Any]])
        #expect(tools.first?["type"] as? String == "function")
        #expect(tools.first?["name"] as? String == "shell")
        let input = try #require(body["input"] as? [[String: Any]])
        // sx's instructions go top-level (the backend refuses a request without them); with no workspace context
        // there is no developer message.
        #expect(body["instructions"] as? String == "You are sx.")
        #expect(input.count == 1)
        #expect(input.last?["role"] as? String == "user")
        #expect(((input.last?["content"] as? [[String: Any]])?.first?["text"] as? String) == "Say hello")
    }

    @Test func worksOverHTTPSWithTheTestCAAndRefusesAnUntrustedOne() async throws {
        let mock = try CodexMock(tls: Fixtures.serverTLS, replies: [.sse(CodexSSE.reply("secure hello"))])
        defer { mock.stop() }
        #expect(mock.baseURL.hasPrefix("https://"))
        let (codex, pool) = try makeCodex(mock, ca: Fixtures.caPEM)
        let (events, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        #expect(error == nil)
        #expect(events.text == "secure hello")

        let (untrusted, pool2) = try makeCodex(mock, ca: Fixtures.otherCAPEM)
        let (_, error2) = await collect(untrusted.stream(request(), credential: testCredential))
        await pool2.shutdown()
        let f = try #require(error2 as? ProviderFailure)
        #expect(f.reason == .timeout)
        #expect(f.message.contains("TLS"))
        #expect(mock.requests.count == 1)
    }

    @Test func badCAFileIsAClearError() {
        #expect(throws: NetworkSetupError.badCAFile(path: "/nonexistent.pem", reason: "no such file")) {
            _ = try HTTPClientPool(settings: NetworkSettings(extraCAFile: "/nonexistent.pem"))
        }
    }

    @Test func usageLimit429IsARateLimitUntilResetsAt() async throws {
        let mock = try CodexMock(replies: [CodexSSE.usageLimitReply(resetsAt: 1_795_320_000)])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let (_, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        let f = try #require(error as? ProviderFailure)
        #expect(f.reason == .rateLimit)
        #expect(f.status == 429)
        #expect(f.resetsAt == Date(timeIntervalSince1970: 1_795_320_000))
        #expect(f.retryable == false)
        #expect(f.description.contains("2026-11-22 04:00 UTC"))
        #expect(f.requestId == "req_mock_429")
    }

    @Test func droppedStreamIsAnErrorNotACompleteAnswer() async throws {
        var s = CodexSSE()
        s.message(["partial ", "answer"])
        let mock = try CodexMock(replies: [.sse(s.text, ending: .drop)])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let (events, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        #expect(events.text == "partial answer")
        let f = try #require(error as? ProviderFailure)
        #expect(f.afterOutput)
        #expect(f.reason == .timeout)
    }

    @Test func bodyEndingWithoutCompletedIsADrop() async throws {
        var s = CodexSSE()
        s.message(["no end"])
        let mock = try CodexMock(replies: [.sse(s.text)])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let (_, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        let f = try #require(error as? ProviderFailure)
        #expect(f.message.contains("closed before the response was complete"))
        #expect(f.retryable)
    }

    @Test func responseFailedIsClassifiedByCode() async throws {
        var s = CodexSSE()
        s.failed(code: "context_length_exceeded", message: "Your input exceeds the context window of this model.")
        var r = CodexSSE()
        r.failed(code: "rate_limit_exceeded", message: "Rate limit reached. Please try again in 1.5s.")
        let mock = try CodexMock(replies: [.sse(s.text), .sse(r.text)])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let (_, e1) = await collect(codex.stream(request(), credential: testCredential))
        let (_, e2) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        #expect((e1 as? ProviderFailure)?.reason == .context)
        #expect((e1 as? ProviderFailure)?.message.contains("context window") == true)
        let f2 = try #require(e2 as? ProviderFailure)
        #expect(f2.reason == .rateLimit)
        #expect(f2.resetsAt != nil)
    }

    @Test func htmlAndNonJSONErrorBodiesBecomeOneLine() async throws {
        let html =
            "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>"
        let mock = try CodexMock(replies: [
            .full(status: 403, headers: [("content-type", "text/html")], body: Data(html.utf8)),
            .full(
                status: 500, headers: [("content-type", "text/plain")], body: Data("upstream exploded\nline two".utf8))
        ])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let (_, e1) = await collect(codex.stream(request(), credential: testCredential))
        let (_, e2) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        let f1 = try #require(e1 as? ProviderFailure)
        #expect(f1.reason == .auth)
        #expect(f1.description.contains("Attention Required! | Cloudflare"))
        #expect(!f1.description.contains("<"))
        let f2 = try #require(e2 as? ProviderFailure)
        #expect(f2.reason == .timeout)
        #expect(f2.retryable)
        #expect(f2.message == "upstream exploded line two")
    }

    @Test func stalledStreamHitsTheReadTimeout() async throws {
        var s = CodexSSE()
        s.message(["slow"])
        let mock = try CodexMock(replies: [.sse(s.text, ending: .stall)])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock, readTimeout: .milliseconds(400))
        let started = Date()
        let (events, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        #expect(events.text == "slow")
        let f = try #require(error as? ProviderFailure)
        #expect(f.message.contains("read timeout"))
        #expect(f.afterOutput)
        #expect(Date().timeIntervalSince(started) < 60)  // without the read timeout it would hang
    }

    @Test func connectionRefusedIsClear() async throws {
        // A bound socket that never listens: connects are refused, and no other test's server can take the port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        #expect(bound)
        let base = "http://127.0.0.1:\(UInt16(bigEndian: addr.sin_port))/backend-api/codex"
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(2)))
        let codex = CodexProvider(
            baseURL: URL(string: base)!, transport: Transport(pool: pool), originator: "x", userAgent: "y")
        let (_, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        let f = try #require(error as? ProviderFailure)
        #expect(f.message.contains("connection refused"))
        #expect(!f.afterOutput)
    }

    @Test func functionCallAndReasoningAreEchoedInTheNextRequest() async throws {
        var s = CodexSSE()
        s.reasoning(["Need to run it"], id: "rs_7", encrypted: "ENC-7")
        s.functionCall(name: "shell", arguments: #"{"command":"echo hi"}"#, callId: "call_7", id: "fc_7")
        s.completed()
        let mock = try CodexMock(replies: [.sse(s.text), .sse(CodexSSE.reply("done"))])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let (events, _) = await collect(codex.stream(request(), credential: testCredential))
        let call = try #require(events.compactMap { if case .toolCall(let c) = $0 { c } else { nil } }.first)
        #expect(call == ToolCall(id: "call_7", name: "shell", arguments: #"{"command":"echo hi"}"#, itemId: "fc_7"))
        let parts = events.compactMap { if case .outputItem(let p) = $0 { p } else { nil } }
        var next = request()
        next.messages.append(Message(role: .assistant, parts: parts))
        next.messages.append(
            Message(role: .user, parts: [.toolResult(ToolResult(callId: "call_7", name: "shell", output: "hi\n"))]))
        _ = await collect(codex.stream(next, credential: testCredential))
        await pool.shutdown()
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let types = input.compactMap { $0["type"] as? String }
        // The user message, then the echoed reasoning and call, then the result (instructions are top-level).
        #expect(types == ["message", "reasoning", "function_call", "function_call_output"])
        #expect(input[1]["encrypted_content"] as? String == "ENC-7")
        #expect(input[1]["id"] as? String == "rs_7")
        #expect(input[2]["call_id"] as? String == "call_7")
        #expect(input[3]["call_id"] as? String == "call_7")
        #expect(input[3]["output"] as? String == "hi\n")
    }
}

@Suite struct CodexImageTests {
    @Test func imagesGoAsInputImageDataURLs() async throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("I see a pixel"))])
        defer { mock.stop() }
        let (codex, pool) = try makeCodex(mock)
        let png = ImageData(mediaType: "image/png", base64: "iVBORw0KGgo=")
        var req = request()
        req.messages = [
            Message(role: .user, parts: [.text("what is this?"), .image(png)]),
            Message(
                role: .assistant,
                parts: [.toolCall(ToolCall(id: "c1", name: "read_file", arguments: #"{"path":"a.png"}"#))]),
            Message(
                role: .user,
                parts: [.toolResult(ToolResult(callId: "c1", name: "read_file", output: "image a.png", images: [png]))])
        ]
        _ = await collect(codex.stream(req, credential: testCredential))
        await pool.shutdown()
        let input = try #require(mock.requests.first?.json?["input"] as? [[String: Any]])
        let images = input.flatMap { ($0["content"] as? [[String: Any]]) ?? [] }.filter {
            $0["type"] as? String == "input_image"
        }
        #expect(images.count == 2)
        #expect(images.allSatisfy { $0["image_url"] as? String == "data:image/png;base64,iVBORw0KGgo=" })
        let out = try #require(input.firstIndex { $0["type"] as? String == "function_call_output" })
        #expect(input[out + 1]["role"] as? String == "user")  // the tool's image follows its output
    }
}
