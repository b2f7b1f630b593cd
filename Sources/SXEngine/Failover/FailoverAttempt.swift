import SXCore
import Foundation

/// One model request of a step: a model of the fallback chain on one profile.
struct FailoverAttempt: Sendable, Equatable {
    var target: ModelRef
    /// Nil for a provider that needs no login (demo, router).
    var profileId: String?

    /// The name its failures and retries are filed under: the profile, or the model when there is none.
    var who: String { profileId ?? target.description }
}

/// What the store says about one profile for one model, read when the plan reaches that model.
struct CandidateProfile: Sendable, Equatable {
    var id: String
    /// Cooling down or disabled until then (nil, or a time already past: usable).
    var blockedUntil: Date?
    /// The block is a rate-limit cooldown, the only kind worth waiting for (DECISIONS 26).
    var rateLimited = false

    init(_ id: String, blockedUntil: Date? = nil, rateLimited: Bool = false) {
        self.id = id
        self.blockedUntil = blockedUntil
        self.rateLimited = rateLimited
    }
}

/// A model's provider as the session found it when the plan asked (`FailoverPlan.Step.read`).
enum Candidates: Sendable, Equatable {
    /// The provider needs no login: one attempt without a profile.
    case open
    /// Its usable profiles in the store's order (docs/protocol/profiles.md#candidate-order); empty: no login.
    case profiles([CandidateProfile])
    /// The provider is not in this build: the chain moves on.
    case unavailable(String)
    /// The store could not be read: the step stops with this error.
    case unreadable(String)
}

/// How an attempt that did not answer ended, as the session tells the plan.
enum AttemptFailure: Sendable, Equatable {
    /// No credential could be had (the text names the profile).
    case credential(String)
    /// The request failed and `RetryPolicy` sent it on to another profile or model.
    case request(ProviderFailure)
}
