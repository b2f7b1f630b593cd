import Foundation
import SXCore
import SXAuth

/// The failover rules of one step as a value (docs/protocol/profiles.md#rotation-and-fallback): which model and
/// profile to try next, which to skip, and what to do when nothing is left. It reads no clock, store or network:
/// the session passes the time, hands over each model's candidates when asked (`Step.read`), carries out each
/// attempt and reports how it failed. One plan lives for one step, across its waits (DECISIONS 26).
struct FailoverPlan: Sendable {
    enum Pin: Sendable, Equatable {
        case auto
        /// The user's profile: the only one tried for the preferred model's provider, never rotated away from;
        /// when it fails the chain moves to the next model.
        case profile(String)
    }

    enum Step: Sendable, Equatable {
        /// A switch of model to show; then ask again.
        case announce(EngineEvent)
        /// The session's sticky profile of this provider is near its limit: forget it, show the notice, ask again.
        case dropSticky(ProviderID, notice: String)
        /// Read this model's candidates and hand them to `learn`.
        case read(ModelRef)
        /// Try this; report a failure with `failed` (a success or an interrupt ends the step).
        case attempt(FailoverAttempt)
        /// Nothing can answer before `until`, when a rate limit ends: show the notice, sleep, ask again.
        case wait(until: Date, notice: String)
        /// Nothing is left: the step fails with this message.
        case stop(String)
    }

    let chain: [ModelRef]
    let pin: Pin
    let policy: RetryPolicy
    /// The model that answered the session's last step: coming back to the preferred one is announced.
    let lastServed: ModelRef?
    let rotateAtPercent: Int
    /// The session's last working profile per provider, tried first.
    private(set) var sticky: [ProviderID: String]
    /// Profiles whose last response reported usage at or above `rotateAtPercent`.
    let nearLimit: Set<String>
    /// Same-profile retries spent in this step, by `FailoverAttempt.who`, kept across waits: a limit that keeps
    /// coming back is not backed off four more times after each wait.
    var retries: [String: RetryPolicy.Tried] = [:]
    private(set) var waits = 0
    private(set) var waited: TimeInterval = 0

    // The current pass over the chain.
    private(set) var log = AttemptLog()
    private(set) var tried: [FailoverAttempt] = []
    private var index = 0
    private var entered = false
    /// The current model's candidates not yet reached; nil until the session read them.
    private var queue: [CandidateProfile?]?
    private var count = 0
    private var blocked = 0
    /// Set when the current model is done before its candidates are (no login, no provider, a pinned failure).
    private var leaving: String?
    /// Why the previous model was left, shown with the switch to the next.
    private var why = ""
    private var lastStarted: FailoverAttempt?
    private var stopped: String?
    /// The near-limit notice of the model just read, shown before its first attempt.
    private var pendingNotice: Step?

    init(
        chain: [ModelRef], pin: Pin = .auto, sticky: [ProviderID: String] = [:], nearLimit: Set<String> = [],
        rotateAtPercent: Int = 95, lastServed: ModelRef? = nil, policy: RetryPolicy = RetryPolicy()
    ) {
        self.chain = chain
        self.pin = pin
        self.sticky = sticky
        self.nearLimit = nearLimit
        self.rotateAtPercent = rotateAtPercent
        self.lastServed = lastServed
        self.policy = policy
    }

    /// Whether the pin holds for this model: it binds the preferred model's provider, the one it was pinned on.
    func isPinned(_ target: ModelRef) -> Bool {
        guard case .profile = pin else { return false }
        return target.provider == chain.first?.provider
    }

    mutating func next(now: Date) -> Step {
        if let stopped { return .stop(stopped) }
        while index < chain.count {
            let target = chain[index]
            if !entered {
                entered = true
                if let e = arrival(at: target) { return .announce(e) }
            }
            guard var queue else { return .read(target) }
            if let step = pendingNotice { pendingNotice = nil; return step }
            while leaving == nil, !queue.isEmpty {
                let c = queue.removeFirst()
                self.queue = queue
                if let c, let until = c.blockedUntil, until > now {
                    log.add(
                        "\(c.id): cooling down until \(ProviderFailure.formatReset(until, now: now))", until: until,
                        rateLimited: c.rateLimited)
                    blocked += 1
                    continue
                }
                let a = FailoverAttempt(target: target, profileId: c?.id)
                guard !tried.contains(a) else { continue }
                tried.append(a)
                return .attempt(a)
            }
            let name = target.provider.displayName
            why =
                leaving
                ?? (blocked == count
                    ? "every \(name) profile is cooling down"
                    : "every \(name) profile failed (\(log.lines.last ?? ""))")
            index += 1
            entered = false
            self.queue = nil
            leaving = nil
            (count, blocked) = (0, 0)
        }
        return endOfPass(now: now)
    }

    /// The answer to `Step.read(target)`.
    mutating func learn(_ candidates: Candidates, for target: ModelRef) {
        guard index < chain.count, chain[index] == target, queue == nil else { return }
        queue = []
        switch candidates {
        case .open:
            queue = [nil]
            count = 1
        case .unavailable(let error):
            log.add("\(target): \(error)")
            leaving = error
        case .unreadable(let error):
            stopped = error
        case .profiles(let profiles):
            let provider = target.provider
            let (ordered, leftSticky) = Self.order(
                profiles, pinned: pinnedId(target), sticky: sticky[provider],
                nearLimit: nearLimit)
            guard let first = ordered.first else {
                log.add(
                    "\(target): no login found — run `sx auth login --provider \(provider.displayName)` "
                        + "(or `sx exec --provider demo` to try sx offline)")
                leaving = "no \(provider.displayName) login"
                return
            }
            if leftSticky, let s = sticky.removeValue(forKey: provider) {
                pendingNotice = .dropSticky(
                    provider,
                    notice: "\(s) is at \(rotateAtPercent)% or more of its limit; "
                        + "moving to \(first.id)")
            }
            queue = ordered
            count = ordered.count
        }
    }

    /// The attempt is about to send (its credential is in hand): a profile switch within a model is shown once.
    mutating func started(_ a: FailoverAttempt) -> EngineEvent? {
        defer { lastStarted = a }
        guard let to = a.profileId, let prev = lastStarted, prev.target == a.target, let from = prev.profileId,
            from != to
        else { return nil }
        return .profileSwitched(from: from, to: to, reason: log.lines.last ?? "")
    }

    /// The attempt did not answer and the step goes on. A pinned profile's request failure leaves its model.
    mutating func failed(_ a: FailoverAttempt, _ failure: AttemptFailure) {
        switch failure {
        case .credential(let text):
            // Credential errors name their profile already.
            log.add(text.hasPrefix(a.who) ? text : "\(a.who): \(text)")
        case .request(let f):
            log.add("\(a.who): \(f)", until: f.resetsAt, rateLimited: f.reason == .rateLimit)
            if isPinned(a.target) { leaving = "the pinned profile failed: \(f.reason.rawValue)" }
        }
    }

    private func pinnedId(_ target: ModelRef) -> String? {
        guard case .profile(let id) = pin, isPinned(target) else { return nil }
        return id
    }

    private func arrival(at target: ModelRef) -> EngineEvent? {
        if index > 0 {
            return .modelSwitched(from: chain[index - 1].description, to: target.description, reason: why)
        }
        guard let last = lastServed, last != target else { return nil }
        return .modelSwitched(
            from: last.description, to: target.description,
            reason: "the preferred model is available again")
    }

    /// Nothing answered in this pass: wait for the soonest rate limit when `RetryPolicy.afterChain` allows it and
    /// go round again, else stop with every attempt listed.
    private mutating func endOfPass(now: Date) -> Step {
        switch policy.afterChain(soonest: log.soonestLimit, waited: waited, waits: waits, now: now) {
        case .giveUp:
            let message = log.failureMessage(now: now)
            stopped = message
            return .stop(message)
        case .wait(let until):
            let delay = until.timeIntervalSince(now)
            let notice =
                "nothing can answer until a limit resets (\(log.lines.last ?? "rate limited")); "
                + "retrying in \(RetryPolicy.format(delay))"
            waits += 1
            waited += delay
            startPass()
            return .wait(until: until, notice: notice)
        }
    }

    private mutating func startPass() {
        log = AttemptLog()
        tried = []
        index = 0
        entered = false
        queue = nil
        (count, blocked) = (0, 0)
        leaving = nil
        why = ""
        lastStarted = nil
    }
}
