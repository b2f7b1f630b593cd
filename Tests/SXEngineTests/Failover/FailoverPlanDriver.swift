import SXCore
import Foundation
@testable import SXEngine

/// Plays the session's part against a `FailoverPlan`: answers each `read` from a table, fails each attempt as
/// `outcome` says (nil: it answers) and collects the steps up to an answer, a wait or a stop.
struct FailoverDriver {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let codex = ModelRef(provider: .openaiCodex, model: "gpt-5.5")
    static let codexMini = ModelRef(provider: .openaiCodex, model: "gpt-5.4-mini")
    static let claude = ModelRef(provider: .anthropic, model: "claude-sonnet-4-5")
    static let gemini = ModelRef(provider: .google, model: "gemini-3.5-flash")
    static let router = ModelRef(provider: .router, model: "local")

    var candidates: [String: Candidates]
    var outcome: (FailoverAttempt) -> AttemptFailure? = { _ in nil }
    /// Every step the plan gave, in order.
    var steps: [FailoverPlan.Step] = []

    init(
        _ candidates: KeyValuePairs<ModelRef, Candidates>,
        outcome: @escaping (FailoverAttempt) -> AttemptFailure? = { _ in nil }
    ) {
        self.candidates = Dictionary(uniqueKeysWithValues: candidates.map { ($0.key.description, $0.value) })
        self.outcome = outcome
    }

    /// Runs the plan until an attempt answers (returned), or it waits or stops (returned as the last step).
    @discardableResult
    mutating func run(_ plan: inout FailoverPlan, now: Date = FailoverDriver.now) -> FailoverPlan.Step {
        for _ in 0..<100 {
            let step = plan.next(now: now)
            steps.append(step)
            switch step {
            case .announce, .dropSticky:
                continue
            case .read(let target):
                plan.learn(candidates[target.description] ?? .profiles([]), for: target)
            case .attempt(let a):
                _ = plan.started(a)
                guard let failure = outcome(a) else { return step }
                plan.failed(a, failure)
            case .wait, .stop:
                return step
            }
        }
        fatalError("the plan did not end in 100 steps")
    }

    /// The attempts made, as `profile@model` (or the model alone for a provider without logins).
    var attempts: [String] {
        steps.compactMap { step in
            guard case .attempt(let a) = step else { return nil }
            return a.profileId.map { "\($0)@\(a.target.model)" } ?? a.target.description
        }
    }

    var announcements: [EngineEvent] {
        steps.compactMap { if case .announce(let e) = $0 { e } else { nil } }
    }
}
