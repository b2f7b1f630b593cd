import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

@Suite struct CooldownTests {
    @Test func rateLimitLadderWithoutServerResetAndNeverShortened() async throws {
        let h = try TempHome()
        let clock = ManualClock()
        let store = ProfileStore(paths: h.paths, clock: clock)
        _ = try await store.addKey(provider: .openai, name: "a", key: "sk-proj-aaaaaaaaaaaaaaaa")
        var s = try await store.markFailure("openai:a", reason: .rateLimit, model: "gpt-5")
        #expect(s.cooldownUntil == clock.now().addingTimeInterval(60))
        #expect(s.cooldownModel == "gpt-5")
        #expect(s.blockedUntil(now: clock.now(), model: "other") == nil, "a model-scoped cooldown leaves other models")
        clock.advance(by: 61)
        s = try await store.markFailure("openai:a", reason: .rateLimit, model: "gpt-5")
        #expect(s.cooldownUntil == clock.now().addingTimeInterval(300))
        #expect(s.failureCounts[.rateLimit] == 2)
        // A server reset earlier than the active cooldown does not shorten it.
        let before = s.cooldownUntil
        s = try await store.markFailure(
            "openai:a", reason: .rateLimit, until: clock.now().addingTimeInterval(10), model: "gpt-5")
        #expect(s.cooldownUntil == before)
        #expect(s.errorCount == 3)
    }

    @Test func authPermanentDisablesAndSuccessClearsEverything() async throws {
        let h = try TempHome()
        let clock = ManualClock()
        let store = ProfileStore(paths: h.paths, clock: clock)
        _ = try await store.addKey(provider: .openai, name: "a", key: "sk-proj-aaaaaaaaaaaaaaaa")
        var s = try await store.markFailure("openai:a", reason: .authPermanent)
        #expect(s.disabledUntil == clock.now().addingTimeInterval(600))
        #expect(s.needsRelogin)
        s = try await store.markFailure("openai:a", reason: .billing)
        #expect(s.disabledReason == .billing)
        #expect(s.disabledUntil == clock.now().addingTimeInterval(5 * 3600))
        try await store.markSuccess("openai:a")
        let after = try store.load().usageStats("openai:a")
        #expect(after.errorCount == 0)
        #expect(after.disabledUntil == nil && after.cooldownUntil == nil && after.failureCounts.isEmpty)
        #expect(after.lastFailureAt != nil, "history stays")
        #expect(try store.load().lastGood(for: .openai) == "openai:a")
    }
}

@Suite struct JWTTests {
    @Test func readsOpenAIClaims() throws {
        let exp = Date(timeIntervalSince1970: 1_795_306_693)
        let jwt = OAuthMockServer.makeJWT(
            exp: exp, accountId: "acct-mock-0001", email: "mock.user@example.com", plan: "plus")
        let c = try #require(JWTClaims(jwt: jwt))
        #expect(c.expires == exp)
        #expect(c.email == "mock.user@example.com")
        #expect(c.accountId == "acct-mock-0001")
        #expect(c.planType == "plus")
        #expect(c.userId == "user-mock123")
    }

    @Test func emailFallsBackToProfileClaimAndGarbageIsNil() throws {
        let payload =
            #"{"exp":100,"https://api.openai.com/profile":{"email":"p@example.com"},"https://api.openai.com/auth":{"user_id":"u1"}}"#
        let jwt = "eyJhbGciOiJub25lIn0." + JWTClaims.base64URLEncode(Data(payload.utf8)) + ".x"
        let c = try #require(JWTClaims(jwt: jwt))
        #expect(c.email == "p@example.com")
        #expect(c.userId == "u1")
        #expect(c.accountId == nil)
        #expect(JWTClaims(jwt: "not-a-jwt") == nil)
        #expect(JWTClaims(jwt: "a.!!!.c") == nil)
    }
}
