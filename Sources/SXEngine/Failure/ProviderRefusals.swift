import Foundation
import SXCore
import SXAuth

/// Refusals of 2026 that need their own reading (docs/protocol/anthropic.md#subscription-refusal,
/// docs/protocol/openai.md#unverified-organisations), applied after the status table of `FailureClassifier`.
enum ProviderRefusals {
    /// Anthropic's answer to a subscription token outside Claude Code.
    static let subscriptionMarker = "only authorized for use with claude code"
    /// OpenAI's answer to streaming a model that needs a verified organisation.
    static let verifyStreamMarker = "must be verified to stream"

    static func apply(_ f: inout ProviderFailure, err: JSONObject?) {
        f.errorCode = err?["code"]?.stringValue
        f.errorParam = err?["param"]?.stringValue
        let lower = f.message.lowercased()
        if [400, 403].contains(f.status ?? 0), lower.contains(subscriptionMarker) {
            // A refusal of the login itself: another try or a refresh gets the same answer. The profile is blocked
            // for `auth` and failover moves on.
            f.reason = .auth
            f.refreshMayHelp = false
            f.message =
                "Anthropic refuses this Claude subscription login outside Claude Code (it restricts "
                + "subscription logins in third-party clients); use an API key instead: sx auth add-key --provider anthropic NAME"
        } else if f.provider == .openai, lower.contains(verifyStreamMarker) {
            f.reason = .format
            f.message =
                "your OpenAI organization must be verified to stream this model: verify it at "
                + "https://platform.openai.com/settings/organization/general (it can take 15 minutes), or pick another model"
        }
    }

    /// OpenAI's `400 unsupported_value` on `reasoning.summary` ("Your organization must be verified to generate
    /// reasoning summaries"): the same request without the summary is accepted.
    static func isSummaryRefusal(_ f: ProviderFailure) -> Bool {
        f.status == 400 && f.errorCode == "unsupported_value" && f.errorParam == "reasoning.summary" && !f.afterOutput
    }
}
