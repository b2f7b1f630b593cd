import Foundation

extension ProfileStore {
    /// Remembers `usage` for `profileId` under the store lock, unless the store already holds a newer observation
    /// (another process may have seen a later response) or the same reading seen less than `freshnessGrain` ago.
    /// Touches nothing else: no cooldown, no counter, no `lastGood`. Returns whether it was written.
    @discardableResult
    public func recordUsage(_ profileId: String, _ usage: ObservedUsage) async throws -> Bool {
        guard usage.isMeaningful else { return false }
        let (applied, written) = try await bookkeep(profileId) { doc, _ in Self.apply(usage, to: &doc, profileId) }
        return applied && written
    }

    /// Puts `usage` into `doc` for a stored profile unless `doc` holds a newer observation; whether it did.
    @discardableResult
    static func apply(_ usage: ObservedUsage, to doc: inout AuthStoreDocument, _ profileId: String) -> Bool {
        guard usage.isMeaningful, doc.profile(profileId) != nil else { return false }
        var s = doc.usageStats(profileId)
        if let old = s.observedUsage, old.observedAt > usage.observedAt { return false }
        s.observedUsage = usage
        doc.setUsageStats(profileId, s)
        return true
    }
}
