import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// Reset hints in server words and in `Retry-After`, and where the classifier puts them.
@Suite struct RetryHintTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func messageDelays() {
        #expect(RetryHint.seconds(inMessage: "Rate limit reached for gpt-5.5. Please try again in 1.5s.") == 1.5)
        #expect(RetryHint.seconds(inMessage: "Please try again in 20ms.") == 0.02)
        #expect(RetryHint.seconds(inMessage: "Try again in 12s") == 12)
        #expect(RetryHint.seconds(inMessage: "try again in 35 seconds") == 35)
        #expect(RetryHint.seconds(inMessage: "Please try again in 1 minute") == 60)
        // OpenAI writes minutes as "6m0s": six minutes, not six seconds.
        #expect(RetryHint.seconds(inMessage: "Limit 30000, Used 30000. Please try again in 6m0s.") == 360)
        #expect(RetryHint.seconds(inMessage: "try again in 1h2m3.5s") == 3723.5)
    }

    @Test func messagesWithoutADelay() {
        for m in [
            "Please try again later.", "try again in a few seconds", "try again in 3 fortnights", "rate limited",
            "try again in .5s", "try again in -3s", "try again in"
        ] {
            #expect(RetryHint.seconds(inMessage: m) == nil, "\(m)")
        }
    }

    @Test func retryAfterSecondsAndHTTPDates() {
        #expect(RetryHint.retryAfter("3", now: now) == now.addingTimeInterval(3))
        #expect(RetryHint.retryAfter(" 0 ", now: now) == now)
        #expect(RetryHint.retryAfter("-5", now: now) == nil)
        // RFC 9110's own example of an IMF-fixdate.
        #expect(
            RetryHint.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == Date(timeIntervalSince1970: 784_111_777))
        #expect(
            RetryHint.retryAfter("Wed, 02 Dec 2026 16:30:05 GMT", now: now)
                == Date(timeIntervalSince1970: 1_796_229_005))
        for bad in [
            "soon", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT", "06 Nov 1994 08:49:37 GMT", ""
        ] {
            #expect(RetryHint.retryAfter(bad, now: now) == nil, "\(bad)")
        }
    }

    @Test func theClassifierReadsEachHint() {
        let plain = Data(#"{"error":{"type":"rate_limit_error","message":"slow down"}}"#.utf8)
        let a = FailureClassifier.classify(
            provider: .openaiCodex, status: 429, headers: HeaderFields([("retry-after", "1")]),
            body: plain, now: now)
        #expect(a.reason == .rateLimit && a.resetsAt == now.addingTimeInterval(1) && !a.usageLimit)
        let dated = FailureClassifier.classify(
            provider: .openaiCodex, status: 429,
            headers: HeaderFields([("retry-after", "Fri, 15 Jan 2027 08:00:00 GMT")]),
            body: plain, now: now)
        #expect(dated.resetsAt == Date(timeIntervalSince1970: 1_800_000_000))
        let worded = Data(#"{"error":{"code":"rate_limit_exceeded","message":"Please try again in 1.5s."}}"#.utf8)
        let b = FailureClassifier.classify(
            provider: .openai, status: 429, headers: HeaderFields([]), body: worded, now: now)
        #expect(b.resetsAt == now.addingTimeInterval(1.5))
        let quota = Data(#"{"error":{"type":"usage_limit_reached","message":"limit","resets_in_seconds":17000}}"#.utf8)
        let c = FailureClassifier.classify(
            provider: .openaiCodex, status: 429, headers: HeaderFields([]), body: quota, now: now)
        #expect(c.usageLimit && c.resetsAt == now.addingTimeInterval(17000))
    }

    @Test func usageQuotasAreToldFromShortLimits() throws {
        func gemini(_ quotaId: String) throws -> ProviderFailure {
            var body = GeminiSSE.resourceExhaustedBody(retryDelay: "47s")
            var err = try #require(body["error"] as? [String: Any])
            var details = try #require(err["details"] as? [[String: Any]])
            details[0]["violations"] = [
                [
                    "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                    "quotaId": quotaId
                ]
            ]
            err["details"] = details
            body["error"] = err
            return FailureClassifier.classify(
                provider: .google, status: 429, headers: HeaderFields([]),
                body: try JSONSerialization.data(withJSONObject: body), now: now)
        }
        // Per minute: 47 s is the reset. Per day: 47 s is only when the minute window reopens.
        let minute = try gemini("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")
        #expect(!minute.usageLimit && minute.resetsAt == now.addingTimeInterval(47))
        let day = try gemini("GenerateRequestsPerDayPerProjectPerModel-FreeTier")
        #expect(day.reason == .rateLimit && day.usageLimit && day.resetsAt == nil)

        let body = Data(
            #"{"type":"error","error":{"type":"rate_limit_error","message":"You've reached your usage limit for this 5-hour window."}}"#
                .utf8)
        let window = FailureClassifier.classify(
            provider: .claudeCode, status: 429,
            headers: HeaderFields(
                AnthropicSSE.unifiedHeaders(status: "rejected", fiveHourUtilization: 1, fiveHourReset: 1_800_003_600)),
            body: body, now: now)
        #expect(window.usageLimit && window.resetsAt == now.addingTimeInterval(3600))
        let perMinute = FailureClassifier.classify(
            provider: .anthropic, status: 429,
            headers: HeaderFields([("retry-after", "4")]), body: body, now: now)
        #expect(!perMinute.usageLimit && perMinute.resetsAt == now.addingTimeInterval(4))
    }

    @Test func theCodexStreamFailureReadsTheMessage() {
        func failed(_ code: String, _ message: String) -> ProviderFailure? {
            var decoder = CodexStreamDecoder()
            let data =
                #"{"type":"response.failed","response":{"id":"r1","status":"failed","error":{"code":"\#(code)","message":"\#(message)"}}}"#
            do {
                try decoder.handle(SSEEvent(event: "response.failed", data: data), now: now) { _ in }
            } catch let f as ProviderFailure {
                return f
            } catch {}
            return nil
        }
        let f = failed("rate_limit_exceeded", "Rate limit reached. Please try again in 1.5s.")
        #expect(f?.reason == .rateLimit && f?.resetsAt == now.addingTimeInterval(1.5) && f?.usageLimit == false)
        let u = failed("usage_limit_reached", "The usage limit has been reached")
        #expect(u?.reason == .rateLimit && u?.usageLimit == true)
    }
}
