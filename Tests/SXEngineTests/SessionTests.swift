import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// The turn loop against the loopback Codex backend: retries, rotation, drops, interrupts, step limit.
@Suite struct SessionTests {
    struct Harness {
        let server: MockHTTPServer
        let pool: HTTPClientPool
        let session: Session

        func run(_ prompt: String = "Say hello") async -> [EngineEvent] {
            await session.send(prompt, attachments: [])
            var out: [EngineEvent] = []
            for await e in session.events {
                out.append(e)
                if case .turnDone = e { break }
            }
            return out
        }

        func stop() async {
            await session.close()
            await pool.shutdown()
            server.stop()
        }
    }

    func harness(
        profiles: [String] = ["openai-codex:a"], maxSteps: Int = 50,
        handler: @escaping MockHTTPServer.Handler
    ) throws -> Harness {
        let server = try MockHTTPServer(handler: handler)
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5), readTimeout: .seconds(20)))
        let codex = CodexProvider(
            baseURL: URL(string: server.baseURL + "/backend-api/codex")!, transport: Transport(pool: pool),
            originator: "sx_test", userAgent: "sx/test")
        let creds = StaticCredentials(
            profiles.map {
                ResolvedCredential(
                    profileId: $0, provider: .openaiCodex, kind: .oauth, secret: "token-for-\($0)", accountId: "acct")
            })
        let options = SessionOptions(
            provider: .openaiCodex, model: "gpt-5.5", maxSteps: maxSteps, systemPrompt: "sys",
            retryBaseMs: 5)
        let session = Session(options: options, providers: ProviderRegistry([codex]), credentials: creds)
        return Harness(server: server, pool: pool, session: session)
    }

    func text(_ events: [EngineEvent]) -> String {
        events.compactMap { if case .textDelta(let d) = $0 { d } else { nil } }.joined()
    }

    func outcome(_ events: [EngineEvent]) -> TurnSummary.Outcome? {
        if case .turnDone(let s) = events.last { return s.outcome }
        return nil
    }

    @Test func aTurnOnACommandsModelGoesBackToTheSessionsModel() async throws {
        let h = try harness { _ in .sse(CodexSSE.reply("ok")) }
        await h.session.send("on another model", model: "gpt-5.5-mini")
        var events: [EngineEvent] = []
        for await e in h.session.events {
            events.append(e)
            if case .turnDone = e { break }
        }
        _ = await h.run("on the session's model")
        let status = await h.session.status()
        await h.stop()
        let models = h.server.requests.compactMap { $0.json?["model"] as? String }
        #expect(models == ["gpt-5.5-mini", "gpt-5.5"])
        #expect(status.model == "gpt-5.5")
        let switches = events.compactMap {
            if case .modelSwitched(_, let to, let why) = $0 { "\(to): \(why)" } else { nil }
        }
        #expect(switches.first == "codex/gpt-5.5-mini: for this prompt")
        #expect(switches.last == "codex/gpt-5.5: back after the command's turn")
    }

    @Test func aSendWhileATurnRunsIsRefusedAndAPromptSentOnTurnDoneIsTaken() async throws {
        let release = DispatchSemaphore(value: 0)
        let h = try harness { req in
            let first = (req.json?["input"] as? [Any])?.count ?? 0 <= 2
            return first
                ? .deferred(status: 200, headers: [("content-type", "text/event-stream")]) {
                    release.wait()
                    return Data(CodexSSE.reply("first").utf8)
                } : .sse(CodexSSE.reply("second"))
        }
        #expect(await h.session.send("one", attachments: []))
        #expect(await h.session.send("two", attachments: []) == false, "a turn is running")
        release.signal()
        var accepted: Bool?
        for await e in h.session.events {
            // The front end sends the next prompt the moment it hears the turn ended: the session is idle by then.
            if case .turnDone = e {
                if accepted == nil { accepted = await h.session.send("three", attachments: []) } else { break }
            }
        }
        await h.stop()
        #expect(accepted == true)
    }

    @Test func retriesA5xxOnTheSameProfile() async throws {
        let count = Counter()
        let h = try harness { _ in
            count.next() == 0 ? .json(502, ["error": ["message": "bad gateway"]]) : .sse(CodexSSE.reply("recovered"))
        }
        let events = await h.run()
        await h.stop()
        #expect(text(events) == "recovered")
        #expect(outcome(events) == .completed)
        #expect(h.server.requests.count == 2)
        // The retry notice says what went wrong, not only the failover category.
        let notices = events.compactMap { if case .notice(let n) = $0 { n } else { nil } }
        #expect(
            notices.contains {
                $0.contains("502")
                    && $0.hasSuffix("retrying (1/\(SessionOptions(provider: .openaiCodex, model: "m").maxRetries))")
            }, "\(notices)")
    }

    @Test func retriesADropBeforeAnyOutput() async throws {
        let count = Counter()
        let h = try harness { _ in
            count.next() == 0 ? .sse(CodexSSE().text, ending: .drop) : .sse(CodexSSE.reply("second try"))
        }
        let events = await h.run()
        await h.stop()
        #expect(text(events) == "second try")
        #expect(h.server.requests.count == 2)
    }

    @Test func aMidStreamDropKeepsThePartialAnswerAndFails() async throws {
        var s = CodexSSE()
        s.message(["half ", "an answer"])
        let body = s.text
        let h = try harness { _ in .sse(body, ending: .drop) }
        let events = await h.run()
        let history = await h.session.messages
        await h.stop()
        #expect(text(events) == "half an answer")
        #expect(outcome(events) == .failed)
        #expect(events.contains { if case .error(let m) = $0 { m.contains("cut off") } else { false } })
        #expect(history.last?.role == .assistant)
        #expect(history.last?.text == "half an answer")
        #expect(h.server.requests.count == 1)
    }

    @Test func rotatesToTheNextProfileOnAUsageLimit() async throws {
        let h = try harness(profiles: ["openai-codex:a", "openai-codex:b", "openai-codex:c"]) { req in
            req.header("authorization") == "Bearer token-for-openai-codex:c"
                ? .sse(CodexSSE.reply("from c")) : CodexSSE.usageLimitReply(resetsAt: 1_900_000_000)
        }
        let events = await h.run()
        let status = await h.session.status()
        await h.stop()
        #expect(text(events) == "from c")
        #expect(outcome(events) == .completed)
        let switches = events.compactMap {
            if case .profileSwitched(let f, let t, _) = $0 { "\(f ?? "")>\(t)" } else { nil }
        }
        #expect(switches == ["openai-codex:a>openai-codex:b", "openai-codex:b>openai-codex:c"])
        #expect(status.profileId == "openai-codex:c")
        #expect(
            h.server.requests.map { $0.header("authorization")! } == [
                "Bearer token-for-openai-codex:a", "Bearer token-for-openai-codex:b", "Bearer token-for-openai-codex:c"
            ])
    }

    @Test func everythingBlockedListsEachAttemptAndTheSoonestReset() async throws {
        let h = try harness(profiles: ["openai-codex:a", "openai-codex:b"]) { req in
            req.header("authorization")!.hasSuffix(":a")
                ? CodexSSE.usageLimitReply(resetsAt: 1_900_000_000)
                : CodexSSE.usageLimitReply(resetsAt: 1_800_000_000)
        }
        let events = await h.run()
        await h.stop()
        #expect(outcome(events) == .failed)
        let message = try #require(events.compactMap { if case .error(let m) = $0 { m } else { nil } }.first)
        #expect(message.contains("openai-codex:a: codex: rate limited"))
        #expect(message.contains("openai-codex:b: codex: rate limited"))
        #expect(message.contains("soonest available: 2027-01-15 08:00 UTC"))
    }

    @Test func noLoginSaysHowToLogIn() async throws {
        let h = try harness(profiles: []) { _ in .sse(CodexSSE.reply("never")) }
        let events = await h.run()
        await h.stop()
        #expect(events.contains { if case .error(let m) = $0 { m.contains("sx auth login") } else { false } })
        #expect(h.server.requests.isEmpty)
    }

    @Test func interruptKeepsThePartialOutput() async throws {
        var s = CodexSSE()
        s.message(["first "])
        let slow = MockReply.stream(
            status: 200, headers: [("content-type", "text/event-stream")],
            chunks: [.init(s.text), .init("", delayMs: 5000)], ending: .end)
        let h = try harness { _ in slow }
        await h.session.send("go", attachments: [])
        var events: [EngineEvent] = []
        for await e in h.session.events {
            events.append(e)
            if case .textDelta = e { await h.session.interrupt() }
            if case .turnDone = e { break }
        }
        let history = await h.session.messages
        await h.stop()
        #expect(outcome(events) == .interrupted)
        #expect(history.last?.text == "first ")
    }

    @Test func stopsAtTheStepLimitAndToolErrorsGoBackToTheModel() async throws {
        var s = CodexSSE()
        s.functionCall(name: "shell", arguments: #"{"command":"ls"}"#)
        s.completed()
        let body = s.text
        let h = try harness(maxSteps: 2) { _ in .sse(body) }
        let events = await h.run()
        await h.stop()
        #expect(outcome(events) == .stepLimit)
        #expect(events.contains { if case .notice(let m) = $0 { m.contains("MAX_STEPS") } else { false } })
        #expect(h.server.requests.count == 2)
        let input = try #require(h.server.requests.last?.json?["input"] as? [[String: Any]])
        let output = try #require(input.first { $0["type"] as? String == "function_call_output" })
        #expect((output["output"] as? String)?.contains("TOOLS=0") == true)
    }
}

final class Counter: Sendable {
    private let value = NSLockedInt()
    func next() -> Int { value.increment() - 1 }
}

final class NSLockedInt: @unchecked Sendable {
    private let lock = NSLock()
    private var v = 0
    func increment() -> Int {
        lock.withLock {
            v += 1; return v
        }
    }
}

@Suite struct ProactiveRotationTests {
    @Test func aProfileAtTheThresholdHandsTheNextTurnToAnother() async throws {
        let server = try MockHTTPServer { req in
            let a = req.header("authorization") == "Bearer token-a"
            return .sse(
                CodexSSE.reply(a ? "from a" : "from b"), headers: CodexSSE.rateLimitHeaders(primaryUsed: a ? 97 : 10))
        }
        defer { server.stop() }
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let codex = CodexProvider(
            baseURL: URL(string: server.baseURL + "/backend-api/codex")!, transport: Transport(pool: pool),
            originator: "o", userAgent: "u")
        let creds = StaticCredentials(
            ["a", "b"].map {
                ResolvedCredential(
                    profileId: "openai-codex:\($0)", provider: .openaiCodex, kind: .oauth, secret: "token-\($0)")
            })
        var options = SessionOptions(provider: .openaiCodex, model: "gpt-5.5")
        options.rotateAtPercent = 95
        let session = Session(options: options, providers: ProviderRegistry([codex]), credentials: creds)
        var notices: [String] = []
        for prompt in ["one", "two", "three"] {
            await session.send(prompt, attachments: [])
            for await e in session.events {
                if case .notice(let m) = e { notices.append(m) }
                if case .turnDone = e { break }
            }
        }
        await session.close()
        await pool.shutdown()
        #expect(
            server.requests.map { $0.header("authorization")! } == [
                "Bearer token-a", "Bearer token-b", "Bearer token-b"
            ])
        #expect(notices.count == 1)
        #expect(notices.first?.contains("openai-codex:a is at 95% or more") == true)
    }
}
