import Foundation
import SXCore
import SXAuth

/// A failed request, classified once (ARCHITECTURE.md step 6). Its `description` is the one line a person sees.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: FailureReason
    public var provider: ProviderID
    /// HTTP status when there was a response.
    public var status: Int?
    /// A short human message (server message or transport error), already free of secrets.
    public var message: String
    /// When the limit resets (rate limits), if the server said.
    public var resetsAt: Date?
    /// Whether any output of this attempt was already streamed when it failed.
    public var afterOutput: Bool
    /// Whether retrying the same request on the same profile may help (5xx, drops), as opposed to rotating.
    public var retryable: Bool
    /// The server's request id, for bug reports.
    public var requestId: String?
    /// A usage quota (Codex `usage_limit_reached`, a rejected Claude subscription window, a Gemini per-day quota),
    /// not a short rate limit: never retried on the same profile, however near its reset
    /// (docs/protocol/codex.md#errors-and-retries).
    public var usageLimit = false
    /// Whether a token refresh may cure an auth failure (not when the server refuses the kind of login itself).
    public var refreshMayHelp = true
    /// The error object's `code` and `param` (OpenAI), for refusals that name the field at fault.
    public var errorCode: String?
    public var errorParam: String?

    public init(
        reason: FailureReason, provider: ProviderID, status: Int? = nil, message: String, resetsAt: Date? = nil,
        afterOutput: Bool = false, retryable: Bool = false, requestId: String? = nil
    ) {
        self.reason = reason
        self.provider = provider
        self.status = status
        self.message = message
        self.resetsAt = resetsAt
        self.afterOutput = afterOutput
        self.retryable = retryable
        self.requestId = requestId
    }

    public var description: String {
        var s = "\(provider.displayName): "
        switch reason {
        case .rateLimit: s += "rate limited"
        case .billing: s += "billing/quota problem"
        case .authPermanent: s += "credential rejected (re-login needed)"
        case .auth: s += "authentication failed"
        case .overloaded: s += "provider overloaded"
        case .timeout: s += "connection problem"
        case .format: s += "request rejected"
        case .context: s += "the conversation does not fit the model's context window"
        case .modelNotFound: s += "unknown model"
        case .unknown: s += "request failed"
        }
        if let status { s += " (HTTP \(status))" }
        if !message.isEmpty { s += ": " + message }
        if let resetsAt { s += " — resets at \(Self.formatReset(resetsAt))" }
        return s
    }

    /// `2026-11-22 04:00 UTC (in 4h10m)`-style text.
    public static func formatReset(_ date: Date, now: Date = Date()) -> String {
        let text = UTCTime.minute(date) + " UTC"
        let secs = Int(date.timeIntervalSince(now))
        return secs > 0 ? "\(text) (in \(Duration.compact(secs)))" : text
    }
}

public enum Duration {
    /// `4h10m`, `3m12s`, `45s`.
    public static func compact(_ seconds: Int) -> String {
        let s = max(0, seconds)
        if s >= 86400 { return "\(s / 86400)d\((s % 86400) / 3600)h" }
        if s >= 3600 { return "\(s / 3600)h\((s % 3600) / 60)m" }
        if s >= 60 { return "\(s / 60)m\(s % 60)s" }
        return "\(s)s"
    }
}
