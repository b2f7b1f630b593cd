import Foundation
import SXCore

extension ProfileStore {
    /// Freshness alone (a later `lastUsed`, the same usage windows seen again) reaches the file at most this often
    /// per profile: a successful turn that changes nothing else writes nothing (no lock, no temp file, no fsync).
    public static let freshnessGrain: TimeInterval = 60

    /// A request under `profileId` succeeded: clears its cooldowns and counters and makes it `lastGood`. `usage`,
    /// the windows its response reported, goes into the same write.
    public func markSuccess(_ profileId: String, usage: ObservedUsage? = nil) async throws {
        try await bookkeep(profileId) { doc, now in
            if let usage { Self.apply(usage, to: &doc, profileId) }
            var s = doc.usageStats(profileId)
            CooldownPolicy.applySuccess(&s, now: now)
            doc.setUsageStats(profileId, s)
            if let parsed = AuthProfile.parseId(profileId) { doc.setLastGood(profileId, for: parsed.0) }
        }
    }

    /// A request under `profileId` failed for `reason`; `until` is the server's reset time if it gave one, `model`
    /// scopes a rate-limit cooldown to one model, `usage` the windows the response reported (same write). Always
    /// written at once: a failure moves the counters. Returns the stats as written.
    @discardableResult
    public func markFailure(
        _ profileId: String, reason: FailureReason, until: Date? = nil,
        model: String? = nil, usage: ObservedUsage? = nil
    ) async throws -> UsageStats {
        try await bookkeep(profileId) { doc, now in
            if let usage { Self.apply(usage, to: &doc, profileId) }
            var s = doc.usageStats(profileId)
            CooldownPolicy.applyFailure(&s, reason: reason, until: until, model: model, now: now)
            doc.setUsageStats(profileId, s)
            return s
        }.result
    }

    /// `updateAsync` for the bookkeeping of one profile. The file as it stands is tried first without the lock: when
    /// the change leaves nothing that matters (only timestamps younger than `freshnessGrain`), nothing is locked or
    /// written. Otherwise the usual locked re-read, change and atomic write, with the same rule applied to what was
    /// re-read. The time is taken under the lock, so marks land in the file in time order (a writer that waited for
    /// the lock never writes an older `lastUsed` over a newer one). `written`: whether the file was replaced.
    @discardableResult
    func bookkeep<T>(_ profileId: String, _ change: (inout AuthStoreDocument, Date) throws -> T) async throws -> (
        result: T, written: Bool
    ) {
        if let current = try? load() {
            var doc = current
            let now = clock.now()
            let result = try change(&doc, now)
            if doc.coarsened(from: current, profileId: profileId, now: now, grain: Self.freshnessGrain) == current {
                return (result, false)
            }
        }
        return try await updateAsync { doc in
            let before = doc
            let now = clock.now()
            let result = try change(&doc, now)
            doc = doc.coarsened(from: before, profileId: profileId, now: now, grain: Self.freshnessGrain)
            return (result, doc != before)
        }
    }
}

extension AuthStoreDocument {
    /// This document (a change of `before`) as it should be written: `before` itself when the change to
    /// `profileId` is only a later `lastUsed` or the same usage reading seen again and the stored time is younger
    /// than `grain` (nothing to write); else the whole change, fresh timestamps included.
    func coarsened(from before: AuthStoreDocument, profileId: String, now: Date, grain: TimeInterval)
        -> AuthStoreDocument
    {
        func recent(_ t: Date) -> Bool { t <= now && now.timeIntervalSince(t) < grain }
        let old = before.usageStats(profileId)
        var s = usageStats(profileId)
        if let l = old.lastUsed, s.lastUsed != nil, recent(l) { s.lastUsed = l }
        if let o = old.observedUsage, let n = s.observedUsage, n.sameReading(as: o), recent(o.observedAt) {
            s.raw[UsageStats.rateLimitsKey] = old.raw[UsageStats.rateLimitsKey]
        }
        var coarse = self
        coarse.setUsageStats(profileId, s)
        return coarse == before ? before : self
    }
}
