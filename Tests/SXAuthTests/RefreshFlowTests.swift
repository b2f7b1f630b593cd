import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

@Suite struct RefreshFlowTests {
    @Test func concurrentCallersInOneProcessShareOneRefresh() async throws {
        var config = OAuthMockServer.Config()
        config.refreshDelayMillis = 200
        try await withIssuer(config) { server, home, pool in
            server.registerRefreshToken("rt-single-flight-001")
            let store = ProfileStore(paths: home.paths)
            try store.update { doc in
                doc.setProfile(
                    "openai-codex:a",
                    oauthProfile(
                        access: "eyJexpired-0000000001", refresh: "rt-single-flight-001",
                        expires: Date().addingTimeInterval(-1)))
            }
            let settings = try testSettings(home, issuer: server.issuer)
            // Two stores in one process (two engine parts) and several callers each.
            let one = CredentialStore(store: store, settings: settings, http: AuthHTTP(pool: pool))
            let two = CredentialStore(
                store: ProfileStore(paths: home.paths), settings: settings, http: AuthHTTP(pool: pool))
            let secrets = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        try await (i % 2 == 0 ? one : two).credential(profileId: "openai-codex:a", forceRefresh: false)
                            .secret
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(server.requests(path: "/oauth/token").count == 1)
            #expect(secrets == [server.lastIssuedAccess!])
        }
    }

    @Test func forcedRefreshAfter401RotatesOnceAndAppliesToOtherProcessesResults() async throws {
        try await withIssuer { server, home, pool in
            server.registerRefreshToken("rt-force-000000001")
            let store = ProfileStore(paths: home.paths)
            try store.update { doc in
                doc.setProfile(
                    "openai-codex:a",
                    oauthProfile(
                        access: "eyJstill-valid-000001", refresh: "rt-force-000000001",
                        expires: Date().addingTimeInterval(3000)))
            }
            let settings = try testSettings(home, issuer: server.issuer)
            let creds = CredentialStore(store: store, settings: settings, http: AuthHTTP(pool: pool))
            let fresh = try await creds.credential(profileId: "openai-codex:a", forceRefresh: false)
            #expect(fresh.secret == "eyJstill-valid-000001")
            #expect(server.requests(path: "/oauth/token").isEmpty, "not stale: no refresh")
            // The provider got a 401: two callers force a refresh; one request is made.
            let a = try await creds.credential(profileId: "openai-codex:a", forceRefresh: true)
            let b = try await creds.credential(profileId: "openai-codex:a", forceRefresh: true)
            #expect(a.secret == server.lastIssuedAccess && b.secret == a.secret)
            #expect(server.requests(path: "/oauth/token").count == 1)
            // Another process's store instance sees the rotated token without refreshing.
            let other = CredentialStore(
                store: ProfileStore(paths: home.paths), settings: settings, http: AuthHTTP(pool: pool))
            #expect(try await other.credential(profileId: "openai-codex:a", forceRefresh: false).secret == a.secret)
            #expect(server.requests(path: "/oauth/token").count == 1)
        }
    }

    @Test func claudeSubscriptionRefreshIsJSONWithClientId() async throws {
        try await withIssuer { server, home, pool in
            server.registerRefreshToken("sk-ant-ort01-refresh-0001")
            let store = ProfileStore(paths: home.paths)
            try store.update { doc in
                doc.setProfile(
                    "claude-code:max",
                    AuthProfile.oauthObject(
                        provider: .claudeCode, access: "sk-ant-oat01-old-access-0001",
                        refresh: "sk-ant-ort01-refresh-0001",
                        expires: Date().addingTimeInterval(60), accountId: nil, email: nil, plan: nil))
            }
            let settings = try testSettings(home, extra: ["CLAUDE_AUTH_URL": server.issuer.absoluteString])
            let creds = CredentialStore(store: store, settings: settings, http: AuthHTTP(pool: pool))
            #expect(try await creds.profileIds(for: .claudeCode) == ["claude-code:max"])
            let c = try await creds.credential(profileId: "claude-code:max", forceRefresh: false)
            #expect(c.secret == server.lastIssuedAccess)
            let req = try #require(server.requests(path: "/v1/oauth/token").first)
            let body = try #require(try JSONParser.parse(req.body).objectValue)
            #expect(body["grant_type"]?.stringValue == "refresh_token")
            #expect(body["client_id"]?.stringValue == ClaudeOAuth.clientId)
            #expect(body["refresh_token"]?.stringValue == "sk-ant-ort01-refresh-0001")
            #expect(try store.load().profile("claude-code:max")?.refresh?.hasPrefix("rt-mock-rotated-") == true)
        }
    }

    @Test func profileOrderFollowsExplicitOrderThenCooldowns() async throws {
        let h = try TempHome()
        let clock = ManualClock(Date())
        let store = ProfileStore(paths: h.paths, clock: clock)
        for n in ["a", "b", "c"] {
            _ = try await store.addKey(provider: .openai, name: n, key: "sk-proj-key-\(n)-000000000")
        }
        try await store.setOrder(["openai:c", "openai:a", "openai:b"], for: .openai)
        try await store.markFailure("openai:c", reason: .rateLimit)
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let creds = CredentialStore(
            store: store, settings: try testSettings(h), http: AuthHTTP(pool: pool), clock: clock)
        #expect(try await creds.profileIds(for: .openai) == ["openai:a", "openai:b", "openai:c"])
        clock.advance(by: 61)
        #expect(try await creds.profileIds(for: .openai) == ["openai:c", "openai:a", "openai:b"])
        #expect(creds.hasUsableCredential(.openai))
        #expect(!creds.hasUsableCredential(.google))
        await pool.shutdown()
    }
}

@Suite struct ClaudeLoginTests {
    @Test func pastedCodeIsExchangedAsJSONAndAWrongStateIsRefused() async throws {
        try await withIssuer { server, home, pool in
            let oauth = ClaudeOAuth(authBase: server.issuer, http: AuthHTTP(pool: pool))
            let pkce = PKCE()
            let url = oauth.authorizeURL(pkce: pkce)
            let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            #expect(items.first { $0.name == "code_challenge" }?.value == pkce.challenge)
            #expect(items.first { $0.name == "client_id" }?.value == ClaudeOAuth.clientId)
            let code = server.authorize(challenge: pkce.challenge)
            await #expect(throws: OAuthError.stateMismatch) {
                try await oauth.exchangeCode(code, state: "forged-state", pkce: pkce)
            }
            let pasted = try #require(LoopbackCallbackServer.parsePasted("\(code)#\(pkce.state)"))
            let tokens = try await oauth.exchangeCode(pasted.code, state: pasted.state, pkce: pkce)
            let id = try await ProfileStore(paths: home.paths).saveOAuthLogin(
                provider: .claudeCode, name: "max", tokens: tokens)
            #expect(id == "claude-code:max")
            let req = try #require(server.requests(path: "/v1/oauth/token").last)
            #expect(req.header("content-type") == "application/json")
            let body = try #require(try JSONParser.parse(req.body).objectValue)
            #expect(body["grant_type"]?.stringValue == "authorization_code")
            #expect(body["redirect_uri"]?.stringValue == server.issuer.absoluteString + "/oauth/code/callback")
        }
    }
}
