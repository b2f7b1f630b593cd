import SXCore
import Foundation

extension FailoverPlan {
    /// The chain of one step: the preferred model, then `FALLBACK_MODELS` in their order, each model once.
    static func chain(preferred: ModelRef, fallbacks: [ModelRef]) -> [ModelRef] {
        var chain = [preferred]
        for f in fallbacks where !chain.contains(f) { chain.append(f) }
        return chain
    }

    /// One model's profiles in the order they are tried, from the store's order
    /// (docs/protocol/profiles.md#which-profile-is-tried): only the pinned one when there is a pin; the session's
    /// sticky profile first (it keeps prompt caches warm); profiles at or above `ROTATE_AT_PERCENT` last while any
    /// other is left. `leftSticky` says the sticky profile was moved back for being near its limit.
    static func order(
        _ profiles: [CandidateProfile], pinned: String?, sticky: String?,
        nearLimit: Set<String>
    ) -> (profiles: [CandidateProfile], leftSticky: Bool) {
        var list = profiles
        if let pinned { list = list.filter { $0.id == pinned } }
        if let sticky, let i = list.firstIndex(where: { $0.id == sticky }) {
            list.insert(list.remove(at: i), at: 0)
        }
        // A blocked profile counts as another one here: the near one still goes behind it and is reached after it
        // is skipped, as before the plan existed.
        let near = list.filter { nearLimit.contains($0.id) }
        guard !near.isEmpty, near.count < list.count else { return (list, false) }
        list = list.filter { !nearLimit.contains($0.id) } + near
        return (list, near.contains { $0.id == sticky })
    }
}
