import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

/// Mirror profiles: a refresh of `anthropic:claude-cli` / `openai-codex:codex-cli` is written back to the CLI's own
/// file (temp HOME), keeping its other keys, their order, its style and its mode; a failed refresh leaves it as it was.
@Suite struct MirrorProfileTests {
    static let claudeId = "anthropic:claude-cli"
    static let codexId = "openai-codex:codex-cli"

    static func claudeFile(_ h: TempHome) -> URL { h.userHome.appendingPathComponent(".claude/.credentials.json") }
    static func codexFile(_ h: TempHome) -> URL { h.userHome.appendingPathComponent(".codex/auth.json") }

    /// Claude Code's file as it writes it: one line, the login under `claudeAiOauth`, with fields sx does not use.
    static func claudeText(access: String, refresh: String, expires: Date) -> String {
        #"{"claudeAiOauth":{"accessToken":"\#(access)","refreshToken":"\#(refresh)","expiresAt":\#(expires.epochMillis),"#
            + #""scopes":["user:inference","user:profile","user:sessions:claude_code"],"subscriptionType":"max","#
            + #""rateLimitTier":"default_claude_max_20x"},"mcpOAuth":{"linear|4a1b":{"serverName":"linear"}}}"#
    }

    static func creds(_ h: TempHome, _ server: OAuthMockServer, _ pool: HTTPClientPool) throws -> CredentialStore {
        let settings = try testSettings(
            h, issuer: server.issuer, extra: ["CLAUDE_AUTH_URL": server.issuer.absoluteString])
        return CredentialStore(store: ProfileStore(paths: h.paths), settings: settings, http: AuthHTTP(pool: pool))
    }

    static func storeMirror(
        _ h: TempHome, id: String, provider: ProviderID, access: String, refresh: String, expires: Date
    ) throws {
        try ProfileStore(paths: h.paths).update { doc in
            doc.setProfile(
                id,
                AuthProfile.oauthObject(
                    provider: provider, access: access, refresh: refresh, expires: expires,
                    accountId: nil, email: nil, plan: nil))
        }
    }

    @Test func refreshedClaudeCLIProfileIsWrittenBackToClaudesFile() async throws {
        try await withIssuer { server, h, pool in
            let old = Date().addingTimeInterval(-120)
            server.registerRefreshToken("sk-ant-ort01-old-refresh-0001")
            let file = Self.claudeFile(h)
            try h.write(
                Self.claudeText(
                    access: "sk-ant-oat01-old-access-0001", refresh: "sk-ant-ort01-old-refresh-0001", expires: old),
                to: file, mode: 0o644)
            let before = try Data(contentsOf: file)
            try Self.storeMirror(
                h, id: Self.claudeId, provider: .anthropic, access: "sk-ant-oat01-old-access-0001",
                refresh: "sk-ant-ort01-old-refresh-0001", expires: old)

            let c = try await Self.creds(h, server, pool).credential(profileId: Self.claudeId, forceRefresh: false)
            let issued = try #require(server.lastIssuedAccess)
            #expect(c.secret == issued)
            #expect(server.requests(path: "/v1/oauth/token").count == 1)

            let o = try #require(try JSONParser.parse(Data(contentsOf: file)).objectValue)
            let login = try #require(o["claudeAiOauth"]?.objectValue)
            #expect(login["accessToken"]?.stringValue == issued)
            let newRefresh = try #require(login["refreshToken"]?.stringValue)
            #expect(server.isLiveRefreshToken(newRefresh), "the CLI got the rotated refresh token")
            let stored = try #require(try ProfileStore(paths: h.paths).load().profile(Self.claudeId))
            #expect(stored.refresh == newRefresh && stored.access == issued)
            #expect(login["expiresAt"]?.int64Value == stored.expires?.epochMillis && stored.expires! > Date())
            // Everything else as it was: keys, order, values, one-line style, mode.
            #expect(o.keys == ["claudeAiOauth", "mcpOAuth"])
            #expect(
                login.keys == [
                    "accessToken", "refreshToken", "expiresAt", "scopes", "subscriptionType", "rateLimitTier"
                ])
            #expect(login["subscriptionType"]?.stringValue == "max" && login["scopes"]?.arrayValue?.count == 3)
            #expect(o["mcpOAuth"]?.objectValue?["linear|4a1b"]?.objectValue?["serverName"]?.stringValue == "linear")
            #expect(!String(decoding: try Data(contentsOf: file), as: UTF8.self).contains("\n"))
            #expect(TempHome.mode(file.path) == 0o644)
            // The file as it was is in sx's backups.
            let backups = ProfileStore.backupFiles(name: "claude-credentials.json", paths: h.paths)
            #expect(backups.count == 1)
            #expect(try backups.first.map { try Data(contentsOf: $0) } == before)
            #expect(backups.allSatisfy { TempHome.mode($0.path) == 0o600 })
        }
    }

    @Test func refreshedCodexCLIProfileIsWrittenBackToCodexsFile() async throws {
        try await withIssuer { server, h, pool in
            let access = OAuthMockServer.makeJWT(
                exp: Date().addingTimeInterval(-60), accountId: "acct-cli-0001",
                email: "cli@example.com", plan: "plus")
            server.registerRefreshToken("rt-codex-cli-old-0001")
            let file = Self.codexFile(h)
            let text = """
                {
                  "auth_mode": "chatgpt",
                  "OPENAI_API_KEY": null,
                  "tokens": {
                    "id_token": "\(access)",
                    "access_token": "\(access)",
                    "refresh_token": "rt-codex-cli-old-0001",
                    "account_id": "acct-cli-0001"
                  },
                  "last_refresh": "2026-11-21T23:17:18.999182880Z",
                  "agent_identity": {"kind": "unknown-to-sx"}
                }

                """
            try h.write(text, to: file, mode: 0o644)
            try Self.storeMirror(
                h, id: Self.codexId, provider: .openaiCodex, access: access, refresh: "rt-codex-cli-old-0001",
                expires: Date().addingTimeInterval(-60))

            let c = try await Self.creds(h, server, pool).credential(profileId: Self.codexId, forceRefresh: false)
            let issued = try #require(server.lastIssuedAccess)
            #expect(c.secret == issued)

            let written = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            let parsed = try CodexAuthFile.read(file)
            #expect(parsed.accessToken == issued)
            #expect(parsed.refreshToken.map(server.isLiveRefreshToken) == true)
            #expect(parsed.idToken != access && parsed.idToken != nil, "the new id_token replaced the old one")
            #expect(parsed.accountId == "acct-cli-0001")
            let o = try #require(try JSONParser.parse(Data(written.utf8)).objectValue)
            #expect(o.keys == ["auth_mode", "OPENAI_API_KEY", "tokens", "last_refresh", "agent_identity"])
            #expect(o["tokens"]?.objectValue?.keys == ["id_token", "access_token", "refresh_token", "account_id"])
            #expect(o["OPENAI_API_KEY"]?.isNull == true)
            #expect(o["agent_identity"]?.objectValue?["kind"]?.stringValue == "unknown-to-sx")
            let lastRefresh = try #require(parsed.lastRefresh)
            #expect(
                lastRefresh != "2026-11-21T23:17:18.999182880Z" && lastRefresh.count == 30 && lastRefresh.hasSuffix("Z")
            )
            #expect(UTCTime.parseISO8601(lastRefresh) != nil)
            #expect(
                written.hasPrefix("{\n  \"auth_mode\": \"chatgpt\",\n") && written.hasSuffix("}\n"),
                "pretty, as Codex writes it")
            #expect(TempHome.mode(file.path) == 0o644, "docs/protocol/codex-login.md: the mode is kept")
            #expect(ProfileStore.backupFiles(name: "codex-auth.json", paths: h.paths).count == 1)
        }
    }

    @Test func aFailedRefreshLeavesTheCLIFileAsItWas() async throws {
        try await withIssuer { server, h, pool in
            let old = Date().addingTimeInterval(-120)
            // The issuer does not know this refresh token: the refresh fails.
            let file = Self.claudeFile(h)
            try h.write(
                Self.claudeText(access: "sk-ant-oat01-dead-0001", refresh: "sk-ant-ort01-unknown-0001", expires: old),
                to: file, mode: 0o600)
            let before = try Data(contentsOf: file)
            try Self.storeMirror(
                h, id: Self.claudeId, provider: .anthropic, access: "sk-ant-oat01-dead-0001",
                refresh: "sk-ant-ort01-unknown-0001", expires: old)
            await #expect(throws: CredentialError.self) {
                try await Self.creds(h, server, pool).credential(profileId: Self.claudeId, forceRefresh: false)
            }
            #expect(try Data(contentsOf: file) == before)
            #expect(ProfileStore.backupFiles(name: "claude-credentials.json", paths: h.paths).isEmpty)
            #expect(TempHome.mode(file.path) == 0o600)
        }
    }

    @Test func aNewerLoginInTheCLIFileIsAdoptedWithoutARefresh() async throws {
        try await withIssuer { server, h, pool in
            // The CLI refreshed on its own: its file holds a newer login than the store.
            let fresh = Date().addingTimeInterval(3600)
            try h.write(
                Self.claudeText(
                    access: "sk-ant-oat01-cli-fresh-0002", refresh: "sk-ant-ort01-cli-fresh-0002",
                    expires: fresh), to: Self.claudeFile(h))
            let before = try Data(contentsOf: Self.claudeFile(h))
            try Self.storeMirror(
                h, id: Self.claudeId, provider: .anthropic, access: "sk-ant-oat01-stale-0001",
                refresh: "sk-ant-ort01-spent-0001", expires: Date().addingTimeInterval(-60))
            let c = try await Self.creds(h, server, pool).credential(profileId: Self.claudeId, forceRefresh: false)
            #expect(c.secret == "sk-ant-oat01-cli-fresh-0002")
            #expect(server.requests(path: "/v1/oauth/token").isEmpty, "no refresh: the CLI's login was used")
            let stored = try #require(try ProfileStore(paths: h.paths).load().profile(Self.claudeId))
            #expect(stored.refresh == "sk-ant-ort01-cli-fresh-0002" && stored.expires?.epochMillis == fresh.epochMillis)
            #expect(stored.provider == .anthropic && stored.type == .oauth)
            #expect(try Data(contentsOf: Self.claudeFile(h)) == before, "the CLI's file is only read")
        }
    }
}
