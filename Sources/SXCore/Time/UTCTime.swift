import Foundation

/// UTC timestamps formatted with `gmtime_r`: the paths every run takes (system prompt, transcript) avoid
/// Foundation's date formatters, whose first use loads ICU data worth megabytes of resident memory.
public enum UTCTime {
    static func parts(_ date: Date) -> tm {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var out = tm()
        gmtime_r(&t, &out)
        return out
    }

    /// `2026-11-22T01:45:13Z`
    public static func iso8601(_ date: Date) -> String {
        let t = parts(date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
            Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
    }

    /// `2026-11-22 04:00`
    public static func minute(_ date: Date) -> String {
        let t = parts(date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
            Int(t.tm_hour), Int(t.tm_min))
    }

    /// `04:00`
    public static func clock(_ date: Date) -> String {
        let t = parts(date)
        return String(format: "%02d:%02d", Int(t.tm_hour), Int(t.tm_min))
    }

    /// `Nov 28 09:00`
    public static func monthDayClock(_ date: Date) -> String {
        let t = parts(date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return months[Int(t.tm_mon) % 12]
            + String(format: " %d %02d:%02d", Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min))
    }

    /// `2026-11-22`
    public static func day(_ date: Date) -> String {
        let t = parts(date)
        return String(format: "%04d-%02d-%02d", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday))
    }
}
