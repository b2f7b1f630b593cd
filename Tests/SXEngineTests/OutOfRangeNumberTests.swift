import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

/// Numbers a server, a token or a file may send that no clock can hold (1e300, inf, nan, -1e300): each is read as
/// if the field were absent, and nothing on the way to the screen or the store stops sx. The fuzzer found the first
/// one (a Gemini error line with a 70-digit `code`, Tests/Fixtures/fuzz/gemini/crash-faea366c…).
@Suite struct OutOfRangeNumberTests {
    static let wild = ["1e300", "-1e300", "inf", "nan", "1" + String(repeating: "1", count: 70)]
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aStreamErrorWithAHugeCodeIsClassified() {
        for code in Self.wild {
            let json = try! JSONParser.parse(
                #"{"error":{"code":\#(code.first == "n" || code.first == "i" ? "\"\(code)\"" : code),"message":"boom"}}"#
            ).objectValue!
            let f = FailureClassifier.streamError(provider: .google, json: json, afterOutput: true, now: now)
            #expect(f.message.contains("boom"), "\(code)")
        }
    }

    @Test func resetTimesOutOfRangeAreIgnored() {
        for v in Self.wild {
            let headers = HeaderFields([
                ("retry-after", v), ("x-codex-primary-used-percent", v), ("x-codex-primary-reset-at", v),
                ("x-codex-primary-window-minutes", v), ("x-ratelimit-reset-requests", v + "s"),
                ("x-ratelimit-remaining-requests", "0")
            ])
            #expect(FailureClassifier.retryAfter(headers, now: now) == nil, "Retry-After: \(v)")
            let body = Data(
                #"{"error":{"type":"usage_limit_reached","message":"limit reached","resets_at":"\#(v)","resets_in_seconds":"\#(v)"}}"#
                    .utf8)
            for provider in [ProviderID.openaiCodex, .openai, .anthropic, .google] {
                let f = FailureClassifier.classify(
                    provider: provider, status: 429, headers: headers, body: body, now: now)
                #expect(f.resetsAt == nil, "\(provider) \(v): \(String(describing: f.resetsAt))")
                #expect(!f.description.isEmpty)
            }
            let snap = CodexRateLimits.fromHeaders(headers)
            #expect(snap?.primary?.resetsAt == nil && snap?.primary?.windowMinutes == nil)
            // "1e300" reads as "1" followed by text; a number no clock holds is not read at all.
            #expect((RetryHint.seconds(inMessage: "Try again in \(v)s.") ?? 0) <= 1)
        }
        // In range, the same fields are read.
        let ok = HeaderFields([("retry-after", "30")])
        #expect(FailureClassifier.retryAfter(ok, now: now) == now.addingTimeInterval(30))
        #expect(OpenAIRateLimits.seconds("1h2m3s") == 3723)
    }

    @Test func tokensWithAnExpiryNoClockHoldsAreStillSaved() throws {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
                of: "/", with: "_"
            )
            .replacingOccurrences(of: "=", with: "")
        }
        let jwt = b64(#"{"alg":"none"}"#) + "." + b64(#"{"exp":1e300,"email":"a@b.c"}"#) + ".sig"
        let claims = try #require(JWTClaims(jwt: jwt))
        #expect(claims.expires == nil && claims.email == "a@b.c")
        // Whatever date reaches the store, its milliseconds are written.
        #expect(Date(timeIntervalSince1970: 1e300).epochMillis == .max)
        #expect(Date(timeIntervalSince1970: -1e300).epochMillis == .min)
        #expect(Date(timeIntervalSince1970: 1_800_000_000.5).epochMillis == 1_800_000_000_500)
        #expect(TimeValue.sane(.nan) == nil && TimeValue.sane(.infinity) == nil && TimeValue.sane(1e13) == nil)
        #expect(TimeValue.sane(1_800_000_000) == 1_800_000_000)
    }
}
