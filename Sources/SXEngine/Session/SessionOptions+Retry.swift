import Foundation

extension SessionOptions {
    var retryPolicy: RetryPolicy {
        RetryPolicy(
            transientRetries: maxRetries, transientBaseMs: retryBaseMs, rateLimitRetries: rateLimitRetries,
            rateLimitBaseMs: rateLimitBaseMs, waitMax: retryWaitMax)
    }
}
