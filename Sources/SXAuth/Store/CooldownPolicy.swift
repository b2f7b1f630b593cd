import Foundation
import SXCore

/// docs/protocol/profiles.md#what-a-failure-does, as pure functions over usage stats (no IO, injected time).
public enum CooldownPolicy {
    /// Failure counts restart when the last failure is older than this.
    public static let failureWindow: TimeInterval = 24 * 3600
    /// Rate-limit cooldowns without a server reset time: 1, 5, 25, then 60 minutes.
    static let rateLimitLadder: [TimeInterval] = [60, 300, 1500, 3600]

    /// Records a failure in `stats`. `until` is the server's own reset time when it gave one; `model` scopes a
    /// rate-limit cooldown to that model (nil: the whole account is limited).
    public static func applyFailure(
        _ stats: inout UsageStats, reason: FailureReason, until: Date?, model: String?,
        now: Date
    ) {
        if let last = stats.lastFailureAt, now.timeIntervalSince(last) > failureWindow { stats.failureCounts = [:] }
        var counts = stats.failureCounts
        counts[reason, default: 0] += 1
        let n = counts[reason]!
        stats.failureCounts = counts
        stats.errorCount += 1
        stats.lastFailureAt = now

        switch reason {
        case .rateLimit:
            let end = until ?? now.addingTimeInterval(rateLimitLadder[min(n - 1, rateLimitLadder.count - 1)])
            extendCooldown(&stats, to: end, reason: .rateLimit, model: model, now: now)
        case .billing:
            let end = until ?? now.addingTimeInterval(min(5 * 3600 * pow(2, Double(n - 1)), 24 * 3600))
            extendDisable(&stats, to: end, reason: .billing, now: now)
        case .auth:
            if n < 3 {
                let end = until ?? now.addingTimeInterval(rateLimitLadder[n - 1])
                extendCooldown(&stats, to: end, reason: .auth, model: nil, now: now)
            } else {
                let end = now.addingTimeInterval(min(1800 * pow(2, Double(n - 3)), 6 * 3600))
                extendDisable(&stats, to: end, reason: .auth, now: now)
            }
        case .authPermanent:
            let end = now.addingTimeInterval(min(600 * pow(2, Double(n - 1)), 3600))
            extendDisable(&stats, to: end, reason: .authPermanent, now: now)
        case .overloaded, .timeout, .format, .context, .modelNotFound, .unknown:
            break
        }
    }

    /// Success clears every block and counter; `lastFailureAt` stays as history.
    public static func applySuccess(_ stats: inout UsageStats, now: Date) {
        stats.lastUsed = now
        stats.errorCount = 0
        stats.cooldownUntil = nil
        stats.cooldownReason = nil
        stats.cooldownModel = nil
        stats.disabledUntil = nil
        stats.disabledReason = nil
        stats.failureCounts = [:]
    }

    /// Step 1 of "Which profile is tried": forget blocks that have ended; with nothing left blocked, reset counters.
    public static func dropExpired(_ stats: inout UsageStats, now: Date) {
        if let c = stats.cooldownUntil, c <= now {
            stats.cooldownUntil = nil
            stats.cooldownReason = nil
            stats.cooldownModel = nil
        }
        if let d = stats.disabledUntil, d <= now {
            stats.disabledUntil = nil
            stats.disabledReason = nil
        }
        if stats.cooldownUntil == nil, stats.disabledUntil == nil, stats.errorCount != 0 || !stats.failureCounts.isEmpty
        {
            stats.errorCount = 0
            stats.failureCounts = [:]
        }
    }

    /// A failure during an active cooldown never shortens it.
    private static func extendCooldown(
        _ s: inout UsageStats, to end: Date, reason: FailureReason, model: String?,
        now: Date
    ) {
        if let cur = s.cooldownUntil, cur > now {
            if end > cur { s.cooldownUntil = end; s.cooldownReason = reason }
            // Two different models limited at once means the account is: widen the scope.
            if s.cooldownModel != model { s.cooldownModel = nil }
        } else {
            s.cooldownUntil = end
            s.cooldownReason = reason
            s.cooldownModel = model
        }
    }

    private static func extendDisable(_ s: inout UsageStats, to end: Date, reason: FailureReason, now: Date) {
        if let cur = s.disabledUntil, cur > now, cur >= end { return }
        s.disabledUntil = end
        s.disabledReason = reason
    }
}
