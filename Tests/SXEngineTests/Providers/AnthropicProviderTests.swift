import Foundation
import SXCore
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers {
    @Suite struct Anthropic {
        func make(_ mock: ProviderMock, id: ProviderID = .anthropic) throws -> (AnthropicProvider, HTTPClientPool) {
            let pool = try testPool()
            return (
                AnthropicProvider(
                    id: id, baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool),
                    userAgent: "sx/test"), pool
            )
        }

        @Test func streamsTheDocumentedSequenceAndSendsEveryRequiredField() async throws {
            let mock = try ProviderMock(replies: [
                .sse(AnthropicSSE.documentedExample, headers: AnthropicSSE.rateLimitHeaders())
            ])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let (events, error) = await collect(
                p.stream(
                    providerRequest(model: "claude-sonnet-4-5", tools: [readFileTool]),
                    credential: apiKey(.anthropic, "sk-ant-api03-test-key-0001")))
            await pool.shutdown()
            #expect(error == nil)
            #expect(events.thinking == "Need to read the file.")
            #expect(events.text == "Let me look.")
            let call = ToolCall(id: "toolu_1", name: "read_file", arguments: #"{"path": "README.md"}"#)
            #expect(events.calls == [call])
            #expect(
                events.items == [
                    .thinking(Thinking(text: "Need to read the file.", signature: "EqQB…", provider: "anthropic")),
                    .text("Let me look."), .toolCall(call)
                ])
            // message_start said 812 uncached + 640 written to the cache; message_delta the final 87 output tokens.
            #expect(
                events.usages == [
                    Usage(inputTokens: 1452, cachedInputTokens: 0, cacheWriteTokens: 640, outputTokens: 87)
                ])
            let snap = try #require(events.snapshots.first)
            #expect(snap.primary?.usedPercent == 2)
            #expect(snap.primary?.resetsAt == iso("2026-11-22T01:00:00Z"))
            #expect(snap.other["output-tokens"] == "100000/100000 reset 2026-11-22T01:00:30Z")
            #expect(events.last == .completed(responseId: "msg_1"))

            let req = try #require(mock.requests.first)
            #expect(req.path == "/v1/messages")
            #expect(req.header("x-api-key") == "sk-ant-api03-test-key-0001")
            #expect(req.header("authorization") == nil)
            #expect(req.header("anthropic-version") == "2023-06-01")
            #expect(req.header("anthropic-beta") == nil)
            #expect(req.header("content-type") == "application/json")
            #expect(req.body("model") as? String == "claude-sonnet-4-5")
            #expect(req.body("stream") as? Bool == true)
            #expect(req.body("max_tokens") as? Int == 64_000)
            #expect(req.body("thinking", "type") as? String == "enabled")
            #expect(req.body("thinking", "budget_tokens") as? Int == 10240)
            #expect(req.body("system", 0, "text") as? String == "You are a coding agent.")
            #expect(req.body("system", 0, "cache_control", "type") as? String == "ephemeral")
            #expect(req.body("tools", 0, "input_schema", "required") as? [String] == ["path"])
            #expect(req.body("tools", 0, "cache_control", "type") as? String == "ephemeral")
            #expect(req.body("messages", 0, "role") as? String == "user")
            #expect(req.body("messages", 0, "content", 0, "text") as? String == "What is in README.md?")
            #expect(req.body("messages", 0, "content", 0, "cache_control", "type") as? String == "ephemeral")
        }

        @Test func twoStepToolLoopEchoesThinkingWithSignatureAndSendsOneToolResultMessage() async throws {
            let mock = try ProviderMock(replies: [
                .sse(AnthropicSSE.documentedExample),
                .sse(AnthropicSSE.reply("It is a readme.", cacheRead: 1400))
            ])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let events = await runSessionTurn(
                provider: p, model: "claude-sonnet-4-5",
                credential: apiKey(.anthropic, "sk-ant-api03-test-key-0001"),
                attachments: [testImage])
            await pool.shutdown()
            #expect(events.outcome == .completed)
            #expect(events.text == "Let me look.It is a readme.")
            #expect(mock.requests.count == 2)
            // First request: the image as a base64 block in the user turn.
            let first = try #require(mock.requests.first)
            #expect(first.body("messages", 0, "content", 1, "type") as? String == "image")
            #expect(first.body("messages", 0, "content", 1, "source", "type") as? String == "base64")
            #expect(first.body("messages", 0, "content", 1, "source", "media_type") as? String == "image/png")
            #expect(first.body("messages", 0, "content", 1, "source", "data") as? String == pngBase64)
            // Second request: the assistant turn as it streamed, then ONE user message with the tool_result.
            let second = try #require(mock.requests.last)
            let messages = try #require(second.body("messages") as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user"])
            let assistant = try #require(messages[1]["content"] as? [[String: Any]])
            #expect(assistant.map { $0["type"] as? String } == ["thinking", "text", "tool_use"])
            #expect(assistant[0]["thinking"] as? String == "Need to read the file.")
            #expect(assistant[0]["signature"] as? String == "EqQB…")
            #expect(assistant[2]["id"] as? String == "toolu_1")
            #expect(assistant[2]["input"] as? [String: String] == ["path": "README.md"])
            let results = try #require(messages[2]["content"] as? [[String: Any]])
            #expect(results.count == 1)
            #expect(results[0]["type"] as? String == "tool_result")
            #expect(results[0]["tool_use_id"] as? String == "toolu_1")
            #expect(results[0]["is_error"] as? Bool == true)
            #expect((results[0]["content"] as? String)?.contains("TOOLS=0") == true)
            // The cache breakpoint moved to the last user turn.
            #expect((results[0]["cache_control"] as? [String: String]) == ["type": "ephemeral"])
            #expect(second.body("messages", 0, "content", 1, "cache_control") == nil)
            // The second reply read 1400 tokens from the cache.
            let usage = events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
            #expect(usage.last?.cachedInputTokens == 1400)
            #expect(usage.last?.inputTokens == 2300)
        }

        @Test func claudeCodeUsesBearerBetasAndTheRequiredFirstSystemBlock() async throws {
            let mock = try ProviderMock(replies: [.sse(AnthropicSSE.reply("hi", thinking: ["hm"]))])
            defer { mock.stop() }
            let (p, pool) = try make(mock, id: .claudeCode)
            let cred = apiKey(.claudeCode, "sk-ant-oat01-test-access-token", kind: .oauth)
            let (events, error) = await collect(p.stream(providerRequest(model: "claude-opus-4-5"), credential: cred))
            await pool.shutdown()
            #expect(error == nil)
            #expect(events.text == "hi")
            #expect(events.thinking == "hm")
            let req = try #require(mock.requests.first)
            #expect(req.header("authorization") == "Bearer sk-ant-oat01-test-access-token")
            #expect(req.header("x-api-key") == nil)
            let betas = try #require(req.header("anthropic-beta")).split(separator: ",").map(String.init)
            #expect(betas.contains("oauth-2025-04-20"))
            #expect(betas.contains("claude-code-20250219"))
            let system = try #require(req.body("system") as? [[String: Any]])
            #expect(system.count == 2)
            #expect(system[0]["text"] as? String == "You are Claude Code, Anthropic's official CLI for Claude.")
            #expect(system[0]["cache_control"] == nil)
            #expect(system[1]["text"] as? String == "You are a coding agent.")
            #expect((system[1]["cache_control"] as? [String: String]) == ["type": "ephemeral"])
        }

        @Test func claudeSubscriptionLimitsComeFromTheUnifiedHeaders() async throws {
            let mock = try ProviderMock(replies: [
                .sse(AnthropicSSE.reply("ok"), headers: AnthropicSSE.unifiedHeaders()),
                AnthropicSSE.subscriptionLimitReply(resetsAt: 1_900_003_600)
            ])
            defer { mock.stop() }
            let (p, pool) = try make(mock, id: .claudeCode)
            let cred = apiKey(.claudeCode, "sk-ant-oat01-test-access-token", kind: .oauth)
            let (events, _) = await collect(p.stream(providerRequest(model: "claude-sonnet-4-5"), credential: cred))
            let (_, error) = await collect(p.stream(providerRequest(model: "claude-sonnet-4-5"), credential: cred))
            await pool.shutdown()
            let snap = try #require(events.snapshots.first)
            #expect(
                snap.primary
                    == RateLimitWindow(
                        usedPercent: 42, windowMinutes: 300, resetsAt: Date(timeIntervalSince1970: 1_900_000_000)))
            #expect(
                snap.secondary
                    == RateLimitWindow(
                        usedPercent: 13, windowMinutes: 10080, resetsAt: Date(timeIntervalSince1970: 1_900_400_000)))
            #expect(snap.other["limited-by"] == "five_hour")
            let f = try #require(error as? ProviderFailure)
            #expect(f.provider == .claudeCode)
            #expect(f.reason == .rateLimit)
            // The subscription's reset, not the 300 s of retry-after.
            #expect(f.resetsAt == Date(timeIntervalSince1970: 1_900_003_600))
        }

        @Test func anAnthropicTokenProfileIsSentTheClaudeCodeWay() async throws {
            let mock = try ProviderMock(replies: [.sse(AnthropicSSE.reply("ok"))])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            _ = await collect(
                p.stream(
                    providerRequest(model: "claude-sonnet-4-5", effort: nil),
                    credential: apiKey(.anthropic, "sk-ant-oat01-static-token", kind: .token)))
            await pool.shutdown()
            let req = try #require(mock.requests.first)
            #expect(req.header("authorization") == "Bearer sk-ant-oat01-static-token")
            #expect(req.body("system", 0, "text") as? String == AnthropicRequestBuilder.claudeCodeIdentity)
            #expect(req.body("thinking") == nil)
        }

        @Test func rateLimit429ResetsWhenTheExhaustedWindowDoes() async throws {
            let mock = try ProviderMock(replies: [
                AnthropicSSE.rateLimitReply(requestsReset: "2026-11-22T03:15:00Z", retryAfter: 30),
                AnthropicSSE.overloadedReply()
            ])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let cred = apiKey(.anthropic, "sk-ant-api03-test-key-0001")
            let (_, e1) = await collect(p.stream(providerRequest(model: "claude-sonnet-4-5"), credential: cred))
            let (_, e2) = await collect(p.stream(providerRequest(model: "claude-sonnet-4-5"), credential: cred))
            await pool.shutdown()
            let f1 = try #require(e1 as? ProviderFailure)
            #expect(f1.reason == .rateLimit)
            #expect(f1.resetsAt == iso("2026-11-22T03:15:00Z"))
            #expect(f1.requestId == "req_mock_anthropic")
            #expect(f1.message.contains("rate limit of 50 requests"))
            let f2 = try #require(e2 as? ProviderFailure)
            #expect(f2.reason == .overloaded)
            #expect(f2.retryable)
        }

        @Test func midStreamErrorIsClassifiedAndRedactedThinkingIsKept() async throws {
            var s = AnthropicSSE()
            s.redactedThinking("EmwKAhgBEgy-redacted")
            s.ping()
            s.text(["Partial"])
            s.error(type: "overloaded_error", message: "Overloaded")
            var ok = AnthropicSSE()
            ok.redactedThinking("EmwKAhgBEgy-redacted")
            ok.toolUse(id: "toolu_9", name: "shell", fragments: ["", #"{"command":"ls"}"#])
            ok.messageDelta(stopReason: "tool_use")
            ok.messageStop()
            let mock = try ProviderMock(replies: [.sse(s.text), .sse(ok.text)])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let cred = apiKey(.anthropic, "sk-ant-api03-test-key-0001")
            let (events, error) = await collect(p.stream(providerRequest(model: "claude-sonnet-4-5"), credential: cred))
            #expect(events.text == "Partial")
            let f = try #require(error as? ProviderFailure)
            #expect(f.reason == .overloaded)
            #expect(f.afterOutput)
            #expect(f.message == "Overloaded")

            let (events2, _) = await collect(p.stream(providerRequest(model: "claude-sonnet-4-5"), credential: cred))
            var next = providerRequest(model: "claude-sonnet-4-5")
            next.messages.append(Message(role: .assistant, parts: events2.items))
            next.messages.append(
                Message(role: .user, parts: [.toolResult(ToolResult(callId: "toolu_9", name: "shell", output: "a\nb"))])
            )
            _ = await collect(p.stream(next, credential: cred))
            await pool.shutdown()
            #expect(events2.calls == [ToolCall(id: "toolu_9", name: "shell", arguments: #"{"command":"ls"}"#)])
            let assistant = try #require(mock.requests.last?.body("messages", 1, "content") as? [[String: Any]])
            #expect(assistant.map { $0["type"] as? String } == ["redacted_thinking", "tool_use"])
            #expect(assistant[0]["data"] as? String == "EmwKAhgBEgy-redacted")
            #expect(mock.requests.last?.body("messages", 2, "content", 0, "is_error") == nil)
        }

        @Test func thinkingOfAnotherProviderIsNotEchoedAndUnsignedThinkingBecomesText() throws {
            let history = [
                Message.user("hi"),
                Message(
                    role: .assistant,
                    parts: [
                        .thinking(Thinking(text: "codex thought", encryptedContent: "gAAA", provider: "openai-codex")),
                        .thinking(Thinking(text: "cut short", provider: "anthropic")),
                        .text("answer")
                    ]),
                Message.user("more")
            ]
            let msgs = try foundation(AnthropicRequestBuilder.messages(history))
            let assistant = try #require(msgs[1]["content"] as? [[String: Any]])
            #expect(assistant.map { $0["type"] as? String } == ["text", "text"])
            #expect(assistant[0]["text"] as? String == "cut short")
        }

        @Test func theAuthStyleFollowsTheSecretWhenItsShapeIsKnown() {
            #expect(
                !AnthropicRequestBuilder.usesOAuthStyle(
                    apiKey(.anthropic, "sk-ant-api03-key-stored-as-token", kind: .token)))
            #expect(
                AnthropicRequestBuilder.usesOAuthStyle(
                    apiKey(.anthropic, "sk-ant-oat01-token-stored-as-key", kind: .apiKey)))
            #expect(AnthropicRequestBuilder.usesOAuthStyle(apiKey(.claudeCode, "opaque-oauth-access", kind: .oauth)))
            #expect(!AnthropicRequestBuilder.usesOAuthStyle(apiKey(.anthropic, "opaque-key", kind: .apiKey)))
        }

        @Test func theThinkingBudgetStaysBelowTheModelsOutputLimit() throws {
            let b = AnthropicRequestBuilder(userAgent: "x")
            func body(_ model: String, _ effort: String?) throws -> [String: Any] {
                var r = providerRequest(model: model, effort: effort)
                r.systemPrompt = ""
                return try #require(
                    try JSONSerialization.jsonObject(with: b.body(r, oauthStyle: false)) as? [String: Any])
            }
            var small = providerRequest(model: "claude-opus-4-5", effort: "high")
            small.capabilities = ModelCatalog.capabilities(provider: .anthropic, model: "claude-opus-4-5")
            small.capabilities?.maxOutputTokens = 16_000
            let capped = try #require(
                try JSONSerialization.jsonObject(with: b.body(small, oauthStyle: false)) as? [String: Any])
            #expect(capped["max_tokens"] as? Int == 16_000)
            #expect((capped["thinking"] as? [String: Any])?["budget_tokens"] as? Int == 13_952)
            // `max` is not a level of a budget model: clamped to `high`.
            #expect(
                (try body("claude-opus-4-5", "max")["thinking"] as? [String: Any])?["budget_tokens"] as? Int == 24_576)
            let old = try body("claude-3-5-haiku-latest", "high")
            #expect(old["thinking"] == nil)
            #expect(old["max_tokens"] as? Int == 8192)
            #expect(old["system"] == nil)
            #expect(
                (try body("claude-haiku-4-5", "low")["thinking"] as? [String: Any])?["budget_tokens"] as? Int == 4096)
        }

        @Test func routerStyleZeroStartUsageTakesTheCountsFromMessageDelta() throws {
            var s = AnthropicSSE(input: 0, output: 0, cacheRead: 0, cacheCreation: 0)
            s.text(["x"])
            s.messageDelta(output: 33, extraUsage: #","input_tokens":500,"cache_read_input_tokens":200"#)
            s.messageStop()
            var d = AnthropicStreamDecoder()
            var parser = SSEParser()
            var out: [ProviderEvent] = []
            var thrown: Error?
            parser.feed(Array(s.text.utf8)) { ev in
                do { try d.handle(ev, now: Date()) { out.append($0) } } catch { thrown = error }
            }
            #expect(thrown == nil)
            #expect(d.completed)
            #expect(out.usages == [Usage(inputTokens: 700, cachedInputTokens: 200, outputTokens: 33)])
        }
    }
}

/// A Claude login whose access token the auth layer refreshes when asked (`forceRefresh`).
final class RefreshingClaudeLogin: CredentialProviding, @unchecked Sendable {
    private let lock = NSLock()
    private var refreshes = 0
    var refreshCount: Int { lock.withLock { refreshes } }

    func profileIds(for provider: ProviderID) async throws -> [String] {
        provider == .claudeCode ? ["claude-code:me"] : []
    }

    func credential(profileId: String, forceRefresh: Bool) async throws -> ResolvedCredential {
        let n = lock.withLock { () -> Int in
            if forceRefresh { refreshes += 1 }
            return refreshes
        }
        return ResolvedCredential(
            profileId: profileId, provider: .claudeCode, kind: .oauth, secret: "sk-ant-oat01-access-\(n)")
    }
}

extension Providers.Anthropic {
    @Test func aRejectedClaudeTokenIsRefreshedOnceAndTheRequestRepeated() async throws {
        let expired = MockReply.json(
            401, ["type": "error", "error": ["type": "authentication_error", "message": "OAuth token has expired."]])
        let mock = try ProviderMock(replies: [expired, .sse(AnthropicSSE.reply("fresh"))])
        defer { mock.stop() }
        let (p, pool) = try make(mock, id: .claudeCode)
        let login = RefreshingClaudeLogin()
        let options = SessionOptions(
            provider: .claudeCode, model: "claude-sonnet-4-5", maxSteps: 2, systemPrompt: "sys", retryBaseMs: 5)
        let session = Session(options: options, providers: ProviderRegistry([p]), credentials: login)
        await session.send("hi", attachments: [])
        var events: [EngineEvent] = []
        for await e in session.events {
            events.append(e)
            if case .turnDone = e { break }
        }
        await session.close()
        await pool.shutdown()
        #expect(events.outcome == .completed)
        #expect(events.text == "fresh")
        #expect(login.refreshCount == 1)
        #expect(
            mock.requests.map { $0.header("authorization") } == [
                "Bearer sk-ant-oat01-access-0", "Bearer sk-ant-oat01-access-1"
            ])
    }
}
