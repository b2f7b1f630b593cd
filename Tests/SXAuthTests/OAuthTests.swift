import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

/// Runs `body` with a loopback issuer, a temp home and an HTTP pool, cleaning all up.
func withIssuer(
    _ config: OAuthMockServer.Config = .init(),
    _ body: (OAuthMockServer, TempHome, HTTPClientPool) async throws -> Void
) async throws {
    let server = try await OAuthMockServer(config: config)
    let pool = try HTTPClientPool(settings: NetworkSettings())
    let home = try TempHome()
    do {
        try await body(server, home, pool)
    } catch {
        await pool.shutdown()
        await server.shutdown()
        throw error
    }
    await pool.shutdown()
    await server.shutdown()
}

@Suite struct OAuthTests {
    @Test func refreshRequestMatchesCodexCaptureAndRotatedTokenIsSavedFirst() async throws {
        try await withIssuer { server, home, pool in
            server.registerRefreshToken("rt-initial-000000001")
            let store = ProfileStore(paths: home.paths)
            try store.update { doc in
                doc.setProfile(
                    "openai-codex:work",
                    oauthProfile(
                        access: "eyJold-access-token", refresh: "rt-initial-000000001",
                        expires: Date().addingTimeInterval(120)))
            }
            let creds = CredentialStore(
                store: store, settings: try testSettings(home, issuer: server.issuer),
                http: AuthHTTP(pool: pool))
            let c = try await creds.credential(profileId: "openai-codex:work", forceRefresh: false)
            #expect(c.secret == server.lastIssuedAccess)
            #expect(c.accountId == "acct-mock-0001")
            let reqs = server.requests(path: "/oauth/token")
            #expect(reqs.count == 1)
            let req = try #require(reqs.first)
            #expect(req.header("content-type") == "application/json")
            #expect(req.header("originator") == "sx")
            let body = try #require(try JSONParser.parse(req.body).objectValue)
            #expect(body.keys == ["client_id", "grant_type", "refresh_token"], "JSON body, no scope")
            #expect(body["client_id"]?.stringValue == "app_EMoamEEZ73f0CkXaXp7hrann")
            #expect(body["grant_type"]?.stringValue == "refresh_token")
            #expect(body["refresh_token"]?.stringValue == "rt-initial-000000001")
            let saved = try #require(try store.load().profile("openai-codex:work"))
            #expect(saved.access == c.secret)
            #expect(saved.refresh?.hasPrefix("rt-mock-rotated-") == true)
            #expect(saved.expires.map { $0 > Date().addingTimeInterval(3000) } == true)
            // Fresh now: a second call makes no request.
            _ = try await creds.credential(profileId: "openai-codex:work", forceRefresh: false)
            #expect(server.requests(path: "/oauth/token").count == 1)
        }
    }

    @Test func reusedRefreshTokenMeansReloginOnceAndNeverLoops() async throws {
        try await withIssuer { server, home, pool in
            server.registerRefreshToken("rt-shared-0000000001")
            // Someone else (Codex) spends the token first.
            let other = OpenAIOAuth(issuer: server.issuer, http: AuthHTTP(pool: pool))
            _ = try await other.refresh(refreshToken: "rt-shared-0000000001")
            let store = ProfileStore(paths: home.paths)
            try store.update { doc in
                doc.setProfile(
                    "openai-codex:work",
                    oauthProfile(
                        access: "eyJold-access-token", refresh: "rt-shared-0000000001",
                        expires: Date().addingTimeInterval(-10)))
            }
            let creds = CredentialStore(
                store: store, settings: try testSettings(home, issuer: server.issuer),
                http: AuthHTTP(pool: pool))
            for _ in 0..<3 {
                await #expect {
                    try await creds.credential(profileId: "openai-codex:work", forceRefresh: false)
                } throws: { e in
                    let text = String(describing: e)
                    return text.contains("re-login needed") && text.contains("sx auth login")
                        && !text.contains("rt-shared")
                }
            }
            #expect(server.requests(path: "/oauth/token").count == 2, "one by the other program, one by sx, no retries")
            let stats = try store.load().usageStats("openai-codex:work")
            #expect(stats.needsRelogin)
            #expect(
                try store.load().profile("openai-codex:work")?.refresh == "rt-shared-0000000001", "nothing overwritten")
        }
    }

    @Test func transientAndPermanentClassification() {
        func resp(_ status: Int, _ body: String) -> AuthHTTPResponse {
            AuthHTTPResponse(status: status, body: Data(body.utf8))
        }
        #expect(OAuthError.refreshFailure(resp(401, "{}"), secrets: []) == .permanent(code: nil, status: 401))
        #expect(
            OAuthError.refreshFailure(resp(400, #"{"error":{"code":"refresh_token_expired"}}"#), secrets: [])
                == .permanent(code: "refresh_token_expired", status: 400))
        #expect(
            OAuthError.refreshFailure(resp(400, #"{"code":"refresh_token_invalidated"}"#), secrets: [])
                == .permanent(code: "refresh_token_invalidated", status: 400))
        let t = OAuthError.refreshFailure(
            resp(503, #"{"error":{"message":"busy rt-secret-123456789"}}"#), secrets: ["rt-secret-123456789"])
        guard case .transient(503, let m) = t else { Issue.record("expected transient, got \(t)"); return }
        #expect(!m.contains("rt-secret-123456789"))
    }

    @Test func deviceLoginCreatesProfileFromJWTClaims() async throws {
        try await withIssuer { server, home, pool in
            let oauth = OpenAIOAuth(issuer: server.issuer, http: AuthHTTP(pool: pool))
            let code = try await oauth.startDeviceLogin()
            #expect(code.userCode == "MOCK-CODE")
            #expect(code.verificationURL.absoluteString == server.issuer.absoluteString + "/codex/device")
            let tokens = try await oauth.completeDeviceLogin(code, timeout: 30)
            let store = ProfileStore(paths: home.paths)
            let id = try await store.saveOAuthLogin(provider: .openaiCodex, name: "work", tokens: tokens)
            let p = try #require(try store.load().profile(id))
            #expect(id == "openai-codex:work")
            #expect(p.accountId == "acct-mock-0001")
            #expect(p.email == "mock.user@example.com")
            #expect(p.plan == "plus")
            #expect(p.expires == JWTClaims(jwt: tokens.accessToken)?.expires.map { Date(epochMillis: $0.epochMillis) })
            #expect(p.refresh?.hasPrefix("rt-mock-rotated-") == true)
            // The wire: usercode, one pending poll (403), the successful poll, then a form-encoded code exchange.
            #expect(
                server.requests.map(\.path) == [
                    "/api/accounts/deviceauth/usercode", "/api/accounts/deviceauth/token",
                    "/api/accounts/deviceauth/token", "/oauth/token"
                ])
            let first = try #require(try JSONParser.parse(server.requests[0].body).objectValue)
            #expect(first.keys == ["client_id"])
            let exchange = server.requests[3]
            #expect(exchange.header("content-type") == "application/x-www-form-urlencoded")
            let form = OAuthMockServer.parseForm(String(decoding: exchange.body, as: UTF8.self))
            #expect(form["redirect_uri"] == server.issuer.absoluteString + "/deviceauth/callback")
            #expect(form["grant_type"] == "authorization_code")
            #expect(TempHome.mode(home.paths.authProfiles.path) == 0o600)
        }
    }

    @Test func pkceChallengeIsS256OfVerifier() {
        // RFC 7636 appendix B.
        let p = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", state: "s")
        #expect(p.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(
            LoopbackCallbackServer.parsePasted("http://localhost:1455/auth/callback?code=abc&state=xyz")?.code == "abc")
        #expect(LoopbackCallbackServer.parsePasted("abc#xyz")?.state == "xyz")
    }

    @Test func browserCallbackServerReceivesTheRedirect() async throws {
        let server = try LoopbackCallbackServer(port: 0)
        async let query = server.waitForCallback(path: "/auth/callback", timeout: 10)
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let http = AuthHTTP(pool: pool)
        let miss = try await http.get(URL(string: "http://127.0.0.1:\(server.port)/favicon.ico")!)
        let hit = try await http.get(
            URL(string: "http://127.0.0.1:\(server.port)/auth/callback?code=c0de&state=st4te")!)
        await pool.shutdown()
        let q = try await query
        #expect(miss.status == 404)
        #expect(hit.status == 200)
        #expect(q["code"] == "c0de" && q["state"] == "st4te")
    }
}

@Suite struct BrowserLoginTests {
    @Test func pkceBrowserLoginThroughTheLoopbackCallback() async throws {
        try await withIssuer { server, home, pool in
            let oauth = OpenAIOAuth(issuer: server.issuer, http: AuthHTTP(pool: pool))
            let callback = try LoopbackCallbackServer(port: 0)
            let pending = Task {
                try await oauth.browserLogin(server: callback, timeout: 20) { url in
                    // The "browser": read the authorize URL, get a code from the issuer, follow the redirect.
                    let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
                    func q(_ n: String) -> String { items.first { $0.name == n }?.value ?? "" }
                    let code = server.authorize(challenge: q("code_challenge"))
                    let redirect = q("redirect_uri").replacingOccurrences(of: "localhost", with: "127.0.0.1")
                    Task {
                        let p = try HTTPClientPool(settings: NetworkSettings())
                        _ = try? await AuthHTTP(pool: p).get(
                            URL(string: "\(redirect)?code=\(code)&state=\(q("state"))")!)
                        await p.shutdown()
                    }
                }
            }
            let tokens = try await pending.value
            let id = try await ProfileStore(paths: home.paths).saveOAuthLogin(
                provider: .openaiCodex, name: "web", tokens: tokens)
            let p = try #require(try ProfileStore(paths: home.paths).load().profile(id))
            #expect(p.accountId == "acct-mock-0001" && p.email == "mock.user@example.com")
            let exchange = try #require(server.requests(path: "/oauth/token").first)
            let form = OAuthMockServer.parseForm(String(decoding: exchange.body, as: UTF8.self))
            #expect(form["redirect_uri"] == "http://localhost:\(callback.port)/auth/callback")
        }
    }

    @Test func authorizeURLCarriesPKCEAndState() async throws {
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let oauth = OpenAIOAuth(issuer: URL(string: "https://auth.example.test")!, http: AuthHTTP(pool: pool))
        let pkce = PKCE()
        let url = oauth.authorizeURL(pkce: pkce, redirectURI: OpenAIOAuth.redirectURI())
        let items = Dictionary(
            uniqueKeysWithValues: (URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? [])
                .map { ($0.name, $0.value ?? "") })
        #expect(url.path == "/oauth/authorize")
        #expect(items["client_id"] == OpenAIOAuth.clientId)
        #expect(items["code_challenge"] == pkce.challenge && items["code_challenge_method"] == "S256")
        #expect(items["state"] == pkce.state)
        #expect(items["redirect_uri"] == "http://localhost:1455/auth/callback")
        #expect(items["code_verifier"] == nil, "the verifier never leaves the process")
        await pool.shutdown()
    }
}

@Suite struct CallbackCancelTests {
    @Test func cancellingALoginStopsWaitingForTheCallback() async throws {
        let server = try LoopbackCallbackServer(port: 0)
        let start = Date()
        let wait = Task { try await server.waitForCallback(path: "/auth/callback", timeout: 600) }
        try await Task.sleep(nanoseconds: 100_000_000)
        wait.cancel()
        await #expect(throws: CancellationError.self) { try await wait.value }
        #expect(Date().timeIntervalSince(start) < 300)  // not cancelled, it would wait 600 s
    }
}
