import Foundation
import SXCore
import NIOConcurrencyHelpers
import SXAuth
import Testing
import SXTestSupport

/// The secret audit (issue 8): every command and the main scenarios run with recognisable fake secrets; no output
/// stream, log, transcript or exported file may hold one of them (or a long piece of one), and every file sx writes
/// under SX_HOME is private (0600 files, 0700 folders).
@Suite struct SecretAuditTests {
    static func jwt(_ marker: String, account: String = "acct-audit-0001") -> String {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(
                of: "+", with: "-"
            )
            .replacingOccurrences(of: "/", with: "_")
        }
        let exp = Int(Date().timeIntervalSince1970) + 86400
        return b64(#"{"alg":"RS256","typ":"JWT"}"#) + "."
            + b64(
                #"{"exp":\#(exp),"email":"audit@example.com","marker":"\#(marker)","https://api.openai.com/auth":{"chatgpt_account_id":"\#(account)","chatgpt_plan_type":"plus"}}"#
            ) + ".QVVESVRzaWduYXR1cmUtMDAwMQ"
    }

    static let anthropicKey = "sk-ant-api03-AUDITkey9d8c7b6a5f4e3d2c1b0aXYZW"
    static let openaiKey = "sk-proj-AUDITkey1a2b3c4d5e6f7a8b9c0dQRST"
    static let geminiKey = "AIzaAUDITkeyAUDIT1234567890abcdefghijk"
    static let envAnthropicKey = "sk-ant-api03-AUDITenv0f1e2d3c4b5a69788796ENVK"
    static let sshPass = "audit-ssh-pass-5e6f7a8b9c0d1e2f"
    static let remoteToken = "audit-remote-bearer-0a1b2c3d4e5f6a7b"
    static let codexRefresh = "rt-AUDIT-refresh-7f3a9c1e5b2d4f6a8c0e"
    static let codexAccess = jwt("AUDITACCESS")
    static let codexId = jwt("AUDITIDTOKEN")

    /// Substrings of `secret` long enough to identify it (every 12-character window).
    static func pieces(_ secret: String) -> [String] {
        let c = Array(secret)
        guard c.count > 12 else { return [secret] }
        return stride(from: 0, through: c.count - 12, by: 1).map { String(c[$0..<$0 + 12]) }
    }

    /// Every string value stored under a secret-bearing key in a JSON tree (the store, backups).
    static func secretValues(_ v: Any?) -> [String] {
        if let o = v as? [String: Any] {
            return o.flatMap { k, x -> [String] in
                if ["access", "refresh", "key", "token", "id_token", "access_token", "refresh_token"].contains(k),
                    let s = x as? String, s.count >= 12
                {
                    return [s]
                }
                return secretValues(x)
            }
        }
        if let a = v as? [Any] { return a.flatMap(secretValues) }
        return []
    }

    @Test func noCommandOrFileRevealsASecretAndEveryFileIsPrivate() async throws {
        let issuer = try await OAuthMockServer()
        issuer.registerRefreshToken(Self.codexRefresh)
        // The backend answers once, then rejects the login and echoes the caller's credentials in the error (as some
        // proxies do): sx refreshes once (new tokens in the store), retries, and reports the failure.
        let served = LockedCounter()
        let backend = try MockHTTPServer { req in
            if req.path.hasSuffix("/wham/usage") { return .json(200, ["plan_type": "plus"]) }
            // The model list refuses too, echoing the credential: the cached failure must not keep it.
            if req.path.hasSuffix("/models") {
                return .json(
                    401,
                    [
                        "detail":
                            "token rejected: \(req.header("authorization") ?? "") account \(req.header("chatgpt-account-id") ?? "")"
                    ])
            }
            let n = served.next()
            if n == 0 { return .sse(CodexSSE.reply("Audit answer one")) }
            return .json(
                401,
                [
                    "error": [
                        "message":
                            "token rejected: \(req.header("authorization") ?? "") account \(req.header("chatgpt-account-id") ?? "")"
                    ]
                ])
        }
        let anthropic = try MockHTTPServer { req in
            .json(
                401,
                [
                    "type": "error",
                    "error": [
                        "type": "authentication_error", "message": "invalid x-api-key: \(req.header("x-api-key") ?? "")"
                    ]
                ])
        }
        defer { backend.stop(); anthropic.stop() }

        var cli = CLI()
        cli.env["CODEX_BASE_URL"] = backend.baseURL + "/backend-api/codex"
        cli.env["ANTHROPIC_BASE_URL"] = anthropic.baseURL
        cli.env["CODEX_AUTH_ISSUER"] = issuer.issuer.absoluteString
        cli.env["CODEX_SSH_PASS"] = Self.sshPass
        cli.env["CODEX_REMOTE_TOKEN"] = Self.remoteToken
        var outputs: [(String, String)] = []
        // On threads of their own (`processAsync`): ~30 runs must not hold Swift concurrency's threads meanwhile.
        func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], expect status: Int32? = 0)
            async throws
        {
            let r = await Spawn.processAsync(
                CLI.binary.path, args, env: cli.env.merging(env) { $1 }, cwd: cli.workdir.path,
                input: stdin)
            outputs.append(("sx \(args.joined(separator: " ")) (stdout)", r.stdout))
            outputs.append(("sx \(args.joined(separator: " ")) (stderr)", r.stderr))
            if let status { #expect(r.status == status, "sx \(args.joined(separator: " ")): \(r.status) \(r.stderr)") }
        }

        // Logins of every kind.
        try await run(["auth", "add-key", "--provider", "anthropic", "main"], stdin: Self.anthropicKey + "\n")
        try await run(["auth", "add-key", "--provider", "openai", "work"], stdin: Self.openaiKey + "\n")
        try await run(["auth", "add-key", "--provider", "google", "g"], stdin: Self.geminiKey + "\n")
        let codexFile = cli.home.appendingPathComponent(".codex/auth.json")
        try FileManager.default.createDirectory(
            at: codexFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try
            #"{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"\#(Self.codexId)","access_token":"\#(Self.codexAccess)","refresh_token":"\#(Self.codexRefresh)","account_id":"acct-audit-0001"},"last_refresh":"2026-11-21T23:17:18Z"}"#
            .write(to: codexFile, atomically: true, encoding: .utf8)
        try await run(["auth", "import-codex"])
        try await run(["auth", "list"])
        try await run(["auth", "list", "--json"])
        try await run(["auth", "order", "openai-codex", "codex"])
        // Settings, with secrets in the environment and in the settings file.
        try await run(["config", "set", "OPENAI_API_KEY", "-"], stdin: Self.openaiKey + "\n")
        try await run(["config", "show"], env: ["ANTHROPIC_API_KEY": Self.envAnthropicKey])
        try await run(["config", "get", "CODEX_SSH_PASS"])
        try await run(["config", "get", "OPENAI_API_KEY"])
        // Turns: a success, then the backend echoing the bearer (a forced refresh, then failure), then Anthropic
        // echoing the key; text and JSON output.
        try await run(["exec", "--provider", "codex", "first question"])
        try await run(["exec", "--provider", "codex", "--json", "second question"], expect: 1)
        try await run(["exec", "--last", "--provider", "codex", "third question"], expect: 1)
        try await run(["exec", "--provider", "anthropic", "hello"], expect: 1)
        try await run(
            ["exec", "--provider", "anthropic", "--json", "hello"], env: ["ANTHROPIC_API_KEY": Self.envAnthropicKey],
            expect: 1)
        try await run(["exec", "--provider", "demo", "hello"])
        try await run(["sessions", "list"])
        try await run(["models", "status"])
        try await run(["models", "status", "--json"])
        try await run(["models", "list", "--provider", "codex", "--refresh"])
        try await run(["models", "list", "--provider", "anthropic", "--refresh", "--json"])
        try await run(["models", "status", "--check"], expect: nil)
        try await run(["models", "watch", "--once"], expect: nil)
        try await run(["codex-fetchtoken", "--json"], expect: nil)
        try await run(["--version"])
        try await run(["--help"])
        try await run(["auth", "logout", "anthropic:main"])
        try await run(["auth", "logout", "no-such-profile"], expect: 1)
        await issuer.shutdown()

        // Everything secret: the fakes, plus whatever the store and its backups hold now (refreshed tokens).
        let fm = FileManager.default
        let storeURL = cli.home.appendingPathComponent("auth-profiles.json")
        var secrets = [
            Self.anthropicKey, Self.openaiKey, Self.geminiKey, Self.envAnthropicKey, Self.sshPass, Self.remoteToken,
            Self.codexRefresh, Self.codexAccess, Self.codexId
        ]
        let stores =
            [storeURL]
            + ((try? fm.contentsOfDirectory(atPath: cli.home.appendingPathComponent("backups").path)) ?? [])
            .map { cli.home.appendingPathComponent("backups").appendingPathComponent($0) }
        for f in stores {
            secrets += Self.secretValues(try? JSONSerialization.jsonObject(with: Data(contentsOf: f)))
        }
        secrets = Array(Set(secrets))
        #expect(secrets.count > 9, "the refresh left new tokens in the store to look for too")

        // Files that hold secrets by design (the store, its backups, the settings file, Codex's own file).
        let holders: Set<String> = [
            storeURL.path, cli.home.appendingPathComponent("scorpiox-env.txt").path, codexFile.path
        ]
        var haystacks = outputs
        var modes: [String] = []
        for root in [cli.home, cli.workdir] {
            let e = fm.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = e?.nextObject() as? URL {
                var st = stat()
                guard lstat(url.path, &st) == 0 else { continue }
                let isDir = (st.st_mode & S_IFMT) == S_IFDIR
                if root == cli.home, url.path != codexFile.deletingLastPathComponent().path, url.path != codexFile.path,
                    st.st_mode & 0o077 != 0
                {
                    modes.append(
                        "\(url.path.replacingOccurrences(of: cli.home.path, with: "$SX_HOME")) \(String(st.st_mode & 0o777, radix: 8))"
                    )
                }
                if isDir || holders.contains(url.path) || url.path.contains("/backups/") { continue }
                haystacks.append(
                    (
                        url.path,
                        (try? String(contentsOf: url, encoding: .utf8))
                            ?? String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
                    ))
            }
        }
        #expect(modes.isEmpty, "readable by others: \(modes)")
        #expect(haystacks.contains { $0.0.contains("/sessions/") }, "the transcripts were audited")
        var leaks: [String] = []
        for (name, text) in haystacks {
            // codex-fetchtoken prints the token on stdout: that is what it is for.
            if name.hasPrefix("sx codex-fetchtoken") && name.hasSuffix("(stdout)") { continue }
            for s in secrets where Self.pieces(s).contains(where: text.contains) {
                leaks.append("\(name) holds \(Redact.mask(s))")
            }
        }
        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        // The scenarios really ran: the echoing backend was reached with the login, and the failures were reported.
        #expect(served.value >= 2)
        #expect(
            outputs.contains {
                $0.0.hasPrefix("sx exec --provider anthropic hello") && $0.1.contains("invalid x-api-key")
            })
    }
}

/// A thread-safe counter for mock handlers.
final class LockedCounter: Sendable {
    private let box = NIOLockedValueBox(0)
    func next() -> Int {
        box.withLockedValue { v in
            v += 1; return v - 1
        }
    }
    var value: Int { box.withLockedValue { $0 } }
}

/// The full-screen session, in tmux: an answer, an error that echoes the bearer, the status pane's profile list and
/// `/export` show no secret on screen or in the exported file.
@Suite(.serialized) struct TUISecretAuditTests {
    @Test(.enabled(if: TUITmuxTests.hasTmux)) func screensAndExportHoldNoSecret() async throws {
        // The first turn is answered; later ones are refused with the caller's bearer echoed, as a misbehaving
        // proxy would.
        let served = LockedCounter()
        let echo = try MockHTTPServer { req in
            guard req.path.hasSuffix("/responses") else { return .json(200, ["plan_type": "plus"]) }
            if served.next() == 0 { return .sse(CodexSSE.reply("First answer on screen")) }
            return .json(400, ["error": ["message": "rejected \(req.header("authorization") ?? "")"]])
        }
        defer { echo.stop() }
        let cli = CLI()
        let access = try CodexExecTests().login(cli)
        let key = await Spawn.processAsync(
            CLI.binary.path, ["auth", "add-key", "--provider", "anthropic", "spare"], env: cli.env,
            cwd: cli.workdir.path, input: SecretAuditTests.anthropicKey + "\n")
        #expect(key.status == 0)
        let t = try TUITmuxTests.Tmux(
            cli: cli,
            env: [
                "CODEX_BASE_URL": echo.baseURL + "/backend-api/codex", "PROVIDER": "codex",
                "CODEX_SSH_PASS": SecretAuditTests.sshPass,
                "OPENAI_API_KEY": SecretAuditTests.openaiKey
            ])
        defer { t.kill() }
        // Waits by suspending (not by sleeping on one of Swift concurrency's threads), bounded.
        func wait(_ what: String, _ ok: (String) -> Bool) async -> String {
            let deadline = Date().addingTimeInterval(20)
            var s = t.screen()
            while !ok(s) && Date() < deadline {
                try? await Task.sleep(nanoseconds: 50_000_000)
                s = t.screen()
            }
            if !ok(s) { Issue.record("timed out waiting for \(what); screen:\n\(s)") }
            return s
        }
        var screens: [String] = []
        screens.append(await wait("first frame") { $0.contains("Ask anything") })
        t.type("first")
        t.keys("Enter")
        screens.append(await wait("the answer") { $0.contains("First answer on screen") })
        t.type("second")
        t.keys("Enter")
        screens.append(await wait("the echoed error") { $0.contains("rejected") })
        // Relative to the folder sx runs in (a short name fits the composer on one line).
        let exported = cli.workdir.appendingPathComponent("audit-export.md")
        t.type("/export audit-export.md")
        screens.append(await wait("the typed command") { $0.contains("› /export audit-export.md") })
        t.keys("Enter")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: exported.path) && Date() < deadline {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        screens.append(t.screen())
        let exportText = (try? String(contentsOf: exported, encoding: .utf8)) ?? ""
        #expect(
            exportText.contains("First answer on screen"),
            "the export was written; screens:\n\(screens.joined(separator: "\n-----\n"))")
        let secrets = [access, SecretAuditTests.anthropicKey, SecretAuditTests.sshPass, SecretAuditTests.openaiKey]
        for (i, text) in (screens + [exportText]).enumerated() {
            // A wrapped line breaks a token: look at the screen with its line ends removed too.
            let joined = text.replacingOccurrences(of: "\n", with: "")
            for s in secrets
            where SecretAuditTests.pieces(s).contains(where: { text.contains($0) || joined.contains($0) }) {
                Issue.record("screen \(i) shows \(Redact.mask(s)):\n\(text)")
            }
        }
        t.keys("C-c")
        t.keys("C-c")
    }
}
