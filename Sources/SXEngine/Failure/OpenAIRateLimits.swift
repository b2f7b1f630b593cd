import Foundation
import SXCore
import SXAuth

/// OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` headers
/// (docs/protocol/openai.md#rate-limit-headers): requests are the primary window, tokens the secondary. Resets are
/// durations (`1s`, `6m0s`, `20ms`) from now.
public enum OpenAIRateLimits {
    public static func fromHeaders(_ h: HeaderFields, now: Date = Date()) -> RateLimitSnapshot? {
        var snap = RateLimitSnapshot()
        for kind in ["requests", "tokens"] {
            let limit = h.double("x-ratelimit-limit-\(kind)")
            let remaining = h.double("x-ratelimit-remaining-\(kind)")
            let reset = h["x-ratelimit-reset-\(kind)"].flatMap(seconds).map { now.addingTimeInterval($0) }
            guard limit != nil || remaining != nil || reset != nil else { continue }
            var used = 0.0
            if let limit, let remaining, limit > 0 { used = max(0, min(100, (limit - remaining) / limit * 100)) }
            let w = RateLimitWindow(usedPercent: used, resetsAt: reset)
            if kind == "requests" { snap.primary = w } else { snap.secondary = w }
            snap.other[kind] = "\(h["x-ratelimit-remaining-\(kind)"] ?? "?")/\(h["x-ratelimit-limit-\(kind)"] ?? "?")"
        }
        return snap.isEmpty ? nil : snap
    }

    /// On a 429: the reset of the window the error names (`type: "requests"|"tokens"`), else of the windows whose
    /// remaining count is 0, the later one.
    public static func exhaustedReset(_ h: HeaderFields, kind: String?, now: Date) -> Date? {
        if let kind, kind == "requests" || kind == "tokens", let s = h["x-ratelimit-reset-\(kind)"].flatMap(seconds) {
            return now.addingTimeInterval(s)
        }
        return ["requests", "tokens"].compactMap { k -> Date? in
            guard h.double("x-ratelimit-remaining-\(k)") == 0 else { return nil }
            return h["x-ratelimit-reset-\(k)"].flatMap(seconds).map { now.addingTimeInterval($0) }
        }.max()
    }

    /// Go-style durations: `20ms`, `1s`, `1.5s`, `6m0s`, `1h2m3s`; a bare number is seconds. Gemini's
    /// `retryDelay` (`"46s"`, `"0.5s"`) has the same shape.
    /// Nil unless the total is finite and within ±1e12 (`TimeValue`).
    public static func seconds(_ raw: String) -> Double? {
        TimeValue.sane(parseSeconds(raw))
    }

    private static func parseSeconds(_ raw: String) -> Double? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if let v = Double(s) { return v }
        var total = 0.0
        var number = ""
        var i = s.startIndex
        var matched = false
        while i < s.endIndex {
            let c = s[i]
            if c.isNumber || c == "." {
                number.append(c)
                i = s.index(after: i)
                continue
            }
            guard let v = Double(number) else { return nil }
            let rest = s[i...]
            if rest.hasPrefix("ms") {
                total += v / 1000; i = s.index(i, offsetBy: 2)
            } else if c == "h" {
                total += v * 3600; i = s.index(after: i)
            } else if c == "m" {
                total += v * 60; i = s.index(after: i)
            } else if c == "s" {
                total += v; i = s.index(after: i)
            } else {
                return nil
            }
            number = ""
            matched = true
        }
        return matched && number.isEmpty ? total : nil
    }
}
