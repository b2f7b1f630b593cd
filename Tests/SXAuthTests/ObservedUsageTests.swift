import Foundation
import SXCore
import Testing
@testable import SXAuth

@Suite struct ObservedUsageTests {
    let store = """
        {"version": 1,
         "profiles": {"openai-codex:w": {"type": "oauth", "provider": "openai-codex", "access": "eyJ-a", "refresh": "rt", "expires": 1900000000000, "x": [2.50]}},
         "usageStats": {"openai-codex:w": {"lastUsed": 1799999000000, "futureField": "x",
                                           "rateLimits": {"observedAt": 1700000000000, "source": "headers", "openclawLater": {"k": 1},
                                                          "primary": {"usedPercent": 10, "windowMinutes": 300, "resetsAt": 1700000100000, "futureWindowField": true}}}},
         "top": null}
        """

    func snapshot(_ p: Double, _ s: Double? = nil) -> RateLimitSnapshot {
        RateLimitSnapshot(
            primary: RateLimitWindow(
                usedPercent: p, windowMinutes: 300, resetsAt: Date(epochMillis: 1_900_000_000_000)),
            secondary: s.map { RateLimitWindow(usedPercent: $0, windowMinutes: 10080) })
    }

    @Test func newestWinsAndEveryOtherFieldIsKept() async throws {
        let h = try TempHome()
        try h.write(store, to: h.paths.authProfiles)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let ps = ProfileStore(paths: h.paths, clock: clock)
        let old = try #require(try ps.load().usageStats("openai-codex:w").observedUsage)
        #expect(old.snapshot.primary?.usedPercent == 10 && old.source == .headers)

        let seen = ObservedUsage(
            snapshot: snapshot(72.5, 12), observedAt: clock.now(), source: .usageEndpoint, plan: "plus")
        #expect(try await ps.recordUsage("openai-codex:w", seen))
        // An older observation (a slower process) never replaces a newer one.
        let stale = ObservedUsage(
            snapshot: snapshot(1), observedAt: clock.now().addingTimeInterval(-5), source: .headers)
        #expect(try await ps.recordUsage("openai-codex:w", stale) == false)
        // Unknown profiles and empty snapshots are not written.
        #expect(try await ps.recordUsage("openai-codex:nobody", seen) == false)
        #expect(
            try await ps.recordUsage(
                "openai-codex:w",
                ObservedUsage(snapshot: RateLimitSnapshot(), observedAt: clock.now() + 9, source: .headers)) == false)

        // Cooldown bookkeeping leaves the snapshot alone.
        try await ps.markFailure("openai-codex:w", reason: .rateLimit, until: clock.now().addingTimeInterval(60))
        try await ps.markSuccess("openai-codex:w")
        let doc = try ps.load()
        #expect(doc.usageStats("openai-codex:w").observedUsage == seen)

        let text = try String(contentsOf: h.paths.authProfiles, encoding: .utf8)
        let root = try #require(try JSONParser.parse(text).objectValue)
        let stats = try #require(root["usageStats"]?.objectValue?["openai-codex:w"]?.objectValue)
        #expect(stats["futureField"]?.stringValue == "x")
        let rl = try #require(stats["rateLimits"]?.objectValue)
        #expect(rl["openclawLater"]?.objectValue?["k"]?.int64Value == 1, "unknown fields inside rateLimits survive")
        #expect(rl["primary"]?.objectValue?["usedPercent"]?.serialized() == "72.5")
        #expect(rl["secondary"]?.objectValue?["usedPercent"]?.serialized() == "12")
        #expect(rl["source"]?.stringValue == "usage_endpoint" && rl["plan"]?.stringValue == "plus")
        #expect(root["top"] == .null)
        #expect(text.contains("2.50"))
    }

    @Test func laterReportsLayOverEarlierOnes() {
        var s = snapshot(10, 20)
        s.creditBalance = "1.00"
        let later = RateLimitSnapshot(primary: RateLimitWindow(usedPercent: 55))
        let merged = s.updated(with: later)
        #expect(
            merged.primary?.usedPercent == 55 && merged.secondary?.usedPercent == 20 && merged.creditBalance == "1.00")
        #expect(
            RateLimitSnapshot.windowLabel(RateLimitWindow(usedPercent: 1, windowMinutes: 300), fallback: "?") == "5h")
        #expect(
            RateLimitSnapshot.windowLabel(RateLimitWindow(usedPercent: 1, windowMinutes: 10080), fallback: "?")
                == "week")
        #expect(RateLimitSnapshot.windowLabel(RateLimitWindow(usedPercent: 1), fallback: "5h") == "5h")
    }
}
