import Foundation

/// Why a request under a profile failed, classified once (docs/protocol/profiles.md#failure-classes).
public enum FailureReason: String, Sendable, Codable, CaseIterable {
    case rateLimit = "rate_limit"
    case billing
    case authPermanent = "auth_permanent"
    case auth
    case overloaded
    case timeout
    case format
    /// The request does not fit the model's context window: compacting the history is the remedy, not another
    /// profile (every profile of the model has the same window).
    case context
    case modelNotFound = "model_not_found"
    case unknown

    /// Whether another profile of the same provider could succeed where this one failed.
    public var rotates: Bool {
        switch self {
        case .rateLimit, .billing, .authPermanent, .auth, .overloaded, .timeout: true
        case .format, .context, .modelNotFound, .unknown: false
        }
    }
}
