import Foundation
import SXCore

extension CredentialStore {
    public func blockedUntil(profileId: String, model: String?) async -> Date? {
        guard let doc = try? store.load() else { return nil }
        var s = doc.usageStats(profileId)
        let now = clock.now()
        CooldownPolicy.dropExpired(&s, now: now)
        return s.blockedUntil(now: now, model: model)
    }

    public func rateLimitedUntil(profileId: String, model: String?) async -> Date? {
        guard let doc = try? store.load() else { return nil }
        var s = doc.usageStats(profileId)
        let now = clock.now()
        CooldownPolicy.dropExpired(&s, now: now)
        guard let until = s.blockedUntil(now: now, model: model), s.cooldownReason == .rateLimit,
            until == s.cooldownUntil
        else { return nil }
        return until
    }

    /// Bookkeeping never fails a turn: a store that cannot be written loses one usage mark, not the answer.
    public func recordSuccess(profileId: String, rateLimits: RateLimitSnapshot?) async {
        try? await store.markSuccess(profileId, usage: observed(rateLimits))
    }

    public func recordFailure(
        profileId: String, reason: FailureReason, until: Date?, model: String?, rateLimits: RateLimitSnapshot?
    ) async {
        _ = try? await store.markFailure(
            profileId, reason: reason, until: until, model: model, usage: observed(rateLimits))
    }

    private func observed(_ snapshot: RateLimitSnapshot?) -> ObservedUsage? {
        snapshot.map { ObservedUsage(snapshot: $0, observedAt: clock.now(), source: .headers) }
    }
}

extension CredentialStore {
    /// Bookkeeping never fails a turn: a store that cannot be written loses one snapshot, not the answer.
    public func recordRateLimits(profileId: String, snapshot: RateLimitSnapshot) async {
        let usage = ObservedUsage(snapshot: snapshot, observedAt: clock.now(), source: .headers)
        _ = try? await store.recordUsage(profileId, usage)
    }
}
