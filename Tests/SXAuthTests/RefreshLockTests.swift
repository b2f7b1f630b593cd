import Foundation
import Testing
@testable import SXAuth
import SXTestSupport

/// The store lock is never held across a network call (issue 8): a refresh holds only its profile's refresh lock,
/// so other processes keep writing the store while a token endpoint is slow.
@Suite(.serialized) struct RefreshLockTests {
    static let sx = builtProduct("sx")

    @Test(.enabled(if: sx != nil, "the sx binary is not built (run `swift build` first)"))
    func usageMarkCompletesWhileAnotherProcessIsInASlowRefresh() async throws {
        var config = OAuthMockServer.Config()
        // The token reply is held back until the marks below are done (no timing involved).
        config.holdRefreshReplies = true
        try await withIssuer(config) { server, home, _ in
            server.registerRefreshToken("rt-slow-profile-0001")
            try ProfileStore(paths: home.paths).update { doc in
                doc.setProfile("openai-codex:slow", oauthProfile(access: "eyJexpired-slow-0001", refresh: "rt-slow-profile-0001",
                                                                 expires: Date().addingTimeInterval(-60)))
                doc.setProfile("openai:other", AuthProfile.apiKeyObject(provider: .openai, key: "sk-proj-other-0001"))
            }
            let env = sxEnvironment(home, ["CODEX_AUTH_ISSUER": server.issuer.absoluteString])
            let refresher = Task { await Spawn.processAsync(Self.sx!.path, ["codex-fetchtoken", "--profile", "openai-codex:slow"], env: env) }
            // Wait until the other process is inside its token call.
            let deadline = Date().addingTimeInterval(60)
            while server.requests(path: "/oauth/token").isEmpty && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
            #expect(server.requests(path: "/oauth/token").count == 1, "the refresh started")

            // A writer that gives up after 2 s still gets the store lock while the refresh hangs.
            let impatient = ProfileStore(paths: home.paths, lockTimeout: 2)
            try await impatient.markSuccess("openai:other")
            try await impatient.markFailure("openai:other", reason: .rateLimit, until: Date().addingTimeInterval(600), model: nil)
            try impatient.update { doc in doc.setOrder(["openai:other"], for: .openai) }
            // …and the refresh is still running: the marks did not wait for it.
            #expect(try ProfileStore(paths: home.paths).load().profile("openai-codex:slow")?.access == "eyJexpired-slow-0001")

            server.releaseRefreshReplies()
            let r = await refresher.value
            let issued = try #require(server.lastIssuedAccess)
            #expect(r.status == 0, "stderr: \(Redact.scrub(r.stderr, secrets: [issued]))")
            #expect(r.stdout.split(separator: "\n").last.map(String.init) == issued)
            #expect(r.leftoverProcesses.isEmpty)
            // Both writers' changes are there: the refreshed tokens and the usage marks made meanwhile.
            let doc = try ProfileStore(paths: home.paths).load()
            #expect(doc.profile("openai-codex:slow")?.access == issued)
            #expect(doc.profile("openai-codex:slow")?.refresh.map(server.isLiveRefreshToken) == true)
            let s = doc.usageStats("openai:other")
            #expect(s.lastUsed != nil && s.cooldownReason == .rateLimit)
            #expect(doc.order(for: .openai) == ["openai:other"])
            #expect(server.reuseRejections == 0)
        }
    }

    @Test func refreshLockFilesArePerProfileAndPrivate() async throws {
        let home = try TempHome()
        let a = CredentialStore.refreshLockURL(home.paths, profileId: "openai-codex:a")
        let b = CredentialStore.refreshLockURL(home.paths, profileId: "openai-codex_a")
        #expect(a != b, "ids that sanitize alike get distinct lock files")
        #expect(a.deletingLastPathComponent().path == home.paths.home.path)
        #expect(!a.lastPathComponent.contains(":") && !a.lastPathComponent.contains("/"))
        let evil = CredentialStore.refreshLockURL(home.paths, profileId: "openai-codex:../../etc/x")
        #expect(evil.deletingLastPathComponent().path == home.paths.home.path)
        // Holding one profile's refresh lock does not block the store lock or another profile's refresh lock.
        try home.paths.ensureHome()
        let held = try FileLock.acquire(a.path, timeout: 1)
        let store = try FileLock.acquire(home.paths.authProfilesLock.path, timeout: 1)
        let other = try FileLock.acquire(b.path, timeout: 1)
        withExtendedLifetime((held, store, other)) {}
        #expect(TempHome.mode(a.path) == 0o600)
    }
}
