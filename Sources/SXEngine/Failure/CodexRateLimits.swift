import Foundation
import SXCore
import SXAuth

/// The `x-codex-*` rate-limit headers (docs/protocol/codex.md#rate-limit-headers) and the `codex.rate_limits` event
/// (docs/protocol/codex.md#stream-events), as a snapshot.
public enum CodexRateLimits {
    public static func fromHeaders(_ h: HeaderFields, family: String = "codex") -> RateLimitSnapshot? {
        func window(_ name: String) -> RateLimitWindow? {
            let p = "x-\(family)-\(name)-"
            let used = h.double(p + "used-percent")
            let minutes = h.double(p + "window-minutes").map { Int($0) }
            let reset = h.double(p + "reset-at").map { Date(timeIntervalSince1970: $0) }
            // A window counts only if used-percent is non-zero or another of its fields is set.
            guard (used ?? 0) != 0 || minutes != nil || reset != nil else { return nil }
            return RateLimitWindow(usedPercent: used ?? 0, windowMinutes: minutes, resetsAt: reset)
        }
        var snap = RateLimitSnapshot(primary: window("primary"), secondary: window("secondary"))
        snap.hasCredits = bool(h["x-\(family)-credits-has-credits"])
        snap.unlimitedCredits = bool(h["x-\(family)-credits-unlimited"])
        snap.creditBalance = h["x-\(family)-credits-balance"]
        return snap.isEmpty ? nil : snap
    }

    public static func fromEvent(_ obj: JSONObject) -> RateLimitSnapshot? {
        let rl = obj["rate_limits"]?.objectValue ?? obj
        func window(_ key: String) -> RateLimitWindow? {
            guard let w = rl[key]?.objectValue, let used = FailureClassifier.number(w["used_percent"]) else {
                return nil
            }
            return RateLimitWindow(
                usedPercent: used, windowMinutes: FailureClassifier.number(w["window_minutes"]).map { Int($0) },
                resetsAt: (FailureClassifier.number(w["reset_at"]) ?? FailureClassifier.number(w["resets_at"]))
                    .map { Date(timeIntervalSince1970: $0) })
        }
        let snap = RateLimitSnapshot(primary: window("primary"), secondary: window("secondary"))
        return snap.isEmpty ? nil : snap
    }

    static func bool(_ s: String?) -> Bool? {
        switch s?.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }
}
