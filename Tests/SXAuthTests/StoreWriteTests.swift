import Foundation
import SXCore
import Testing
@testable import SXAuth

/// The store is written when something that matters changed, not after every turn: `lastUsed` and a usage reading
/// seen again reach the file at most once a minute per profile; cooldowns, counters and `lastGood` at once.
@Suite struct StoreWriteTests {
    /// What a rewrite changes: the atomic rename gives the file a new inode, and the write a new mtime.
    struct FileState: Equatable {
        var inode: UInt64
        var mtimeSec: Int
        var mtimeNsec: Int
        var bytes: Data

        init(_ url: URL) throws {
            var st = stat()
            guard stat(url.path, &st) == 0 else { throw CocoaError(.fileNoSuchFile) }
            inode = UInt64(st.st_ino)
            mtimeSec = Int(st.st_mtim.tv_sec)
            mtimeNsec = Int(st.st_mtim.tv_nsec)
            bytes = try Data(contentsOf: url)
        }
    }

    let id = "anthropic:main"

    func setUp() async throws -> (TempHome, ManualClock, ProfileStore) {
        let h = try TempHome()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = ProfileStore(paths: h.paths, clock: clock, lockTimeout: 0.3)
        _ = try await store.addKey(provider: .anthropic, name: "main", key: "sk-ant-api03-store-writes-000001")
        return (h, clock, store)
    }

    func windows(_ used: Double, resetsAt: Date) -> RateLimitSnapshot {
        RateLimitSnapshot(primary: RateLimitWindow(usedPercent: used, windowMinutes: 300, resetsAt: resetsAt))
    }

    @Test func aSuccessThatChangesOnlyLastUsedWritesNothingUntilAMinuteHasPassed() async throws {
        let (h, clock, store) = try await setUp()
        try await store.markSuccess(id)  // the first success is news: lastGood, lastUsed, a zero failure count
        let first = try FileState(h.paths.authProfiles)
        #expect(try store.load().lastGood(for: .anthropic) == id)
        #expect(try store.load().usageStats(id).lastUsed == clock.now())

        clock.advance(by: 20)
        try await store.markSuccess(id)
        clock.advance(by: 39)
        try await store.markSuccess(id)
        #expect(try FileState(h.paths.authProfiles) == first, "nothing but lastUsed changed: no rewrite")

        clock.advance(by: 2)  // 61 s after the written lastUsed
        try await store.markSuccess(id)
        let later = try FileState(h.paths.authProfiles)
        #expect(later.inode != first.inode)
        #expect(try store.load().usageStats(id).lastUsed == clock.now())
    }

    @Test func aNoOpMarkTakesNoLockButAFailureNeedsIt() async throws {
        let (h, clock, store) = try await setUp()
        try await store.markSuccess(id)
        let before = try FileState(h.paths.authProfiles)
        // Another process holds the lock: a success that changes nothing neither waits for it nor fails.
        let held = try store.lockSync()
        clock.advance(by: 5)
        try await store.markSuccess(id)
        // A rate limit must be recorded, so it waits for the lock (and here gives up with the clear error).
        await #expect(throws: StoreError.self) {
            try await store.markFailure(id, reason: .rateLimit, until: clock.now().addingTimeInterval(600))
        }
        #expect(try FileState(h.paths.authProfiles) == before)
        withExtendedLifetime(held) {}
    }

    @Test func aCooldownAndItsClearingReachTheDiskAtOnce() async throws {
        let (h, clock, store) = try await setUp()
        try await store.markSuccess(id)
        let first = try FileState(h.paths.authProfiles)
        clock.advance(by: 1)
        let until = clock.now().addingTimeInterval(600)
        try await store.markFailure(id, reason: .rateLimit, until: until)
        // On disk when the call returns, a second after the last success.
        let cooled = try FileState(h.paths.authProfiles)
        #expect(cooled.inode != first.inode)
        let onDisk = try store.decode(Data(contentsOf: h.paths.authProfiles)).usageStats(id)
        #expect(onDisk.cooldownUntil == until && onDisk.cooldownReason == .rateLimit && onDisk.errorCount == 1)
        #expect(TempHome.mode(h.paths.authProfiles.path) == 0o600)

        clock.advance(by: 1)
        try await store.markSuccess(id)  // clears the cooldown: written although lastUsed is a few seconds old
        #expect(try FileState(h.paths.authProfiles).inode != cooled.inode)
        let cleared = try store.load().usageStats(id)
        #expect(cleared.cooldownUntil == nil && cleared.errorCount == 0 && cleared.lastUsed == clock.now())
    }

    @Test func lastGoodMovingIsWrittenAtOnce() async throws {
        let (h, _, store) = try await setUp()
        _ = try await store.addKey(provider: .anthropic, name: "other", key: "sk-ant-api03-store-writes-000002")
        try await store.markSuccess(id)
        let first = try FileState(h.paths.authProfiles)
        try await store.markSuccess("anthropic:other")
        #expect(try FileState(h.paths.authProfiles) != first)
        #expect(try store.load().lastGood(for: .anthropic) == "anthropic:other")
    }

    @Test func usageSeenAgainIsNotRewrittenButNewWindowsAre() async throws {
        let h = try TempHome()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = ProfileStore(paths: h.paths, clock: clock)
        try await store.updateAsync { doc in
            doc.setProfile(
                "openai-codex:w",
                AuthProfile.oauthObject(
                    provider: .openaiCodex, access: "eyJ-access", refresh: "rt-w", expires: nil, accountId: "acct",
                    email: nil, plan: "plus"))
        }
        let reset = clock.now().addingTimeInterval(3600)
        func seen(_ used: Double, reset: Date) -> ObservedUsage {
            ObservedUsage(snapshot: windows(used, resetsAt: reset), observedAt: clock.now(), source: .headers)
        }
        try await store.markSuccess("openai-codex:w", usage: seen(42, reset: reset))
        let first = try FileState(h.paths.authProfiles)
        #expect(try store.load().usageStats("openai-codex:w").observedUsage?.snapshot.primary?.usedPercent == 42)

        // The same windows a few seconds later (a reset time given in seconds from now moves a little): no write.
        clock.advance(by: 10)
        #expect(try await store.recordUsage("openai-codex:w", seen(42, reset: reset.addingTimeInterval(2))) == false)
        try await store.markSuccess("openai-codex:w", usage: seen(42, reset: reset))
        #expect(try FileState(h.paths.authProfiles) == first)

        // More of the window used is news.
        clock.advance(by: 10)
        try await store.markSuccess("openai-codex:w", usage: seen(43, reset: reset))
        let second = try FileState(h.paths.authProfiles)
        #expect(second != first)
        let u = try #require(try store.load().usageStats("openai-codex:w").observedUsage)
        #expect(u.snapshot.primary?.usedPercent == 43 && u.observedAt == clock.now())

        // A new window (the reset moved by hours) is news too.
        clock.advance(by: 5)
        #expect(try await store.recordUsage("openai-codex:w", seen(43, reset: reset.addingTimeInterval(18000))))
        #expect(try FileState(h.paths.authProfiles) != second)
    }
}
