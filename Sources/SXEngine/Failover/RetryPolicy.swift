import Foundation
import SXAuth

/// What the failover loop does after a failed request and after a chain with nothing left to try. Decided here from
/// the failure and what was already tried, carried out by the session; pure (the clock and the jitter are inputs), so
/// each rule is tested on its own.
struct RetryPolicy: Sendable, Equatable {
    /// Same-profile retries of 5xx and dropped connections, and the base of their backoff.
    var transientRetries = 3
    var transientBaseMs = 200
    /// Same-profile retries of a plain rate limit before it counts as a cooldown, and the base of their backoff when
    /// the server gave no time. Codex CLI retries such a 429 five times on its one login
    /// (docs/protocol/codex.md#errors-and-retries).
    var rateLimitRetries = 4
    var rateLimitBaseMs = 1000
    /// `RETRY_WAIT_MAX` in seconds: no wait is longer, the waits for cooling profiles in one step add up to at most
    /// this, and 0 turns every rate-limit wait off.
    var waitMax: TimeInterval = 60
    /// A reset hint at most this far off keeps a plain rate limit on its profile; a later one is a cooldown at once,
    /// so another profile gets the request without waiting.
    var sameProfileHint: TimeInterval = 10
    /// Most waits for cooling profiles in one step (a server that keeps saying "1 s" is not polled for a minute).
    var maxWaits = 3
    /// A reset at most this far in the past is a try at once (the server's clock, or the time the reply took);
    /// one further back says nothing about when the limit ends, and the step fails as before.
    var pastResetTolerance: TimeInterval = 5

    /// What was already tried on the current profile in this step.
    struct Tried: Sendable, Equatable {
        var transient = 0
        var rateLimit = 0
        var refreshed = false
    }

    enum Action: Sendable, Equatable {
        /// The same request on the same profile after `after` seconds; `rateLimited` waits are shown as a countdown.
        case retry(after: TimeInterval, rateLimited: Bool)
        /// One forced OAuth refresh, then the same request.
        case refresh
        /// The next profile of the provider (the model's chain goes on when none is left).
        case rotate
        /// The pinned profile failed: straight to the next model of the chain.
        case nextModel
        /// The turn fails with this failure (another profile would fail the same way).
        case fail
    }

    enum AfterChain: Sendable, Equatable {
        /// Everything left is cooling down and the soonest is free at this time: wait for it, then try again.
        case wait(until: Date)
        case giveUp
    }

    /// After a request that failed before any output. `jitter` (0…0.25) spreads exponential delays.
    func afterFailure(
        _ f: ProviderFailure, tried: Tried, oauth: Bool, pinned: Bool, now: Date,
        jitter: Double = 0
    ) -> Action {
        if f.retryable && tried.transient < transientRetries {
            let ms = Double(transientBaseMs) * pow(2, Double(tried.transient))
            return .retry(after: ms * (1 + jitter) / 1000, rateLimited: false)
        }
        if let delay = rateLimitDelay(f, tried: tried.rateLimit, now: now, jitter: jitter) {
            return .retry(after: delay, rateLimited: true)
        }
        if f.reason == .auth && f.refreshMayHelp && !tried.refreshed && oauth { return .refresh }
        guard f.reason.rotates else { return .fail }
        return pinned ? .nextModel : .rotate
    }

    /// After a request that failed with part of an answer on screen: re-asking the same profile would repeat it, so
    /// only a limit or a login problem is worth another profile.
    func afterCutOff(_ f: ProviderFailure, pinned: Bool) -> Action {
        f.reason.rotates && f.reason != .timeout && !pinned ? .rotate : .fail
    }

    /// Whether the store hears of this failure (a cooldown or a disable): not while the same profile is retried.
    static func records(_ f: ProviderFailure, _ action: Action) -> Bool {
        switch action {
        case .retry, .refresh: false
        case .rotate, .nextModel, .fail: [.rateLimit, .billing, .auth, .authPermanent].contains(f.reason)
        }
    }

    /// The delay before retrying a plain rate limit on its profile: the server's own time when it gave one (as Codex
    /// CLI does, openai/codex codex-rs/core/src/codex.rs: the error's delay, else `backoff(n)`), else exponential
    /// from `rateLimitBaseMs`. Nil for a usage quota, a far reset, after `rateLimitRetries`, or with waits off.
    func rateLimitDelay(_ f: ProviderFailure, tried: Int, now: Date, jitter: Double) -> TimeInterval? {
        guard f.reason == .rateLimit, !f.usageLimit, waitMax > 0, tried < rateLimitRetries else { return nil }
        let hint = f.resetsAt.map { $0.timeIntervalSince(now) }
        if let hint, hint > min(sameProfileHint, waitMax) { return nil }
        if let hint, hint > 0 { return hint }
        let exponential = Double(rateLimitBaseMs) * pow(2, Double(tried)) * (1 + jitter) / 1000
        return min(exponential, waitMax)
    }

    /// When no candidate could answer: wait for the soonest cooling one if it is free within what is left of
    /// `waitMax` for this step (`waited` seconds were spent on `waits` earlier waits). A reset just past is a try
    /// at once, still one of the `maxWaits`.
    func afterChain(soonest: Date?, waited: TimeInterval, waits: Int, now: Date) -> AfterChain {
        guard waitMax > 0, waits < maxWaits, let soonest, soonest.timeIntervalSince(now) >= -pastResetTolerance else {
            return .giveUp
        }
        let until = max(soonest, now)
        return until.timeIntervalSince(now) <= waitMax - waited ? .wait(until: until) : .giveUp
    }

    /// "1.5s", "12s", "2m5s": a wait as a person reads it.
    static func format(_ seconds: TimeInterval) -> String {
        if seconds < 10 {
            let tenths = (seconds * 10).rounded(.up) / 10
            return tenths == tenths.rounded() ? "\(Int(tenths))s" : String(format: "%.1fs", tenths)
        }
        return Duration.compact(Int(seconds.rounded(.up)))
    }
}
