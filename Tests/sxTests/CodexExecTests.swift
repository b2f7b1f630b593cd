import Foundation
import Testing
import SXTestSupport

/// `sx exec --provider codex` end to end: the real binary, a real profile store, the loopback ChatGPT backend.
@Suite struct CodexExecTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls")

    /// A store with one Codex login whose access token is valid for a day.
    func login(_ cli: CLI, account: String = "acct-mock-0001") throws -> String {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(
                of: "+", with: "-"
            )
            .replacingOccurrences(of: "/", with: "_")
        }
        let exp = Int(Date().timeIntervalSince1970) + 86400
        let access =
            b64(#"{"alg":"none"}"#) + "."
            + b64(#"{"exp":\#(exp),"https://api.openai.com/auth":{"chatgpt_account_id":"\#(account)"}}"#) + ".c2ln"
        let store =
            #"{"version":1,"profiles":{"openai-codex:work":{"type":"oauth","provider":"openai-codex","access":"\#(access)","refresh":"rt-not-used-0001","expires":\#(exp * 1000),"accountId":"\#(account)"}}}"#
        try store.write(to: cli.home.appendingPathComponent("auth-profiles.json"), atomically: true, encoding: .utf8)
        chmod(cli.home.path, 0o700)
        chmod(cli.home.appendingPathComponent("auth-profiles.json").path, 0o600)
        return access
    }

    func env(_ mock: CodexMock, _ extra: [String: String] = [:]) -> [String: String] {
        ["CODEX_BASE_URL": mock.baseURL].merging(extra) { $1 }
    }

    @Test func saysHelloOverHTTPAndSendsEveryField() throws {
        let mock = try CodexMock(replies: [
            .sse(CodexSSE.reply("Hello from the mock!", thinking: ["Greeting ", "the user"]))
        ])
        defer { mock.stop() }
        let cli = CLI()
        let access = try login(cli)
        let r = try cli.run(["exec", "--provider", "codex", "Say hello"], extraEnv: env(mock))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Hello from the mock!\n")
        #expect(r.stderr.contains("Greeting the user"))
        #expect(!r.stdout.contains(access) && !r.stderr.contains(access))
        let req = try #require(mock.requests.first)
        #expect(req.header("authorization") == "Bearer \(access)")
        #expect(req.header("chatgpt-account-id") == "acct-mock-0001")
        #expect(req.header("accept") == "text/event-stream")
        #expect(req.header("content-type") == "application/json")
        #expect(req.header("originator") == "sx_exec")
        #expect(req.header("user-agent")?.hasPrefix("sx/0.1.0 (Linux; ") == true)
        let sid = try #require(req.header("session-id"))
        let body = try #require(req.json)
        #expect(body["prompt_cache_key"] as? String == sid)
        #expect(body["store"] as? Bool == false)
        #expect(body["stream"] as? Bool == true)
        #expect(body["include"] as? [String] == ["reasoning.encrypted_content"])
        #expect((body["reasoning"] as? [String: Any])?["summary"] as? String == "auto")
        #expect((body["tools"] as? [[String: Any]])?.map { $0["name"] as? String }.contains("shell") == true)
        #expect(body["model"] as? String == "gpt-5.5")
    }

    @Test func overHTTPSWithTheTestCA() throws {
        let tls = (
            Self.fixtures.appendingPathComponent("server.pem").path,
            Self.fixtures.appendingPathComponent("server.key").path
        )
        let mock = try CodexMock(tls: tls, replies: [.sse(CodexSSE.reply("Hello over TLS"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try login(cli)
        let ok = try cli.run(
            ["exec", "--provider", "codex", "Say hello"],
            extraEnv: env(mock, ["SX_CA_CERTIFICATE": Self.fixtures.appendingPathComponent("ca.pem").path]))
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "Hello over TLS\n")
        let untrusted = try cli.run(["exec", "--provider", "codex", "Say hello"], extraEnv: env(mock))
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("TLS"))
        #expect(untrusted.stderr.contains("SX_CA_CERTIFICATE"))
    }

    @Test func usageLimitExitsNonZeroWithTheResetTime() throws {
        let mock = try CodexMock(replies: [CodexSSE.usageLimitReply(resetsAt: 1_795_320_000)])
        defer { mock.stop() }
        let cli = CLI()
        _ = try login(cli)
        let r = try cli.run(["exec", "--provider", "codex", "Say hello"], extraEnv: env(mock))
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("usage limit reached"))
        #expect(r.stderr.contains("2026-11-22 04:00 UTC"))
        #expect(mock.requests.count == 1)
    }

    @Test func aDroppedStreamIsReportedNotPrintedAsComplete() throws {
        var s = CodexSSE()
        s.message(["The answer is ", "forty"])
        let mock = try CodexMock(replies: [.sse(s.text, ending: .drop)])
        defer { mock.stop() }
        let cli = CLI()
        _ = try login(cli)
        let r = try cli.run(["exec", "--provider", "codex", "Say hello"], extraEnv: env(mock))
        #expect(r.status == 1)
        #expect(r.stdout == "The answer is forty\n")
        #expect(r.stderr.contains("cut off"))
    }

    @Test func writeFileThenShellWithApprovalAuto() throws {
        var a = CodexSSE()
        a.functionCall(
            name: "write_file", arguments: #"{"path":"hello.txt","content":"tool round trip\n"}"#, callId: "c1",
            id: "f1")
        a.completed()
        var b = CodexSSE()
        b.functionCall(name: "shell", arguments: #"{"command":"cat hello.txt"}"#, callId: "c2", id: "f2")
        b.completed()
        let mock = try CodexMock(replies: [
            .sse(a.text), .sse(b.text), .sse(CodexSSE.reply("Done: the file holds the text."))
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try login(cli)
        let r = try cli.run(
            ["exec", "--provider", "codex", "--approval", "auto", "write and show"], extraEnv: env(mock))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Done: the file holds the text.\n")
        #expect(
            try String(contentsOf: cli.workdir.appendingPathComponent("hello.txt"), encoding: .utf8)
                == "tool round trip\n")
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let out = try #require(input.last { $0["type"] as? String == "function_call_output" })
        #expect(out["call_id"] as? String == "c2")
        #expect((out["output"] as? String)?.contains("tool round trip") == true)
        // Without --approval auto the write is refused and the model is told why.
        mock.setReplies([.sse(a.text), .sse(CodexSSE.reply("ok"))])
        let cli2 = CLI()
        _ = try login(cli2)
        let refused = try cli2.run(["exec", "--provider", "codex", "write"], extraEnv: env(mock))
        #expect(refused.status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli2.workdir.appendingPathComponent("hello.txt").path))
    }

    @Test func resumeSendsTheEarlierHistoryAndToolsZeroSendsNone() throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("first answer")), .sse(CodexSSE.reply("second answer"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try login(cli)
        let r1 = try cli.run(["exec", "--provider", "codex", "first question"], extraEnv: env(mock, ["TOOLS": "0"]))
        #expect(r1.status == 0)
        #expect((mock.requests[0].json?["tools"] as? [Any])?.isEmpty == true)
        let list = try cli.run(["sessions", "list"])
        #expect(list.stdout.contains("first question"))
        let r2 = try cli.run(["exec", "--provider", "codex", "--last", "second question"], extraEnv: env(mock))
        #expect(r2.status == 0)
        #expect(r2.stdout == "second answer\n")
        let input = try #require(mock.requests[1].json?["input"] as? [[String: Any]])
        let texts = input.compactMap { ($0["content"] as? [[String: Any]])?.first?["text"] as? String }
        #expect(texts.contains("first question"))
        #expect(texts.contains("first answer"))
        #expect(texts.last == "second question")
        #expect(mock.requests[1].header("session-id") == mock.requests[0].header("session-id"))
    }

    @Test func corruptStoreStopsWithFileLineAndColumn() throws {
        let cli = CLI()
        try "{\n  \"version\": 1,\n  \"profiles\": {,}\n}\n".write(
            to: cli.home.appendingPathComponent("auth-profiles.json"), atomically: true, encoding: .utf8)
        let r = try cli.run(["exec", "--provider", "demo", "hi"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("auth-profiles.json:3:"))
        #expect(r.stderr.split(separator: "\n").count <= 2)
    }
}
