import Foundation

/// What one pass over the chain went through, for the turn's error when nothing could answer and for the reason
/// shown with each switch.
struct AttemptLog: Sendable, Equatable {
    private(set) var lines: [String] = []
    /// The soonest time any skipped or failed candidate is free again.
    private(set) var soonest: Date?
    /// The soonest end of a rate limit: the only block worth waiting for (not a login or billing problem).
    private(set) var soonestLimit: Date?

    mutating func add(_ line: String, until: Date? = nil, rateLimited: Bool = false) {
        lines.append(line)
        if let until { soonest = min(soonest ?? until, until) }
        if let until, rateLimited { soonestLimit = min(soonestLimit ?? until, until) }
    }

    /// The turn's error: each attempt, and when something is free again.
    func failureMessage(now: Date) -> String {
        if lines.count == 1 && soonest == nil { return lines[0] }
        var msg = "nothing could answer:\n" + lines.map { "  - \($0)" }.joined(separator: "\n")
        if let soonest { msg += "\n  soonest available: \(ProviderFailure.formatReset(soonest, now: now))" }
        return msg
    }
}
