import Foundation
import SXCore
import SXAuth

/// Usage windows as `sx models status` prints them: `5h 72% · resets 14:05 UTC (in 2h13m)`.
public enum UsageText {
    public static func line(_ u: ObservedUsage, now: Date) -> String {
        var parts: [String] = []
        for (w, fallback) in windows(u.snapshot) {
            let name = RateLimitSnapshot.windowLabel(w, fallback: fallback)
            var text = "\(name) \(percent(w.usedPercent))"
            if let r = w.resetsAt {
                text +=
                    r > now
                    ? " · resets \(clock(r, now: now)) (in \(Duration.compact(Int(r.timeIntervalSince(now).rounded(.up)))))"
                    : " · window reset at \(clock(r, now: now))"
            }
            parts.append(text)
        }
        if let b = u.snapshot.creditBalance { parts.append("credits \(b)") }
        var out = parts.isEmpty ? "no windows" : parts.joined(separator: ", ")
        out += " (seen \(clock(u.observedAt, now: now))" + (u.source == .usageEndpoint ? ", usage endpoint)" : ")")
        return out
    }

    public static func json(_ u: ObservedUsage) -> JSONObject {
        var o: JSONObject = [
            "observedAt": .string(UTCTime.iso8601(u.observedAt)), "observedAtMs": .int(u.observedAt.epochMillis),
            "source": .string(u.source.rawValue)
        ]
        if let plan = u.plan { o["plan"] = .string(plan) }
        for (w, key) in [(u.snapshot.primary, "primary"), (u.snapshot.secondary, "secondary")] {
            guard let w else { continue }
            var wo: JSONObject = [
                "usedPercent": .double(w.usedPercent),
                "name": .string(RateLimitSnapshot.windowLabel(w, fallback: key == "primary" ? "5h" : "week"))
            ]
            if let m = w.windowMinutes { wo["windowMinutes"] = .int(m) }
            if let r = w.resetsAt {
                wo["resetsAt"] = .string(UTCTime.iso8601(r))
                wo["resetsAtMs"] = .int(r.epochMillis)
            }
            o[key] = .object(wo)
        }
        if let v = u.snapshot.hasCredits { o["hasCredits"] = .bool(v) }
        if let v = u.snapshot.unlimitedCredits { o["unlimitedCredits"] = .bool(v) }
        if let v = u.snapshot.creditBalance { o["creditBalance"] = .string(v) }
        return o
    }

    static func windows(_ s: RateLimitSnapshot) -> [(RateLimitWindow, String)] {
        [(s.primary, "5h"), (s.secondary, "week")].compactMap { w, name in w.map { ($0, name) } }
    }

    static func percent(_ p: Double) -> String {
        p == p.rounded() ? "\(Int(p))%" : String(format: "%.1f%%", p)
    }

    /// `14:05 UTC` within a day of `now`, else `Nov 28 09:00 UTC`.
    static func clock(_ d: Date, now: Date) -> String {
        (abs(d.timeIntervalSince(now)) < 86_400 ? UTCTime.clock(d) : UTCTime.monthDayClock(d)) + " UTC"
    }
}
