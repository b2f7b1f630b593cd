import Foundation
import SXCore
import SXAuth

/// The `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}` headers
/// (docs/protocol/anthropic.md#rate-limit-headers) as a snapshot: requests are the primary window, tokens the secondary
/// one, and every family also goes into `other` so that the status pane can show input/output token limits.
///
/// A Claude subscription (claude-code) answers with the "unified" headers instead (same section; read in several
/// public Claude-subscription clients and proxies): `anthropic-ratelimit-unified-{status,reset}` and per
/// window `anthropic-ratelimit-unified-{5h,7d}-{status,reset,utilization}`, resets in Unix seconds, utilization
/// 0…1. The 5-hour window is the primary one and the weekly the secondary, as for Codex.
public enum AnthropicRateLimits {
    static let families = ["requests", "tokens", "input-tokens", "output-tokens"]
    static let unified = "anthropic-ratelimit-unified-"

    public static func fromHeaders(_ h: HeaderFields) -> RateLimitSnapshot? {
        if let snap = unifiedSnapshot(h) { return snap }
        var snap = RateLimitSnapshot()
        for family in families {
            guard let w = window(h, family) else { continue }
            let p = "anthropic-ratelimit-\(family)-"
            snap.other[family] =
                "\(h[p + "remaining"] ?? "?")/\(h[p + "limit"] ?? "?")" + (h[p + "reset"].map { " reset \($0)" } ?? "")
            if family == "requests" { snap.primary = w }
            if family == "tokens" || (family == "input-tokens" && snap.secondary == nil) { snap.secondary = w }
        }
        return snap.isEmpty ? nil : snap
    }

    static func window(_ h: HeaderFields, _ family: String) -> RateLimitWindow? {
        let p = "anthropic-ratelimit-\(family)-"
        let limit = h.double(p + "limit")
        let remaining = h.double(p + "remaining")
        let reset = h[p + "reset"].flatMap(parseDate)
        guard limit != nil || remaining != nil || reset != nil else { return nil }
        var used = 0.0
        if let limit, let remaining, limit > 0 { used = max(0, min(100, (limit - remaining) / limit * 100)) }
        return RateLimitWindow(usedPercent: used, resetsAt: reset)
    }

    static func unifiedSnapshot(_ h: HeaderFields) -> RateLimitSnapshot? {
        func window(_ name: String, minutes: Int) -> RateLimitWindow? {
            let p = unified + name + "-"
            let util = h.double(p + "utilization")
            let reset = h.double(p + "reset").map { Date(timeIntervalSince1970: $0) }
            guard util != nil || reset != nil || h[p + "status"] != nil else { return nil }
            // A rejected window without a utilization figure is a full one.
            let used = util.map { $0 * 100 } ?? (h[p + "status"] == "rejected" ? 100 : 0)
            return RateLimitWindow(usedPercent: used, windowMinutes: minutes, resetsAt: reset)
        }
        var snap = RateLimitSnapshot(primary: window("5h", minutes: 300), secondary: window("7d", minutes: 10080))
        if let status = h[unified + "status"] { snap.other["unified"] = status }
        if let claim = h[unified + "representative-claim"] { snap.other["limited-by"] = claim }
        return snap.isEmpty ? nil : snap
    }

    /// On a 429: a rejected subscription's `unified-reset`, else the latest reset among the windows whose
    /// `remaining` is 0 (every exhausted window must refill before a request can pass).
    public static func exhaustedReset(_ h: HeaderFields) -> Date? {
        if h[unified + "status"] == "rejected" || h[unified + "5h-status"] == "rejected"
            || h[unified + "7d-status"] == "rejected"
        {
            let resets = [unified + "reset", unified + "5h-reset", unified + "7d-reset"].compactMap { name -> Double? in
                guard let v = h.double(name) else { return nil }
                let status =
                    name == unified + "reset"
                    ? h[unified + "status"] : h[name.replacingOccurrences(of: "-reset", with: "-status")]
                return status == "rejected" ? v : nil
            }
            if let at = resets.max() { return Date(timeIntervalSince1970: at) }
        }
        return families.compactMap { family -> Date? in
            let p = "anthropic-ratelimit-\(family)-"
            guard h.double(p + "remaining") == 0 else { return nil }
            return h[p + "reset"].flatMap(parseDate)
        }.max()
    }

    /// RFC 3339, with or without fractional seconds.
    static func parseDate(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s)
    }
}
