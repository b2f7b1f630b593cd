import Foundation

extension ProfileStore {
    /// Remembers `usage` for `profileId` under the store lock, unless the store already holds a newer observation
    /// (another process may have seen a later response). Touches nothing else: no cooldown, no counter, no
    /// `lastGood`. Returns whether it was written.
    @discardableResult
    public func recordUsage(_ profileId: String, _ usage: ObservedUsage) async throws -> Bool {
        guard usage.isMeaningful else { return false }
        return try await updateAsync { doc in
            guard doc.profile(profileId) != nil else { return false }
            var s = doc.usageStats(profileId)
            if let old = s.observedUsage, old.observedAt > usage.observedAt { return false }
            s.observedUsage = usage
            doc.setUsageStats(profileId, s)
            return true
        }
    }
}
