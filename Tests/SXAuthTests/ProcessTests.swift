import Foundation
import SXCore
import Testing
@testable import SXAuth
import SXTestSupport

/// End-to-end through the built `sx` binary: several real processes share one store.
@Suite(.serialized) struct ProcessTests {
    static let sx = builtProduct("sx")

    @Test(.enabled(if: sx != nil, "the sx binary is not built (run `swift build` first)"))
    func eightConcurrentFetchtokensRefreshOnce() async throws {
        var config = OAuthMockServer.Config()
        config.refreshDelayMillis = 300
        try await withIssuer(config) { server, home, _ in
            server.registerRefreshToken("rt-expired-profile-01")
            try ProfileStore(paths: home.paths).update { doc in
                doc.setProfile(
                    "openai-codex:work",
                    oauthProfile(
                        access: "eyJexpired-access-0001", refresh: "rt-expired-profile-01",
                        expires: Date().addingTimeInterval(-60)))
            }
            let env = sxEnvironment(home, ["CODEX_AUTH_ISSUER": server.issuer.absoluteString])
            let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await runProcessAsync(Self.sx!, ["codex-fetchtoken", "--json"], env: env) }
                }
                var all: [ProcessResult] = []
                for try await r in group { all.append(r) }
                return all
            }
            let issued = try #require(server.lastIssuedAccess)
            #expect(server.requests(path: "/oauth/token").count == 1, "exactly one refresh for 8 processes")
            for r in results {
                #expect(r.status == 0, "stderr: \(Redact.scrub(r.stderr, secrets: [issued]))")
                let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
                let o = try #require(try JSONParser.parse(last).objectValue)
                #expect(o["access_token"]?.stringValue == issued)
                #expect(o["profile"]?.stringValue == "openai-codex:work")
                #expect(o["account_id"]?.stringValue == "acct-mock-0001")
                #expect(!r.stderr.contains(issued))
            }
            let text = try String(contentsOf: home.paths.authProfiles, encoding: .utf8)
            #expect((try? JSONParser.parse(text)) != nil)
            #expect(TempHome.mode(home.paths.authProfiles.path) == 0o600)
            let names = try FileManager.default.contentsOfDirectory(atPath: home.home.path)
            #expect(!names.contains { $0.contains(".tmp-") }, "no temp file left: \(names)")
            // The plain form prints the token as its last line.
            let plain = try runProcess(Self.sx!, ["codex-fetchtoken"], env: env)
            #expect(plain.stdout.split(separator: "\n").last.map(String.init) == issued)
            #expect(server.requests(path: "/oauth/token").count == 1)
        }
    }

    @Test(.enabled(if: sx != nil, "the sx binary is not built"))
    func killDashNineDuringWritesNeverLeavesATruncatedStore() async throws {
        let h = try TempHome()
        // A large store makes each write take long enough for the kill to land in the middle of some.
        try ProfileStore(paths: h.paths).update { doc in
            for i in 0..<3000 {
                doc.setProfile(
                    "openai:k\(i)",
                    AuthProfile.apiKeyObject(
                        provider: .openai, key: "sk-proj-filler-\(i)-" + String(repeating: "x", count: 64)))
            }
        }
        let env = sxEnvironment(h)
        let fm = FileManager.default
        func tempFiles() -> [String] {
            ((try? fm.contentsOfDirectory(atPath: h.home.path)) ?? []).filter { $0.contains(".tmp-") }
        }
        var killedMidWrite = 0
        for round in 0..<12 {
            // Leftovers of the previous round would look like this round's temp file.
            for t in tempFiles() { try? fm.removeItem(at: h.home.appendingPathComponent(t)) }
            let p = Process()
            p.executableURL = Self.sx!
            p.arguments = ["auth", "order", "openai", "k\(round)", "k\(round + 1)"]
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Odd rounds: kill the moment the temp file exists (between create and rename); even rounds: at a
            // spread of fixed delays (anywhere in the process's life).
            if round % 2 == 1 {
                let deadline = Date().addingTimeInterval(3)
                while Date() < deadline, p.isRunning, tempFiles().isEmpty { usleep(100) }
                if !tempFiles().isEmpty { killedMidWrite += 1 }
            } else {
                usleep(UInt32(20_000 + round * 30_000))
            }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let data = try Data(contentsOf: h.paths.authProfiles)
            #expect(!data.isEmpty)
            let doc = try ProfileStore(paths: h.paths).load()
            #expect(doc.allProfiles.count == 3000, "round \(round): store intact")
        }
        #expect(killedMidWrite > 0, "at least one writer was killed with its temp file written but not renamed")
        // The next successful writer removes what killed writers left behind.
        let ok = try runProcess(Self.sx!, ["auth", "order", "openai", "k42"], env: env)
        #expect(ok.status == 0)
        #expect(tempFiles().isEmpty)
        #expect(try ProfileStore(paths: h.paths).load().order(for: .openai) == ["openai:k42"])
    }

    @Test(.enabled(if: sx != nil, "the sx binary is not built"))
    func importCodexLeavesCodexFileByteIdenticalAndDedupes() throws {
        let h = try TempHome()
        let exp = Date().addingTimeInterval(3600)
        let id = OAuthMockServer.makeJWT(
            exp: exp, accountId: "acct-mock-0001", email: "mock.user@example.com", plan: "plus")
        let access = OAuthMockServer.makeJWT(
            exp: exp, accountId: "acct-mock-0001", email: "mock.user@example.com", plan: "plus")
        // Codex writes it pretty-printed, keys in this order (docs/protocol/codex-login.md#login-file), mode 0600.
        let text = """
            {
              "auth_mode": "chatgpt",
              "OPENAI_API_KEY": null,
              "tokens": {
                "id_token": "\(id)",
                "access_token": "\(access)",
                "refresh_token": "rt-codex-cli-owned-0001",
                "account_id": "acct-mock-0001"
              },
              "last_refresh": "2026-11-21T23:17:18.999182880Z"
            }
            """
        let file = h.userHome.appendingPathComponent(".codex/auth.json")
        try h.write(text, to: file)
        let before = try Data(contentsOf: file)
        let mtimeBefore = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        let env = sxEnvironment(h)
        let r1 = try runProcess(Self.sx!, ["auth", "import-codex"], env: env)
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stderr.contains("refresh chain"))
        let r2 = try runProcess(Self.sx!, ["auth", "import-codex"], env: env)
        #expect(r2.status == 0)
        #expect(r2.stdout.contains("Updated openai-codex:codex"))
        #expect(try Data(contentsOf: file) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == mtimeBefore)
        #expect(TempHome.mode(file.path) == 0o600)
        let doc = try ProfileStore(paths: h.paths).load()
        #expect(doc.profiles(for: .openaiCodex).map(\.id) == ["openai-codex:codex"], "deduplicated by account id")
        let p = try #require(doc.profile("openai-codex:codex"))
        #expect(
            p.accountId == "acct-mock-0001" && p.email == "mock.user@example.com"
                && p.refresh == "rt-codex-cli-owned-0001")
        for out in [r1.stdout, r1.stderr, r2.stdout, r2.stderr] {
            #expect(!out.contains(access) && !out.contains("rt-codex-cli-owned-0001"))
        }
    }

    @Test(.enabled(if: sx != nil, "the sx binary is not built"))
    func addKeyFromStdinAndListMasksSecrets() throws {
        let h = try TempHome()
        let env = sxEnvironment(h)
        let key = "sk-ant-api03-SECRETSECRETSECRET-abcd"
        let add = try runProcess(
            Self.sx!, ["auth", "add-key", "--provider", "anthropic", "main"], env: env, input: key + "\n")
        #expect(add.status == 0, "\(add.stderr)")
        let list = try runProcess(Self.sx!, ["auth", "list", "--json"], env: env)
        #expect(list.status == 0)
        #expect(!list.stdout.contains(key) && !add.stdout.contains(key))
        let root = try #require(try JSONParser.parse(list.stdout).objectValue)
        let row = try #require(root["profiles"]?.arrayValue?.first?.objectValue)
        #expect(row["profileId"]?.stringValue == "anthropic:main")
        #expect(row["secret"]?.stringValue == Redact.mask(key))
        #expect(try ProfileStore(paths: h.paths).load().profile("anthropic:main")?.key == key)
        let bad = try runProcess(Self.sx!, ["auth", "logout", "nope"], env: env)
        #expect(bad.status != 0)
        #expect(bad.stderr.split(separator: "\n").count == 1, "one clear line: \(bad.stderr)")
    }
}

@Suite struct CLILoginTests {
    @Test(.enabled(if: builtProduct("sx") != nil, "the sx binary is not built"))
    func deviceLoginThroughTheCLI() async throws {
        try await withIssuer { server, home, _ in
            let r = try runProcess(
                builtProduct("sx")!, ["auth", "login", "--device", "work"],
                env: sxEnvironment(home, ["CODEX_AUTH_ISSUER": server.issuer.absoluteString]))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("MOCK-CODE") && r.stderr.contains("/codex/device"))
            #expect(r.stdout.contains("mock.user@example.com") && r.stdout.contains("openai-codex:work"))
            let p = try #require(try ProfileStore(paths: home.paths).load().profile("openai-codex:work"))
            #expect(p.accountId == "acct-mock-0001")
            #expect(!r.stdout.contains(p.access!) && !r.stderr.contains(p.refresh!))
        }
    }
}
