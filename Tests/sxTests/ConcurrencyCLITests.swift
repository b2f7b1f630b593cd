import Foundation
import SXCore
import NIOConcurrencyHelpers
import SXAuth
import Testing
import SXTestSupport

/// 16 `sx exec` processes share one store while its profiles rotate (429s per login) and refresh (short-lived
/// tokens, rotating refresh tokens that the issuer refuses to accept twice) — issue 8's concurrency run.
/// `SX_CONCURRENCY_SECONDS` sets the length (default 15 s; `bench/concurrency.sh --seconds 60` for the full run).
@Suite struct ConcurrencyCLITests {
    static let profiles = ["p0", "p1", "p2", "p3"]

    /// What the loopback ChatGPT backend saw, per login (account id `acct-<profile>`).
    final class Backend: Sendable {
        struct State {
            var requests: [String: Int] = [:]
            var lastSuccess: [String: Date] = [:]
            var successes = 0
            var limited = 0
        }
        let state = NIOLockedValueBox(State())
        /// Every `limitEvery`-th request of a login is a usage-limit 429 that resets in a second.
        let limitEvery: Int
        init(limitEvery: Int) { self.limitEvery = limitEvery }

        func handle(_ req: RecordedRequest) -> MockReply {
            guard req.path.hasSuffix("/responses") else { return .json(404, ["error": ["message": "not found"]]) }
            let account = req.header("chatgpt-account-id") ?? "?"
            return state.withLockedValue { s in
                s.requests[account, default: 0] += 1
                if s.requests[account]! % limitEvery == 0 {
                    s.limited += 1
                    return CodexSSE.usageLimitReply(resetsAt: Int(Date().timeIntervalSince1970) + 1)
                }
                s.successes += 1
                s.lastSuccess[account] = Date()
                return .sse(CodexSSE.reply("ok from \(account)", deltas: 2))
            }
        }
    }

    @Test func sixteenProcessesRotateAndRefreshWithoutLostUpdatesOrTokenReuse() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["SX_CONCURRENCY_SECONDS"] ?? "") ?? 15
        let workers = 16
        var config = OAuthMockServer.Config()
        // sx refreshes 5 minutes before expiry: these tokens are due for refresh 2 s after they are issued.
        config.tokenLifetime = 302
        config.refreshDelayMillis = 50
        let issuer = try await OAuthMockServer(config: config)
        // Every other request of a login is limited, so all four logins are reached (and refreshed) even on a loaded
        // machine where a refresh holds the store lock (DECISIONS 29) and few runs fit in the time.
        let backend = Backend(limitEvery: 2)
        let server = try MockHTTPServer { backend.handle($0) }
        let cli = CLI()
        // Expired logins to start with: the first users refresh at once.
        let past = Int(Date().timeIntervalSince1970) - 60
        var entries = Self.profiles.map { n in
            #""openai-codex:\#(n)":{"type":"oauth","provider":"openai-codex","access":"\#(FaultCLITests.jwt("acct-\(n)", exp: past))","refresh":"rt-conc-\#(n)-0001","expires":\#(past * 1000),"accountId":"acct-\#(n)"}"#
        }
        entries.append(
            #""anthropic:bystander":{"type":"api_key","provider":"anthropic","key":"sk-ant-bystander-0001","note":{"kept":true}}"#
        )
        let order = Self.profiles.map { "\"openai-codex:\($0)\"" }.joined(separator: ",")
        try
            #"{"version":1,"profiles":{\#(entries.joined(separator: ","))},"order":{"openai-codex":[\#(order)]},"unknownTop":1}"#
            .write(to: cli.home.appendingPathComponent("auth-profiles.json"), atomically: true, encoding: .utf8)
        chmod(cli.home.path, 0o700)
        chmod(cli.home.appendingPathComponent("auth-profiles.json").path, 0o600)
        for n in Self.profiles { issuer.registerRefreshToken("rt-conc-\(n)-0001", family: n) }

        let env = cli.env.merging([
            "CODEX_BASE_URL": server.baseURL + "/backend-api/codex",
            "CODEX_AUTH_ISSUER": issuer.issuer.absoluteString
        ]) { $1 }
        let deadline = Date().addingTimeInterval(seconds)
        let exe = CLI.binary.path, cwd = cli.workdir.path
        let runs = try await withThrowingTaskGroup(of: [SpawnResult].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var mine: [SpawnResult] = []
                    // At least one run each, however late the task starts (a sanitizer build on a loaded machine).
                    repeat {
                        mine.append(
                            await Spawn.processAsync(
                                exe, ["exec", "--provider", "codex", "--no-thinking", "hi"], env: env, cwd: cwd))
                    } while Date() < deadline
                    return mine
                }
            }
            var all: [SpawnResult] = []
            for try await r in group { all += r }
            return all
        }
        server.stop()
        await issuer.shutdown()

        let ok = runs.filter { $0.status == 0 }.count
        let failed = runs.filter { $0.status != 0 }
        let b = backend.state.withLockedValue { $0 }
        let reused = issuer.reuseRejections
        print(
            "concurrency: \(workers) processes, \(String(format: "%.0f", seconds)) s: \(runs.count) runs (\(ok) ok, \(failed.count) failed), "
                + "\(b.successes) answers, \(b.limited) 429s, \(issuer.refreshesServed) refreshes, \(reused) refresh-token reuses"
        )
        #expect(runs.count >= workers, "every worker ran at least once")
        #expect(reused == 0, "no refresh token was ever spent twice")
        #expect(issuer.refreshesServed >= Self.profiles.count, "every login refreshed at least once")
        for r in failed {
            // With every login cooling down at once a run may fail; it must say so, not crash or hit the lock.
            #expect(r.status == 1, "status \(r.status): \(r.stderr)")
            #expect(!r.stderr.contains("refresh_token_reused") && !r.stderr.contains("lock"), "\(r.stderr)")
        }
        #expect(failed.count * 4 < runs.count, "most runs answer: \(failed.count) of \(runs.count) failed")
        #expect(runs.allSatisfy { $0.leftoverProcesses.isEmpty })

        // The store: parses, nothing lost, no temp file, each login's saved refresh token still alive.
        let data = try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json"))
        let doc = try ProfileStore(paths: SXPaths(home: cli.home)).load()
        #expect(doc.allProfiles.count == Self.profiles.count + 1)
        #expect(doc.root["unknownTop"] != nil)
        #expect(doc.profile("anthropic:bystander")?.raw["note"] != nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.home.path)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
        #expect(String(decoding: data, as: UTF8.self).contains("\"version\""))
        for n in Self.profiles {
            let id = "openai-codex:\(n)"
            let p = try #require(doc.profile(id))
            #expect(p.refresh.map(issuer.isLiveRefreshToken) == true, "\(id): the stored refresh token is the live one")
            // No lost update: the newest answer the backend gave this login was marked in the store, to the
            // minute (lastUsed alone is written at most once a minute, DECISIONS 46).
            if let last = b.lastSuccess["acct-\(n)"] {
                let used = try #require(doc.usageStats(id).lastUsed, "\(id) has lastUsed")
                let grain = Int64(ProfileStore.freshnessGrain * 1000)
                #expect(
                    used.epochMillis >= last.epochMillis - grain,
                    "\(id): lastUsed \(used.epochMillis) is over a minute before the last answer \(last.epochMillis)")
            }
        }
    }
}
