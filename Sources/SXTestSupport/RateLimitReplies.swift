import Foundation

/// The ChatGPT backend's short rate limits, as opposed to `usageLimitReply`'s usage quota
/// (docs/protocol/codex.md#stream-events, docs/protocol/codex.md#errors-and-retries).
extension CodexSSE {
    /// A 200 stream that ends in `response.failed` with `rate_limit_exceeded` and the server's own words.
    public static func rateLimitExceeded(
        _ message: String = "Rate limit reached for gpt-5.5. Please try again in 1.5s."
    ) -> MockReply {
        var s = CodexSSE()
        s.failed(code: "rate_limit_exceeded", message: message)
        return .sse(s.text)
    }

    /// A plain 429 (not `usage_limit_reached`) with `Retry-After` in seconds or as an HTTP date.
    public static func retryAfterReply(_ retryAfter: String) -> MockReply {
        .json(
            429, ["error": ["type": "rate_limit_exceeded", "message": "Too many requests, please slow down."]],
            headers: [("retry-after", retryAfter), ("x-request-id", "req_mock_429_short")])
    }
}
