import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

@Suite struct RemoteSourceTests {
    @Test func remoteSourceOverLoopbackReturnsTokenAndCachesIt() async throws {
        var config = OAuthMockServer.Config()
        config.remoteBearer = "remote-bearer-secret-01"
        try await withIssuer(config) { server, home, pool in
            let access = OAuthMockServer.makeJWT(
                exp: Date().addingTimeInterval(3600), accountId: "acct-remote-9",
                email: "r@example.com", plan: "pro")
            server.setRemoteReply(#"{"access_token":"\#(access)","account_id":"acct-remote-9","expires_in":3600}"#)
            let settings = try testSettings(
                home,
                extra: [
                    "CODEX_TOKEN_SOURCE": "remote", "CODEX_REMOTE_URL": server.issuer.absoluteString + "/codex",
                    "CODEX_REMOTE_TOKEN": "remote-bearer-secret-01"
                ])
            let creds = CredentialStore(
                store: ProfileStore(paths: home.paths), settings: settings, http: AuthHTTP(pool: pool))
            #expect(try await creds.profileIds(for: .openaiCodex) == ["openai-codex:remote"])
            #expect(creds.hasUsableCredential(.openaiCodex))
            let c = try await creds.credential(profileId: "openai-codex:remote", forceRefresh: false)
            #expect(c.secret == access)
            #expect(c.accountId == "acct-remote-9")
            _ = try await creds.credential(profileId: "openai-codex:remote", forceRefresh: false)
            #expect(server.requests(path: "/codex").count == 1, "cached until it expires")
            let cached = try #require(try ProfileStore(paths: home.paths).load().profile("openai-codex:remote"))
            #expect(cached.refresh == nil, "never keeps (or spends) the owner's refresh token")
            #expect(server.requests(path: "/codex").first?.header("authorization") == "Bearer remote-bearer-secret-01")
            #expect(server.requests(path: "/oauth/token").isEmpty)
        }
    }

    @Test func remoteSourceAcceptsCodexAuthJSONShape() throws {
        let access = OAuthMockServer.makeJWT(
            exp: Date(timeIntervalSince1970: 2_000_000_000), accountId: "acct-x",
            email: "x@example.com", plan: "team")
        let body =
            #"{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"\#(access)","access_token":"\#(access)","refresh_token":"rt-owner-only","account_id":"acct-x"},"last_refresh":"2026-11-21T23:17:18.999182880Z"}"#
        let t = try FetchedToken.parse(Data(body.utf8), source: "test", now: Date())
        #expect(t.accountId == "acct-x")
        #expect(t.expiresAt == Date(timeIntervalSince1970: 2_000_000_000))
        let flat = try FetchedToken.parse(
            Data(#"{"access_token":"abc","account_id":"a","expires_at":1900000000}"#.utf8),
            source: "t", now: Date())
        #expect(flat.expiresAt == Date(timeIntervalSince1970: 1_900_000_000))
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() async throws {
        let pool = try HTTPClientPool(settings: NetworkSettings())
        #expect(throws: TokenSourceError.insecureURL("http://token.example.com/codex")) {
            try RemoteTokenFetcher(urlString: "http://token.example.com/codex", bearer: nil, http: AuthHTTP(pool: pool))
        }
        #expect(throws: TokenSourceError.badURL("ftp://x/y")) {
            try RemoteTokenFetcher(urlString: "ftp://x/y", bearer: nil, http: AuthHTTP(pool: pool))
        }
        #expect {
            try RemoteTokenFetcher(
                urlString: "http://me:hunter2-secret@token.example.com/codex?key=k-secret-1",
                bearer: nil, http: AuthHTTP(pool: pool))
        } throws: { e in
            let text = String(describing: e)
            return text.contains("token.example.com") && !text.contains("hunter2") && !text.contains("k-secret-1")
        }
        _ = try RemoteTokenFetcher(urlString: "http://localhost:1/codex", bearer: nil, http: AuthHTTP(pool: pool))
        _ = try RemoteTokenFetcher(
            urlString: "https://token.scorpiox.net/codex", bearer: nil, http: AuthHTTP(pool: pool))
        await pool.shutdown()
    }
}

@Suite struct CodexCLIFallbackTests {
    @Test func codexCLIFileIsUsedReadOnlyUntilExpired() async throws {
        let h = try TempHome()
        let clock = ManualClock(Date())
        let exp = clock.now().addingTimeInterval(600)
        let access = OAuthMockServer.makeJWT(exp: exp, accountId: "acct-cli", email: "c@example.com", plan: "plus")
        let file = h.userHome.appendingPathComponent(".codex/auth.json")
        try h.write(
            #"{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"\#(access)","access_token":"\#(access)","refresh_token":"rt-cli","account_id":"acct-cli"},"last_refresh":"2026-11-21T23:17:18.999182880Z"}"#,
            to: file)
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let creds = CredentialStore(
            store: ProfileStore(paths: h.paths, clock: clock), settings: try testSettings(h),
            http: AuthHTTP(pool: pool), clock: clock)
        #expect(try await creds.profileIds(for: .openaiCodex) == ["openai-codex:codex-cli"])
        #expect(creds.hasUsableCredential(.openaiCodex))
        #expect(!creds.hasUsableCredential(.anthropic))
        let c = try await creds.credential(profileId: "openai-codex:codex-cli", forceRefresh: false)
        #expect(c.accountId == "acct-cli" && c.secret == access)
        clock.advance(by: 601)
        await #expect(throws: CredentialError.codexCLIExpired(path: file.path)) {
            try await creds.credential(profileId: "openai-codex:codex-cli", forceRefresh: false)
        }
        #expect(!creds.hasUsableCredential(.openaiCodex))
        await pool.shutdown()
    }
}
