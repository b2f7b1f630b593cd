import Foundation
import SXCore
import NIOCore
import SXAuth
import SXTestSupport
import Testing
@testable import SXEngine

/// A temporary `SX_HOME` with Codex logins `a`, `b`, `c` (access token `tok-<name>`, account `acct-<name>`).
final class UsageHome: Sendable {
    let root: URL
    let paths: SXPaths
    let store: ProfileStore

    init(clock: any SXClock, names: [String] = ["a", "b", "c"], expired: Set<String> = [], extraUsage: String = "{}")
        throws
    {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sx-usage-\(UUID().uuidString)")
        paths = SXPaths(home: root)
        try paths.ensureHome()
        let now = clock.now()
        let profiles = names.map { n -> String in
            let exp = (expired.contains(n) ? now.addingTimeInterval(-60) : now.addingTimeInterval(86_400)).epochMillis
            return
                #""openai-codex:\#(n)":{"type":"oauth","provider":"openai-codex","access":"tok-\#(n)","refresh":"rt-\#(n)","expires":\#(exp),"accountId":"acct-\#(n)","keep":[1,2.50]}"#
        }
        let json =
            #"{"version":1,"profiles":{\#(profiles.joined(separator: ","))},"usageStats":\#(extraUsage),"futureField":{"x":true}}"#
        try Data(json.utf8).write(to: paths.authProfiles)
        store = ProfileStore(paths: paths, clock: clock)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var text: String { (try? String(contentsOf: paths.authProfiles, encoding: .utf8)) ?? "" }
}

@Suite struct UsagePollerTests {
    func poller(_ mock: CodexMock, _ home: UsageHome, clock: ManualClock) throws -> (UsagePoller, HTTPClientPool) {
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5), readTimeout: .seconds(10)))
        let client = CodexUsageClient(
            url: CodexUsageClient.usageURL(codexBase: URL(string: mock.baseURL)!),
            transport: Transport(pool: pool), userAgent: "sx/test")
        return (UsagePoller(store: home.store, client: client, clock: clock), pool)
    }

    /// a → the real reply shape, b → 401, c → a body that is not JSON.
    func perBearer(_ mock: CodexMock) {
        mock.setUsageReply { req in
            switch req.header("authorization") {
            case "Bearer tok-a": CodexMock.usageReply(primaryUsed: 42, secondaryUsed: 12)
            case "Bearer tok-b": .json(401, ["error": ["message": "token revoked", "code": "invalid_token"]])
            default: .full(status: 200, headers: [("content-type", "text/html")], body: Data("<html>oops</html>".utf8))
            }
        }
    }

    @Test func usageURLSitsNextToTheCodexBase() {
        #expect(
            CodexUsageClient.usageURL(codexBase: URL(string: "https://chatgpt.com/backend-api/codex")!).absoluteString
                == "https://chatgpt.com/backend-api/wham/usage")
        #expect(
            CodexUsageClient.usageURL(codexBase: URL(string: "http://127.0.0.1:9/backend-api/codex/")!).absoluteString
                == "http://127.0.0.1:9/backend-api/wham/usage")
        #expect(
            CodexUsageClient.usageURL(codexBase: URL(string: "http://127.0.0.1:9/root")!).absoluteString
                == "http://127.0.0.1:9/root/wham/usage")
    }

    @Test func parseReadsWindowsCreditsAndPlan() throws {
        let now = Date(timeIntervalSince1970: 1_893_000_000)
        let body =
            #"{"plan_type":"plus","rate_limit":{"allowed":true,"limit_reached":false,"primary_window":{"used_percent":42,"limit_window_seconds":18000,"reset_after_seconds":3600,"reset_at":1893456000},"secondary_window":{"used_percent":12.5,"limit_window_seconds":604800,"reset_after_seconds":86400}},"credits":{"has_credits":true,"unlimited":false,"balance":5.39}}"#
        let (snap, plan) = try CodexUsageClient.parse(Data(body.utf8), now: now).get()
        #expect(plan == "plus")
        #expect(
            snap.primary
                == RateLimitWindow(
                    usedPercent: 42, windowMinutes: 300, resetsAt: Date(timeIntervalSince1970: 1_893_456_000)))
        // No reset_at: now + reset_after_seconds.
        #expect(
            snap.secondary
                == RateLimitWindow(usedPercent: 12.5, windowMinutes: 10080, resetsAt: now.addingTimeInterval(86_400)))
        #expect(snap.hasCredits == true && snap.unlimitedCredits == false && snap.creditBalance == "5.39")

        // A weekly-only plan: its one window is the weekly one, whatever key it came under.
        let weekly =
            #"{"rate_limit":{"primary_window":{"used_percent":80,"limit_window_seconds":604800},"secondary_window":null}}"#
        let w = try CodexUsageClient.parse(Data(weekly.utf8), now: now).get().0
        #expect(w.primary == nil && w.secondary?.usedPercent == 80)

        // Nothing usable is an error (shown as "unknown"), never a 0 % or 100 % guess.
        for bad in ["<html>", "[]", "{}", #"{"rate_limit":{"primary_window":{"limit_window_seconds":18000}}}"#] {
            #expect(throws: UsageReadError.self) { try CodexUsageClient.parse(Data(bad.utf8), now: now).get() }
        }
    }

    @Test func eachProfileIsReadWithItsOwnBearerAndFailuresAreUnknown() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_893_000_000))
        let home = try UsageHome(clock: clock)
        let before = try home.store.load()
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        perBearer(mock)
        let (poller, pool) = try poller(mock, home, clock: clock)
        defer { try? pool.syncShutdownForExit() }

        await poller.poll(visible: true)
        let readings = await poller.current()
        guard case .known(let a)? = readings["openai-codex:a"] else {
            Issue.record("a: \(String(describing: readings["openai-codex:a"]))"); return
        }
        #expect(a.snapshot.primary?.usedPercent == 42 && a.snapshot.secondary?.usedPercent == 12)
        #expect(a.source == .usageEndpoint && a.observedAt == clock.now() && a.plan == "plus")
        #expect(readings["openai-codex:b"] == .unknown(reason: "HTTP 401", at: clock.now()))
        guard case .unknown(let why, _)? = readings["openai-codex:c"] else { Issue.record("c must be unknown"); return }
        #expect(why.contains("not a JSON object"))

        // Each request carried that profile's own bearer and account id, and went nowhere else.
        let seen = Set(
            mock.usageRequests.map { "\($0.header("authorization") ?? "")|\($0.header("chatgpt-account-id") ?? "")" })
        #expect(seen == ["Bearer tok-a|acct-a", "Bearer tok-b|acct-b", "Bearer tok-c|acct-c"])
        #expect(mock.server.requests.count == 3)
        #expect(mock.usageRequests.allSatisfy { $0.method == "GET" && $0.path == "/backend-api/wham/usage" })

        // Read-only: the logins, cooldowns, counters and lastGood are as they were; only a's reading was stored.
        let after = try home.store.load()
        for id in ["openai-codex:a", "openai-codex:b", "openai-codex:c"] {
            #expect(after.profile(id) == before.profile(id))
            let s = after.usageStats(id)
            #expect(s.cooldownUntil == nil && s.disabledUntil == nil && s.errorCount == 0 && s.lastUsed == nil)
        }
        #expect(after.lastGood(for: .openaiCodex) == nil)
        #expect(after.usageStats("openai-codex:a").observedUsage == a)
        #expect(after.usageStats("openai-codex:b").observedUsage == nil)
        #expect(home.text.contains(#""futureField""#) && home.text.contains("2.50"))
    }

    @Test func atMostOnceAMinutePerProfileAndOnlyWhileVisible() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_893_000_000))
        let home = try UsageHome(clock: clock)
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        perBearer(mock)
        let (poller, pool) = try poller(mock, home, clock: clock)
        defer { try? pool.syncShutdownForExit() }

        // The pane is hidden: nothing is read, however often the TUI asks.
        for _ in 0..<3 { await poller.poll(visible: false) }
        await poller.kick(visible: false)
        await poller.settle()
        #expect(mock.usageRequests.isEmpty)

        await poller.poll(visible: true)
        #expect(mock.usageRequests.count == 3)
        // Every second for 59 seconds (the TUI's poll): no new request, failed ones included.
        for _ in 0..<59 {
            clock.advance(by: 1)
            await poller.kick(visible: true)
            await poller.settle()
        }
        #expect(mock.usageRequests.count == 3)
        clock.advance(by: 1)
        await poller.kick(visible: true)
        await poller.settle()
        #expect(mock.usageRequests.count == 6)
        #expect(
            Set(mock.usageRequests.suffix(3).compactMap { $0.header("authorization") }) == [
                "Bearer tok-a", "Bearer tok-b", "Bearer tok-c"
            ])
    }

    @Test func anExpiredTokenIsUnknownAndNeverRefreshed() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_893_000_000))
        let home = try UsageHome(clock: clock, names: ["a", "old"], expired: ["old"])
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let (poller, pool) = try poller(mock, home, clock: clock)
        defer { try? pool.syncShutdownForExit() }
        await poller.poll(visible: true)
        guard case .unknown(let why, _)? = await poller.current()["openai-codex:old"] else {
            Issue.record("old must be unknown"); return
        }
        #expect(why.contains("expired"))
        // Only a was asked; nothing went to a token endpoint and the stored login is untouched.
        #expect(mock.server.requests.map { $0.header("authorization") } == ["Bearer tok-a"])
        #expect(try home.store.load().profile("openai-codex:old")?.access == "tok-old")
    }

    @Test func aFailedReadNewerThanTheStoredOneIsUnknown() {
        let t0 = Date(timeIntervalSince1970: 1_893_000_000)
        let stored = ObservedUsage(
            snapshot: RateLimitSnapshot(primary: RateLimitWindow(usedPercent: 99)), observedAt: t0, source: .headers)
        let newer = ObservedUsage(
            snapshot: RateLimitSnapshot(primary: RateLimitWindow(usedPercent: 10)), observedAt: t0 + 30,
            source: .usageEndpoint)
        #expect(UsagePoller.merge(stored: stored, live: nil) == (stored, nil))
        #expect(UsagePoller.merge(stored: stored, live: .known(newer)) == (newer, nil))
        #expect(UsagePoller.merge(stored: stored, live: .unknown(reason: "HTTP 500", at: t0 + 60)) == (nil, t0 + 60))
        // Headers seen after the failed read win again.
        let later = ObservedUsage(snapshot: stored.snapshot, observedAt: t0 + 90, source: .headers)
        #expect(UsagePoller.merge(stored: later, live: .unknown(reason: "HTTP 500", at: t0 + 60)) == (later, nil))
        #expect(UsagePoller.merge(stored: nil, live: .unknown(reason: "x", at: t0)) == (nil, t0))
    }
}
