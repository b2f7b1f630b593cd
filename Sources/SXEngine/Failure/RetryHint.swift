import Foundation
import SXCore
import SXAuth

/// When a rate-limited server says to come back: in words inside its message ("Please try again in 1.5s") or in a
/// `Retry-After` header (seconds or an HTTP date). Read once, where the failure is classified.
public enum RetryHint {
    /// The delay after "try again in" in a server message, in seconds: "1.5s", "20ms", "6m0s", "35 seconds",
    /// "1 minute". Codex CLI reads the same phrase for `rate_limit_exceeded` (openai/codex
    /// codex-rs/codex-api/src/sse/responses.rs, `try_parse_retry_after`: `s`, `ms`, `seconds`); OpenAI's
    /// own messages write minutes as "6m0s", which must not read as six seconds.
    public static func seconds(inMessage message: String) -> Double? {
        guard let r = message.range(of: "try again in", options: .caseInsensitive) else { return nil }
        return duration(Substring(message[r.upperBound...]))
    }

    /// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); nil when it is neither.
    public static func retryAfter(_ raw: String, now: Date) -> Date? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if let secs = Double(s) { return TimeValue.sane(secs).flatMap { $0 >= 0 ? now.addingTimeInterval($0) : nil } }
        return httpDate(s)
    }

    /// An IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, read without a date formatter (those load ICU's calendar
    /// data into the process, see DECISIONS 20).
    public static func httpDate(_ s: String) -> Date? {
        let parts = s.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), (1...31).contains(day),
            let month = months.firstIndex(of: parts[2].lowercased()),
            let year = Int(parts[3]), (1970...9999).contains(year)
        else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (0...23).contains(hms[0]), (0...59).contains(hms[1]), (0...60).contains(hms[2]) else {
            return nil
        }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(hms[0])
        t.tm_min = Int32(hms[1])
        t.tm_sec = Int32(hms[2])
        let secs = timegm(&t)
        return secs < 0 ? nil : Date(timeIntervalSince1970: TimeInterval(secs))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Number-unit pairs from the start of `text` ("6m0s", "1.5 s", "2 minutes"), summed; nil when none is there.
    static func duration(_ text: Substring) -> Double? {
        var rest = text.drop { $0 == " " }
        var total = 0.0
        var matched = false
        while let first = rest.first, first.isASCII && first.isNumber {
            let number = leadingNumber(rest)
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count).drop { $0 == " " }
            let unit = rest.prefix { $0.isLetter }.lowercased()
            guard let scale = unitSeconds[unit] else { break }
            total += value * scale
            matched = true
            rest = rest.dropFirst(unit.count)
        }
        return matched ? TimeValue.sane(total) : nil
    }

    /// Digits with at most one decimal point that has digits after it ("1.5" of "1.5s.", "3" of "3.").
    private static func leadingNumber(_ s: Substring) -> Substring {
        let isDigit = { (c: Character) in c.isASCII && c.isNumber }
        let whole = s.prefix(while: isDigit)
        let after = s.dropFirst(whole.count)
        guard after.first == ".", let next = after.dropFirst().first, isDigit(next) else { return whole }
        return s.prefix(whole.count + 1 + after.dropFirst().prefix(while: isDigit).count)
    }

    private static let unitSeconds: [String: Double] = [
        "ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
        "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
        "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600
    ]
}
