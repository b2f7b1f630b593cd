import Foundation
import SXCore

extension ProfileStore {
    /// A request under `profileId` succeeded: clears its cooldowns and counters and makes it `lastGood`.
    public func markSuccess(_ profileId: String) async throws {
        try await updateAsync { doc in
            // The time is taken under the lock, so marks land in the file in time order (a writer that waited
            // for the lock never writes an older `lastUsed` over a newer one).
            let now = clock.now()
            var s = doc.usageStats(profileId)
            CooldownPolicy.applySuccess(&s, now: now)
            doc.setUsageStats(profileId, s)
            if let parsed = AuthProfile.parseId(profileId) { doc.setLastGood(profileId, for: parsed.0) }
        }
    }

    /// A request under `profileId` failed for `reason`; `until` is the server's reset time if it gave one, `model`
    /// scopes a rate-limit cooldown to one model. Returns the stats as written.
    @discardableResult
    public func markFailure(
        _ profileId: String, reason: FailureReason, until: Date? = nil,
        model: String? = nil
    ) async throws -> UsageStats {
        try await updateAsync { doc in
            let now = clock.now()
            var s = doc.usageStats(profileId)
            CooldownPolicy.applyFailure(&s, reason: reason, until: until, model: model, now: now)
            doc.setUsageStats(profileId, s)
            return s
        }
    }
}
