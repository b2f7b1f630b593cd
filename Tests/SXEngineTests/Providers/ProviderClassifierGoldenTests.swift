import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

extension Providers {
    /// Golden rows for the provider error shapes added to `FailureClassifier`: status + headers + body in,
    /// reason, reset and retryability out.
    @Suite struct ClassifierGolden {
        struct Row: Sendable, CustomTestStringConvertible {
            var name: String
            var provider: ProviderID
            var status: Int
            var headers: [String: String] = [:]
            var body: String
            var reason: FailureReason
            /// Seconds after `now`, or nil when no reset is expected.
            var resetIn: Double?
            var retryable = false
            var testDescription: String { name }
        }

        static let now = ISO8601DateFormatter().date(from: "2026-11-19T09:46:40Z")!
        static let rows: [Row] = [
            Row(
                name: "anthropic 429 exhausted tokens window", provider: .anthropic, status: 429,
                headers: [
                    "anthropic-ratelimit-tokens-remaining": "0",
                    "anthropic-ratelimit-tokens-reset": "2026-11-19T09:47:40Z",
                    "anthropic-ratelimit-requests-remaining": "10",
                    "anthropic-ratelimit-requests-reset": "2026-11-19T09:46:45Z",
                    "retry-after": "5"
                ],
                body:
                    #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#,
                reason: .rateLimit, resetIn: 60),
            Row(
                name: "anthropic 429 with only retry-after", provider: .anthropic, status: 429,
                headers: ["retry-after": "17"],
                body: #"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#,
                reason: .rateLimit, resetIn: 17),
            Row(
                name: "anthropic 529 overloaded", provider: .anthropic, status: 529,
                body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
                reason: .overloaded, retryable: true),
            Row(
                name: "anthropic 400 low credit", provider: .anthropic, status: 400,
                body:
                    #"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}"#,
                reason: .billing),
            Row(
                name: "anthropic 401 invalid key", provider: .anthropic, status: 401,
                body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
                reason: .auth),
            Row(
                name: "claude-code 403 not authorized for this credential", provider: .claudeCode, status: 403,
                body:
                    #"{"type":"error","error":{"type":"permission_error","message":"This credential is only authorized for use with Claude Code"}}"#,
                reason: .auth),
            Row(
                name: "openai rate_limit_exceeded on requests", provider: .openai, status: 429,
                headers: [
                    "x-ratelimit-reset-requests": "1.5s", "x-ratelimit-reset-tokens": "6m0s",
                    "x-ratelimit-remaining-tokens": "900"
                ],
                body:
                    #"{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
                reason: .rateLimit, resetIn: 1.5),
            Row(
                name: "openai rate_limit_exceeded, window from remaining=0", provider: .openai, status: 429,
                headers: [
                    "x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "1m30s",
                    "x-ratelimit-remaining-tokens": "0"
                ],
                body:
                    #"{"error":{"message":"Rate limit reached","type":"","param":null,"code":"rate_limit_exceeded"}}"#,
                reason: .rateLimit, resetIn: 90),
            Row(
                name: "openai insufficient_quota", provider: .openai, status: 429,
                body:
                    #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#,
                reason: .billing),
            Row(
                name: "openai 401 invalid_api_key", provider: .openai, status: 401,
                body:
                    #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
                reason: .authPermanent),
            Row(
                name: "openai 404 model_not_found", provider: .openai, status: 404,
                body:
                    #"{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#,
                reason: .modelNotFound),
            Row(
                name: "gemini RESOURCE_EXHAUSTED with RetryInfo", provider: .google, status: 429,
                body:
                    #"{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"46s"}]}}"#,
                reason: .rateLimit, resetIn: 46),
            Row(
                name: "gemini fractional retryDelay", provider: .google, status: 429,
                body:
                    #"{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2.5s"}]}}"#,
                reason: .rateLimit, resetIn: 2.5),
            Row(
                name: "gemini 400 API_KEY_INVALID", provider: .google, status: 400,
                body:
                    #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#,
                reason: .authPermanent),
            Row(
                name: "gemini 503 UNAVAILABLE overloaded", provider: .google, status: 503,
                body:
                    #"{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"#,
                reason: .overloaded, retryable: true),
            // Context overflow: each provider's words for it (docs/protocol/context.md#overflow-errors).
            Row(
                name: "anthropic 400 prompt is too long", provider: .anthropic, status: 400,
                body:
                    #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 213462 tokens > 200000 maximum"}}"#,
                reason: .context),
            Row(
                name: "openai 400 context_length_exceeded", provider: .openai, status: 400,
                body:
                    #"{"error":{"message":"Your input exceeds the context window of this model.","type":"invalid_request_error","param":"input","code":"context_length_exceeded"}}"#,
                reason: .context),
            Row(
                name: "gemini 400 input token count", provider: .google, status: 400,
                body:
                    #"{"error":{"code":400,"message":"The input token count (1196265) exceeds the maximum number of tokens allowed (1048575).","status":"INVALID_ARGUMENT"}}"#,
                reason: .context),
            Row(
                name: "router 400 maximum context length", provider: .router, status: 400,
                body:
                    #"{"object":"error","message":"This model's maximum context length is 32768 tokens. However, you requested 40211 tokens.","type":"BadRequestError","code":400}"#,
                reason: .context),
            Row(
                name: "openai 400 other invalid request", provider: .openai, status: 400,
                body:
                    #"{"error":{"message":"Invalid value for 'tool_choice'.","type":"invalid_request_error","param":"tool_choice","code":"invalid_value"}}"#,
                reason: .format),
            Row(
                name: "router throttling_error with code \"429\"", provider: .router, status: 429,
                body: #"{"error":{"message":"Try again in 12s","type":"throttling_error","param":null,"code":"429"}}"#,
                reason: .rateLimit, resetIn: 12)
        ]

        @Test(arguments: rows) func row(_ r: Row) {
            let f = FailureClassifier.classify(
                provider: r.provider, status: r.status, headers: HeaderFields(r.headers.map { ($0.key, $0.value) }),
                body: Data(r.body.utf8), now: Self.now)
            #expect(f.reason == r.reason)
            #expect(f.resetsAt.map { $0.timeIntervalSince(Self.now) } == r.resetIn)
            #expect(f.retryable == r.retryable)
        }

        @Test func streamErrorsMapToTheStatusTheirTypeStandsFor() {
            let cases: [([String: Any], FailureReason)] = [
                (["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]], .overloaded),
                (["type": "error", "error": ["type": "rate_limit_error", "message": "slow"]], .rateLimit),
                (["type": "error", "error": ["type": "api_error", "message": "Internal"]], .timeout),
                (
                    [
                        "type": "error",
                        "error": [
                            "type": "invalid_request_error",
                            "message": "prompt is too long: 213462 tokens > 200000 maximum"
                        ]
                    ], .context
                ),
                (
                    [
                        "type": "error",
                        "error": ["type": "invalid_request_error", "message": "max_tokens: must be positive"]
                    ], .format
                ),
                (["error": ["code": 429, "status": "RESOURCE_EXHAUSTED", "message": "quota"]], .rateLimit),
                (["error": ["message": "boom", "type": "server_error", "code": NSNull()]], .timeout),
                (
                    ["error": ["message": "no money", "type": "insufficient_quota", "code": "insufficient_quota"]],
                    .billing
                )
            ]
            for (json, reason) in cases {
                let f = FailureClassifier.streamError(
                    provider: .anthropic, json: (try? JSONValue(foundation: json))!.objectValue!,
                    afterOutput: true, now: Self.now)
                #expect(f.reason == reason, "\(json)")
                #expect(f.afterOutput)
                #expect(f.status == nil)
            }
        }

        @Test func durationsParse() {
            #expect(OpenAIRateLimits.seconds("6m0s") == 360)
            #expect(OpenAIRateLimits.seconds("20ms") == 0.02)
            #expect(OpenAIRateLimits.seconds("1h2m3s") == 3723)
            #expect(OpenAIRateLimits.seconds("46s") == 46)
            #expect(OpenAIRateLimits.seconds("12") == 12)
            #expect(OpenAIRateLimits.seconds("soon") == nil)
            #expect(OpenAIRateLimits.seconds("5x") == nil)
        }
    }
}
