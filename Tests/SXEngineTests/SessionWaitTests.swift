import Foundation
import Testing
import SXAuth
import SXTestSupport
import NIOConcurrencyHelpers
@testable import SXEngine

/// Short rate limits through a real session and the loopback Codex backend: a backoff on the same profile, a wait
/// for the soonest cooling profile, and an interrupt that ends either at once.
@Suite struct SessionWaitTests {
    struct Run {
        var events: [EngineEvent]
        var requests: [RecordedRequest]
        var notices: [String] { events.compactMap { if case .notice(let n) = $0 { n } else { nil } } }
        var waits: [Date] { events.compactMap { if case .waiting(let until, _) = $0 { until } else { nil } } }
        var waitEnds: Int { events.filter { $0 == .waitEnded }.count }
        var text: String { events.compactMap { if case .textDelta(let d) = $0 { d } else { nil } }.joined() }
        var outcome: TurnSummary.Outcome? { if case .turnDone(let s) = events.last { s.outcome } else { nil } }
        var error: String? { events.compactMap { if case .error(let m) = $0 { m } else { nil } }.first }
    }

    /// One turn against `replies` (in order, the last repeated); `onEvent` may act on the session mid-turn.
    func run(
        _ replies: [MockReply], profiles: [String] = ["openai-codex:a"], waitMax: TimeInterval = 60,
        onEvent: @escaping @Sendable (EngineEvent, Session) async -> Void = { _, _ in }
    ) async throws -> Run {
        let mock = try CodexMock(replies: replies)
        let (codex, pool) = try makeCodex(mock)
        let creds = StaticCredentials(
            profiles.map {
                ResolvedCredential(
                    profileId: $0, provider: .openaiCodex, kind: .oauth, secret: "token-for-\($0)", accountId: "acct")
            })
        var options = SessionOptions(provider: .openaiCodex, model: "gpt-5.5", systemPrompt: "sys", retryBaseMs: 5)
        options.retryWaitMax = waitMax
        options.rateLimitBaseMs = 20
        let session = Session(options: options, providers: ProviderRegistry([codex]), credentials: creds)
        await session.send("hi", attachments: [])
        var events: [EngineEvent] = []
        for await e in session.events {
            events.append(e)
            await onEvent(e, session)
            if case .turnDone = e { break }
        }
        await session.close()
        await pool.shutdown()
        mock.stop()
        return Run(events: events, requests: mock.requests)
    }

    @Test func aTryAgainHintIsWaitedForOnTheSameProfile() async throws {
        let r = try await run([
            CodexSSE.rateLimitExceeded("Rate limit reached. Please try again in 0.3s."),
            .sse(CodexSSE.reply("after the wait"))
        ])
        #expect(r.outcome == .completed)
        #expect(r.text == "after the wait")
        #expect(r.requests.count == 2)
        #expect(r.requests.allSatisfy { $0.header("authorization") == "Bearer token-for-openai-codex:a" })
        #expect(r.waits.count == 1 && r.waitEnds == 1)
        #expect(r.notices.count == 1)
        #expect(
            r.notices.first?.hasPrefix(
                "openai-codex:a: codex: rate limited: Rate limit reached. Please try again in 0.3s. — retrying in 0.")
                == true)
        #expect(r.notices.first?.hasSuffix("s (1/4)") == true)
    }

    @Test func aPlainLimitWithoutAnEndIsRetriedFourTimesThenWaitedForThenFails() async throws {
        let r = try await run([CodexSSE.rateLimitExceeded("Rate limit reached. Please try again in 0.2s.")])
        #expect(r.outcome == .failed)
        // 1 + 4 backoffs; then a cooldown, and three waits for it, each followed by one more request.
        #expect(r.requests.count == 8)
        #expect((1...4).allSatisfy { n in r.notices.filter { $0.hasSuffix("(\(n)/4)") }.count == 1 }, "\(r.notices)")
        #expect(r.notices.filter { $0.hasPrefix("nothing can answer until a limit resets") }.count == 3)
        #expect(r.waits.count == 7 && r.waitEnds == 7)
        #expect(r.error?.contains("rate limited") == true)
    }

    @Test func aUsageLimitIsNeverRetriedOnItsProfileButItsNearResetIsWaitedFor() async throws {
        // The reset is two seconds after the request, however late a loaded machine sends it.
        let resets = NIOLockedValueBox<[Int]>([])
        let limit = MockReply.deferred(status: 429, headers: [("content-type", "application/json")]) {
            let reset = Int(Date().timeIntervalSince1970) + 2
            resets.withLockedValue { $0.append(reset) }
            let body = [
                "error": [
                    "type": "usage_limit_reached", "message": "The usage limit has been reached",
                    "plan_type": "plus", "resets_at": reset
                ] as [String: Any]
            ]
            return (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        }
        let r = try await run([limit, .sse(CodexSSE.reply("after the reset"))])
        #expect(r.outcome == .completed)
        #expect(r.text == "after the reset")
        #expect(r.requests.count == 2)
        let reset = try #require(resets.withLockedValue { $0 }.first)
        #expect(r.waits.count == 1 && r.waits[0] >= Date(timeIntervalSince1970: TimeInterval(reset)))
        #expect(r.notices.count == 1)
        #expect(
            r.notices.first?.hasPrefix(
                "nothing can answer until a limit resets (openai-codex:a: codex: rate limited (HTTP 429): usage limit reached"
            ) == true)
    }

    @Test func anotherProfileIsPreferredToAWaitWhenTheResetIsNotNear() async throws {
        let mock: [MockReply] = [CodexSSE.retryAfterReply("30"), .sse(CodexSSE.reply("from b"))]
        let r = try await run(mock, profiles: ["openai-codex:a", "openai-codex:b"])
        #expect(r.outcome == .completed && r.text == "from b")
        #expect(r.waits.isEmpty)
        #expect(
            r.requests.map { $0.header("authorization") } == [
                "Bearer token-for-openai-codex:a", "Bearer token-for-openai-codex:b"
            ])
    }

    @Test func withWaitsOffTheShortLimitFailsAtOnce() async throws {
        let r = try await run([CodexSSE.rateLimitExceeded(), .sse(CodexSSE.reply("never"))], waitMax: 0)
        #expect(r.outcome == .failed)
        #expect(r.requests.count == 1)
        #expect(r.waits.isEmpty)
        #expect(r.error?.contains("soonest available") == true)
    }

    @Test(arguments: ["9", "30"])
    func interruptingAWaitEndsTheTurnAtOnce(_ retryAfter: String) async throws {
        // "9" (the longest backoff) is a backoff on the profile, "30" a wait for the cooling profile: both are cancelled
        // by an interrupt, well before they would end even on a loaded machine.
        let r = try await run([CodexSSE.retryAfterReply(retryAfter), .sse(CodexSSE.reply("never"))]) { e, session in
            if case .waiting = e { await session.interrupt() }
        }
        let until = try #require(r.waits.first)
        #expect(r.outcome == .interrupted)
        #expect(Date() < until, "the turn ended before the wait would have")
        #expect(r.requests.count == 1)
        #expect(r.waitEnds == 1)
        let tail = r.events.suffix(3)
        #expect(Array(tail) == [.waitEnded, .notice("interrupted"), tail.last!])
    }
}
