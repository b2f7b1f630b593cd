import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

/// A refresh holds the store lock across its token call (issue 14: a JSON-era OpenClaw sharing the store refreshes
/// inside that lock, so this is what keeps the two from spending one rotating refresh token). Other writers wait for
/// it and then land their change; an impatient one gets the clear error naming the refreshing process.
@Suite(.serialized) struct RefreshLockTests {
    static let sx = builtProduct("sx")

    @Test(.enabled(if: sx != nil, "the sx binary is not built (run `swift build` first)"))
    func anotherProcesssRefreshHoldsTheStoreLockAndWritersWaitForIt() async throws {
        var config = OAuthMockServer.Config()
        // The token reply is held back until the checks below are done (no timing involved).
        config.holdRefreshReplies = true
        try await withIssuer(config) { server, home, _ in
            server.registerRefreshToken("rt-slow-profile-0001")
            try ProfileStore(paths: home.paths).update { doc in
                doc.setProfile(
                    "openai-codex:slow",
                    oauthProfile(
                        access: "eyJexpired-slow-0001", refresh: "rt-slow-profile-0001",
                        expires: Date().addingTimeInterval(-60)))
                doc.setProfile("openai:other", AuthProfile.apiKeyObject(provider: .openai, key: "sk-proj-other-0001"))
            }
            let env = sxEnvironment(home, ["CODEX_AUTH_ISSUER": server.issuer.absoluteString])
            let refresher = Task {
                await Spawn.processAsync(
                    Self.sx!.path, ["codex-fetchtoken", "--profile", "openai-codex:slow"], env: env)
            }
            // Wait until the other process is inside its token call.
            let deadline = Date().addingTimeInterval(60)
            while server.requests(path: "/oauth/token").isEmpty && Date() < deadline {
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            #expect(server.requests(path: "/oauth/token").count == 1, "the refresh started")

            // The lock file is the refreshing process's, in OpenClaw's form.
            let holder = try #require(LockPayload.read(home.paths.authProfilesLock.path))
            let pid = try #require(holder.pid)
            #expect(pid != Int(getpid()) && LockPayload.isAlive(pid))
            #expect(holder.startTime != nil && holder.startTime == LockPayload.processStartTime(pid))
            #expect(
                !LockPayload.isStale(
                    path: home.paths.authProfilesLock.path, staleAfter: StoreLock.staleAfter, now: Date()))

            // A writer that gives up after 1 s gets the clear error and writes nothing.
            let before = try Data(contentsOf: home.paths.authProfiles)
            await #expect {
                try await ProfileStore(paths: home.paths, lockTimeout: 1).markSuccess("openai:other")
            } throws: { e in
                String(describing: e).contains("held by pid \(pid)")
            }
            #expect(try Data(contentsOf: home.paths.authProfiles) == before)
            // A patient writer waits for the refresh and then lands its mark.
            let patient = Task { try await ProfileStore(paths: home.paths).markSuccess("openai:other") }
            server.releaseRefreshReplies()
            try await patient.value
            let r = await refresher.value
            let issued = try #require(server.lastIssuedAccess)
            #expect(r.status == 0, "stderr: \(Redact.scrub(r.stderr, secrets: [issued]))")
            #expect(r.stdout.split(separator: "\n").last.map(String.init) == issued)
            #expect(r.leftoverProcesses.isEmpty)
            let doc = try ProfileStore(paths: home.paths).load()
            #expect(doc.profile("openai-codex:slow")?.access == issued)
            #expect(doc.profile("openai-codex:slow")?.refresh.map(server.isLiveRefreshToken) == true)
            #expect(doc.usageStats("openai:other").lastUsed != nil)
            #expect(server.reuseRejections == 0)
            #expect(!FileManager.default.fileExists(atPath: home.paths.authProfilesLock.path))
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
        let store = try ProfileStore(paths: home.paths).lockSync(timeout: 1)
        let other = try FileLock.acquire(b.path, timeout: 1)
        withExtendedLifetime((held, store, other)) {}
        #expect(TempHome.mode(a.path) == 0o600)
    }
}
