import Foundation
import SXCore

extension FailureClassifier {
    /// A rate limit that is a usage quota rather than a short limit: Codex `usage_limit_reached`, a Claude
    /// subscription window whose unified status is `rejected`, a Gemini per-day quota. Never retried on its profile.
    static func isUsageQuota(type: String?, code: String?, err: JSONObject?, headers: HeaderFields) -> Bool {
        type == "usage_limit_reached" || code == "usage_limit_reached" || subscriptionWindowRejected(headers)
            || geminiDailyQuota(err)
    }

    static func subscriptionWindowRejected(_ h: HeaderFields) -> Bool {
        ["status", "5h-status", "7d-status"].contains { h["anthropic-ratelimit-unified-" + $0] == "rejected" }
    }

    /// A `QuotaFailure` violation of a per-day quota (`GenerateRequestsPerDayPerProjectPerModel-FreeTier`). Its
    /// `RetryInfo.retryDelay` is still a few seconds (googleapis/python-genai#2044 shows "47s" beside it), which
    /// is when the per-minute window reopens, not the daily one: that delay is not the reset.
    static func geminiDailyQuota(_ err: JSONObject?) -> Bool {
        guard let details = err?["details"]?.arrayValue else { return false }
        return details.contains { d in
            guard d["@type"]?.stringValue?.hasSuffix("google.rpc.QuotaFailure") == true,
                let violations = d["violations"]?.arrayValue
            else { return false }
            return violations.contains { $0["quotaId"]?.stringValue?.contains("PerDay") == true }
        }
    }
}
