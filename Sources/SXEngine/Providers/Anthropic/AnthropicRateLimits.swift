import Foundation
import SXAuth

/// The `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}` headers
/// (providers.md §1) as a snapshot: requests are the primary window, tokens the secondary one, and every family
/// also goes into `other` so that the status pane can show input/output token limits.
public enum AnthropicRateLimits {
    static let families = ["requests", "tokens", "input-tokens", "output-tokens"]

    public static func fromHeaders(_ h: HeaderFields) -> RateLimitSnapshot? {
        var snap = RateLimitSnapshot()
        for family in families {
            guard let w = window(h, family) else { continue }
            let p = "anthropic-ratelimit-\(family)-"
            snap.other[family] = "\(h[p + "remaining"] ?? "?")/\(h[p + "limit"] ?? "?")" + (h[p + "reset"].map { " reset \($0)" } ?? "")
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

    /// On a 429: the latest reset among the windows whose `remaining` is 0 (every exhausted window must refill
    /// before a request can pass).
    public static func exhaustedReset(_ h: HeaderFields) -> Date? {
        families.compactMap { family -> Date? in
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
