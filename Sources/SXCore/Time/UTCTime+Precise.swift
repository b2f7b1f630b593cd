import Foundation

extension UTCTime {
    /// `2026-12-02T16:05:39.123Z`: JavaScript's `Date.toISOString()`, the form OpenClaw writes in its lock files.
    public static func iso8601Millis(_ date: Date) -> String {
        let t = parts(date)
        let ms = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1000) % 1000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1,
            Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec), ms)
    }

    /// `2026-11-21T23:17:18.999182880Z`: RFC 3339 with nanoseconds, as Codex writes `last_refresh`
    /// (docs/protocol/codex-login.md#login-file).
    public static func iso8601Nanos(_ date: Date) -> String {
        let t = parts(date)
        let frac = date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)
        let ns = min(999_999_999, Int((frac * 1_000_000_000).rounded()))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1,
            Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec), ns)
    }

    /// Reads `YYYY-MM-DD[THH:MM[:SS[.fff…]]][Z|±HH:MM]` (the ISO forms `Date.parse` accepts from OpenClaw); a time
    /// without a zone is taken as UTC. Anything else is nil.
    public static func parseISO8601(_ text: String) -> Date? {
        let s = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard s[k] >= 48 && s[k] <= 57 else { return nil }
                v = v * 10 + Int(s[k] - 48)
            }
            i += n
            return v
        }
        func take(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), take(45), let mo = digits(2), take(45), let d = digits(2),
            (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        var h = 0, mi = 0, sec = 0, frac = 0.0, offset = 0
        if take(84) || take(116) {
            guard let hh = digits(2), take(58), let mm = digits(2), hh < 24, mm < 60 else { return nil }
            h = hh
            mi = mm
            if take(58) {
                guard let ss = digits(2), ss < 61 else { return nil }
                sec = ss
                if take(46) {
                    var scale = 0.1
                    let start = i
                    while i < s.count, s[i] >= 48 && s[i] <= 57 {
                        frac += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    if i == start { return nil }
                }
            }
            if !take(90), !take(122), i < s.count, s[i] == 43 || s[i] == 45 {
                let sign = s[i] == 45 ? -1 : 1
                i += 1
                guard let oh = digits(2), take(58), let om = digits(2) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == s.count else { return nil }
        var t = tm()
        t.tm_year = Int32(y - 1900)
        t.tm_mon = Int32(mo - 1)
        t.tm_mday = Int32(d)
        t.tm_hour = Int32(h)
        t.tm_min = Int32(mi)
        t.tm_sec = Int32(sec)
        let epoch = timegm(&t)
        return Date(timeIntervalSince1970: Double(epoch - offset) + frac)
    }
}
