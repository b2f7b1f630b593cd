import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

/// sx and an OpenClaw-protocol peer refresh the same shared OAuth profile over and over: every refresh happens under
/// the store lock on both sides, so no refresh token is ever spent twice (the issuer answers a reuse with 401
/// `refresh_token_reused`).
@Suite struct OpenClawRefreshTests {
    @Test(.enabled(if: OpenClawPeer.available, "python3 is not installed"))
    func sxAndAnOpenClawPeerRefreshingOneProfileNeverReuseARefreshToken() async throws {
        var config = OAuthMockServer.Config()
        // Shorter than the 5-minute refresh margin: every use on either side refreshes.
        config.tokenLifetime = 60
        try await withIssuer(config) { server, h, pool in
            let id = "openai-codex:shared"
            server.registerRefreshToken("rt-shared-initial-0001")
            let store = ProfileStore(paths: h.paths, lockTimeout: 60)
            try store.update { doc in
                doc.setProfile(
                    id,
                    oauthProfile(
                        access: "eyJshared-expired-0001", refresh: "rt-shared-initial-0001",
                        expires: Date().addingTimeInterval(-60)))
            }
            let creds = CredentialStore(
                store: store, settings: try testSettings(h, issuer: server.issuer),
                http: AuthHTTP(pool: pool))
            let tokenURL = server.issuer.appendingPathComponent("oauth/token").absoluteString
            let (peer, _, err) = try OpenClawPeer.start(["refresh", h.paths.authProfiles.path, id, tokenURL, "50"])
            // Start once the peer is refreshing, so that the two loops overlap.
            let deadline = Date().addingTimeInterval(30)
            while server.refreshesServed == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 2_000_000) }
            var seen: Set<String> = []
            for _ in 0..<50 {
                seen.insert(try await creds.credential(profileId: id, forceRefresh: false).secret)
            }
            let peerErr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            peer.waitUntilExit()
            #expect(peer.terminationStatus == 0, "peer: \(peerErr)")
            #expect(server.reuseRejections == 0)
            #expect(server.refreshesServed == 100, "50 refreshes by each side")
            #expect(seen.count == 50, "every sx use got a token of its own refresh")
            let saved = try #require(try store.load().profile(id))
            #expect(saved.refresh.map(server.isLiveRefreshToken) == true, "the stored refresh token is the live one")
            #expect(saved.access == server.lastIssuedAccess)
        }
    }
}
