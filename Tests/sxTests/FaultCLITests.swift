import Foundation
import SXCore
import SXAuth
import Testing
import SXTestSupport

/// Fault injection through the real `sx exec` binary (issue 8): every fault ends with exit 1 and a clear error
/// line, what already streamed stays printed, the store still parses with every profile, and sx leaves no process
/// behind.
@Suite struct FaultCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls")

    static func jwt(_ account: String, exp: Int = Int(Date().timeIntervalSince1970) + 86400) -> String {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(
                of: "+", with: "-"
            )
            .replacingOccurrences(of: "/", with: "_")
        }
        return b64(#"{"alg":"none"}"#) + "."
            + b64(#"{"exp":\#(exp),"https://api.openai.com/auth":{"chatgpt_account_id":"\#(account)"}}"#) + ".c2ln"
    }

    /// Codex logins `names`, valid for a day unless `expired`.
    static func store(_ cli: CLI, _ names: [String] = ["work"], expired: Bool = false) throws {
        let now = Int(Date().timeIntervalSince1970)
        let exp = expired ? now - 60 : now + 86400
        let profiles = names.map { n in
            #""openai-codex:\#(n)":{"type":"oauth","provider":"openai-codex","access":"\#(jwt("acct-\(n)", exp: exp))","refresh":"rt-fault-\#(n)-0001","expires":\#(exp * 1000),"accountId":"acct-\#(n)"}"#
        }
        let order = names.map { "\"openai-codex:\($0)\"" }.joined(separator: ",")
        let json =
            #"{"version":1,"profiles":{\#(profiles.joined(separator: ","))},"order":{"openai-codex":[\#(order)]}}"#
        let url = cli.home.appendingPathComponent("auth-profiles.json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        chmod(cli.home.path, 0o700)
        chmod(url.path, 0o600)
    }

    struct Run {
        var result: SpawnResult
        var errorLine: String
    }

    /// Runs `sx exec --provider codex` and checks what every fault must leave behind.
    static func exec(_ cli: CLI, env: [String: String], profiles: Int = 1, _ loc: SourceLocation = #_sourceLocation)
        async throws -> Run
    {
        let r = await Spawn.processAsync(
            CLI.binary.path, ["exec", "--provider", "codex", "--no-thinking", "say something"],
            env: cli.env.merging(env) { $1 }, cwd: cli.workdir.path)
        #expect(r.status == 1, "exit status \(r.status); stderr: \(r.stderr)", sourceLocation: loc)
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("sx: error:") }
        #expect(errors.count == 1, "one error line: \(r.stderr)", sourceLocation: loc)
        #expect(r.leftoverProcesses.isEmpty, "processes left behind: \(r.leftoverProcesses)", sourceLocation: loc)
        // The store parses, every profile is still there, no temp file is left.
        let doc = try ProfileStore(paths: SXPaths(home: cli.home)).load()
        #expect(doc.profiles(for: .openaiCodex).count == profiles, sourceLocation: loc)
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.home.path)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)", sourceLocation: loc)
        for line in r.stderr.split(separator: "\n") {
            #expect(!line.contains("eyJ"), "no token in: \(line)", sourceLocation: loc)
        }
        return Run(result: r, errorLine: errors.first.map(String.init) ?? "")
    }

    static func partial(_ deltas: [String]) -> String {
        var s = CodexSSE()
        s.message(deltas)
        return s.events.filter { !$0.contains(".done") }.joined()
    }

    @Test func connectionResetBeforeHeaders() async throws {
        let mock = try CodexMock(replies: [.reset])
        defer { mock.stop() }
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(cli, env: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.errorLine.contains("connection"), "\(r.errorLine)")
        #expect(r.result.stdout.isEmpty)
        #expect(mock.requests.count == 4, "the first try and 3 retries, no more")
    }

    @Test func midStreamDropKeepsWhatArrived() async throws {
        let mock = try CodexMock(replies: [.sse(Self.partial(["Partial ", "answer ", "kept"]), ending: .drop)])
        defer { mock.stop() }
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(cli, env: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.result.stdout.hasPrefix("Partial answer kept"), "bytes lost: \(r.result.stdout)")
        #expect(r.errorLine.contains("cut off"))
        #expect(mock.requests.count == 1, "a drop after output is not re-asked")
    }

    @Test func stallPastTheReadTimeout() async throws {
        let mock = try CodexMock(replies: [.sse(Self.partial(["Before ", "the stall"]), ending: .stall)])
        defer { mock.stop() }
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(cli, env: ["CODEX_BASE_URL": mock.baseURL, "SX_READ_TIMEOUT": "1"])
        #expect(r.result.stdout.hasPrefix("Before the stall"))
        #expect(r.errorLine.contains("read timeout"), "\(r.errorLine)")
    }

    @Test func garbageInsteadOfHTTP() async throws {
        let mock = try CodexMock(replies: [
            .raw(Array("\u{0}\u{1}\u{2}NOT HTTP AT ALL\r\n\r\n\u{ff}".utf8) + [UInt8](repeating: 0xfe, count: 5000))
        ])
        defer { mock.stop() }
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(cli, env: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.errorLine.contains("codex"), "\(r.errorLine)")
        #expect(r.errorLine.count < 400)
    }

    /// This test process (and the `sx` built with it) runs under AddressSanitizer: its runtime is linked in.
    static let underAddressSanitizer: Bool = {
        guard let handle = dlopen(nil, RTLD_NOW) else { return false }
        return dlsym(handle, "__asan_init") != nil
    }()

    @Test func twoGigabyteBodyStopsAtTheCapWithBoundedMemory() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let prefix = Array(Self.partial(["Start of ", "a huge reply"]).utf8) + Array("data: ".utf8)
        mock.setReplies([
            .generated(
                status: 200, headers: [("content-type", "text/event-stream")], prefix: prefix,
                chunk: [UInt8](repeating: UInt8(ascii: "z"), count: 64 * 1024), totalBytes: 2 << 30)
        ])
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(cli, env: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.result.stdout.hasPrefix("Start of a huge reply"))
        #expect(r.errorLine.contains("exceeded 64 MB"), "\(r.errorLine)")
        let sent = mock.server.generatedBytesSent
        #expect(sent < 256 << 20, "sx stopped reading: the mock sent \(sent >> 20) MB of 2048")
        // The cap bounds memory: a few times the 64 MB cap at most, nowhere near the 2 GB offered. Not under
        // AddressSanitizer (bench/sanitizers.sh), which by design keeps freed memory in quarantine (256 MB).
        if !Self.underAddressSanitizer {
            #expect(r.result.maxRSSKiB < 600 * 1024, "peak RSS \(r.result.maxRSSKiB / 1024) MB")
        }
        print(
            "fault 2GB body: mock sent \(sent >> 20) MB, sx peak RSS \(r.result.maxRSSKiB / 1024) MB\(Self.underAddressSanitizer ? " (AddressSanitizer)" : "")"
        )
    }

    @Test func slowLorisDribble() async throws {
        let chunks =
            [
                MockReply.Chunk(
                    Self.partial(["Dribbled "]) + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"")
            ]
            + (0..<600).map { _ in MockReply.Chunk("a", delayMs: 50) }
        let mock = try CodexMock(replies: [
            .stream(status: 200, headers: [("content-type", "text/event-stream")], chunks: chunks, ending: .end)
        ])
        defer { mock.stop() }
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(cli, env: ["CODEX_BASE_URL": mock.baseURL, "SX_READ_TIMEOUT": "1"])
        #expect(r.result.stdout.hasPrefix("Dribbled"))
        #expect(r.errorLine.contains("without finishing a line"), "\(r.errorLine)")
    }

    @Test func tlsHandshakeWithTheWrongCA() async throws {
        let tls = (
            Self.fixtures.appendingPathComponent("server.pem").path,
            Self.fixtures.appendingPathComponent("server.key").path
        )
        let mock = try CodexMock(tls: tls, replies: [.sse(CodexSSE.reply("never"))])
        defer { mock.stop() }
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(
            cli,
            env: [
                "CODEX_BASE_URL": mock.baseURL,
                "SX_CA_CERTIFICATE": Self.fixtures.appendingPathComponent("other-ca.pem").path
            ])
        #expect(r.errorLine.contains("not trusted"), "\(r.errorLine)")
        #expect(mock.requests.isEmpty)
    }

    @Test func unresolvableHostFailsFastWithADNSMessage() async throws {
        let cli = CLI()
        try Self.store(cli)
        let r = try await Self.exec(
            cli,
            env: [
                "CODEX_BASE_URL": "http://sx-fault-test.invalid/backend-api/codex",
                "SX_CONNECT_TIMEOUT": "60"
            ])
        // With a 60 s connect timeout, a retry-until-timeout client would still be waiting: the message below
        // is only reached if the first resolver failure ends the request.
        #expect(r.errorLine.contains("cannot resolve the host name"), "\(r.errorLine)")
    }

    @Test func fourHundredOneStormRefreshesOncePerProfileThenRotatesAndStops() async throws {
        let issuer = try await OAuthMockServer()
        let cli = CLI()
        try Self.store(cli, ["a", "b"])
        issuer.registerRefreshToken("rt-fault-a-0001")
        issuer.registerRefreshToken("rt-fault-b-0001")
        let mock = try CodexMock(replies: [.json(401, ["error": ["message": "Your authentication token has expired"]])])
        let r = try await Self.exec(
            cli, env: ["CODEX_BASE_URL": mock.baseURL, "CODEX_AUTH_ISSUER": issuer.issuer.absoluteString],
            profiles: 2)
        let refreshes = issuer.requests(path: "/oauth/token").count
        let requests = mock.requests.count
        mock.stop()
        await issuer.shutdown()
        #expect(
            r.errorLine.contains("authentication failed") || r.result.stderr.contains("authentication failed"),
            "\(r.result.stderr)")
        #expect(refreshes == 2, "one forced refresh per profile, got \(refreshes)")
        #expect(requests == 4, "each profile: a request, a refresh, one retry — got \(requests)")
        #expect(issuer.reuseRejections == 0)
        let doc = try ProfileStore(paths: SXPaths(home: cli.home)).load()
        for id in ["openai-codex:a", "openai-codex:b"] {
            let s = doc.usageStats(id)
            #expect(
                s.failureCounts[.auth] == 1 || s.cooldownReason == .auth || s.disabledReason == .auth,
                "\(id) marked auth")
            // The refreshed (rotated) login is saved, the old refresh token is gone.
            #expect(doc.profile(id)?.refresh.map(issuer.isLiveRefreshToken) == true)
        }
    }

    @Test func tokenEndpointTimingOutDuringRefreshLeavesTheStoreUnchanged() async throws {
        var config = OAuthMockServer.Config()
        config.refreshStall = true
        let issuer = try await OAuthMockServer(config: config)
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("never"))])
        let cli = CLI()
        try Self.store(cli, expired: true)
        issuer.registerRefreshToken("rt-fault-work-0001")
        let before = try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json"))
        let r = try await Self.exec(
            cli,
            env: [
                "CODEX_BASE_URL": mock.baseURL, "CODEX_AUTH_ISSUER": issuer.issuer.absoluteString,
                "SX_READ_TIMEOUT": "1"
            ])
        let requests = mock.requests.count
        mock.stop()
        await issuer.shutdown()
        #expect(r.errorLine.contains("refresh"), "\(r.errorLine)")
        #expect(r.errorLine.contains("no reply in time"), "\(r.errorLine)")
        #expect(requests == 0, "no request with an expired token")
        #expect(
            try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json")) == before, "store unchanged")
    }
}
