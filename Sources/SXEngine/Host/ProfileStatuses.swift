import Foundation
import SXCore
import SXAuth

/// The status pane's view of the profile store: read-only, never refreshes or switches anything. Codex profiles
/// carry the newest usage known: the store's (headers of any process, earlier reads) or the poller's.
public enum ProfileStatuses {
    public static func read(store: ProfileStore, live: [String: UsagePoller.Reading] = [:]) -> [ProfileStatus] {
        guard let doc = try? store.load() else { return [] }
        let now = Date()
        return doc.profiles.compactMap { p in
            guard let provider = p.provider else { return nil }
            var s = doc.usageStats(p.id)
            CooldownPolicy.dropExpired(&s, now: now)
            let state: ProfileStatus.State
            if s.needsRelogin {
                state = .needsLogin
            } else if let d = s.disabledUntil, d > now {
                state = .disabled(reason: s.disabledReason?.rawValue ?? "disabled")
            } else if let c = s.cooldownUntil, c > now {
                state = .coolingDown(until: c)
            } else {
                state = .ok
            }
            var status = ProfileStatus(id: p.id, provider: provider.rawValue, state: state, lastUsed: s.lastUsed)
            if provider == .openaiCodex {
                let (usage, unknownSince) = UsagePoller.merge(stored: s.observedUsage, live: live[p.id])
                status.usage = usage?.snapshot
                status.usageAt = usage?.observedAt ?? unknownSince
                status.usageUnknown = unknownSince != nil
            }
            return status
        }
    }
}
