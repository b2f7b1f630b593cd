import Foundation
import SXTestSupport
import Testing

/// The MCP client end to end: the real `sx exec` against the loopback Codex backend, whose scripted model calls
/// tools of real MCP servers: `mcp-server-time` and `mcp-server-git` from PyPI (installed by `.ci/run` into
/// `.build-venv`) and a small wire-level server that crashes on request (Fixtures/mcp).
@Suite struct MCPExecTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let venv = root.appendingPathComponent(".build-venv/bin")
    static let venvReady = ["mcp-server-time", "mcp-server-git"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent($0).path)
    }
    static let fake = root.appendingPathComponent("Tests/Fixtures/mcp/fake_mcp_server.py").path
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    func writeConfig(_ url: URL, _ servers: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: ["mcpServers": servers], options: [.sortedKeys])
        try data.write(to: url)
    }

    /// The `--json` lines of one type.
    func events(_ stdout: String, _ type: String) -> [[String: Any]] {
        stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.filter { $0["type"] as? String == type }
    }

    @Test(
        .enabled(if: venvReady, "the MCP servers from PyPI are missing: run .ci/run (it makes .build-venv)"))
    func theModelCallsTheTimeAndGitServers() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let repo = cli.workdir.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        #expect(Spawn.run(["/usr/bin/git", "init", "-q", repo.path], captureStdout: false).status == 0)
        try "hello\n".write(to: repo.appendingPathComponent("untracked-note.txt"), atomically: true, encoding: .utf8)
        try writeConfig(
            cli.home.appendingPathComponent("mcp.json"),
            [
                "time": [
                    "command": Self.venv.appendingPathComponent("mcp-server-time").path,
                    "args": ["--local-timezone", "UTC"], "trust": "auto"
                ],
                "git": ["command": Self.venv.appendingPathComponent("mcp-server-git").path, "trust": "auto"]
            ])
        mock.setResponder(
            EditHistoryTmuxTests.responder([
                "what time": [
                    ("mcp__time__get_current_time", EditHistoryTmuxTests.json(["timezone": "Europe/Paris"])),
                    ("mcp__git__git_status", EditHistoryTmuxTests.json(["repo_path": repo.path])), nil
                ]
            ]))
        let env = ["CODEX_BASE_URL": mock.baseURL]
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "--json", "what time is it, and is the repo clean?"], extraEnv: env)
        #expect(r.status == 0, "\(r.stderr)")
        let calls = events(r.stdout, "tool_call").map { $0["name"] as? String }
        #expect(calls == ["mcp__time__get_current_time", "mcp__git__git_status"])
        let results = events(r.stdout, "tool_result")
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0["is_error"] as? Bool == false }, "\(results)")
        let time = results.first?["output"] as? String ?? ""
        #expect(time.contains("Europe/Paris") && time.contains("datetime"))
        let status = results.last?["output"] as? String ?? ""
        #expect(status.contains("untracked-note.txt"))
        let text = events(r.stdout, "text_delta").compactMap { $0["delta"] as? String }.joined()
        #expect(text == "done with: what time is")

        // The results went back to the model under the calls' ids, and the servers' tools were offered.
        let last = try #require(mock.requests.last?.json)
        let outputs = (last["input"] as? [[String: Any]] ?? []).filter {
            $0["type"] as? String == "function_call_output"
        }
        #expect(outputs.count == 2)
        #expect((outputs.last?["output"] as? String)?.contains("untracked-note.txt") == true)
        let offered = (last["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(offered.contains("mcp__time__get_current_time") && offered.contains("mcp__git__git_status"))

        // Without --json the answer is what prints.
        let plain = try await cli.runAsync(
            ["exec", "--provider", "codex", "what time is it, and is the repo clean?"], extraEnv: env)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == "done with: what time is\n")
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("logs/mcp-git.log").path))
    }

    /// A free loopback port (bound to 0, then let go).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// `http_mcp_server.py` (the `mcp` SDK's streamable HTTP server) on a free port, listening when this returns.
    static func startHTTPServer(json: Bool) async throws -> (Process, Int) {
        let port = freePort()
        let p = Process()
        p.executableURL = venv.appendingPathComponent("python")
        p.arguments =
            [root.appendingPathComponent("Tests/Fixtures/mcp/http_mcp_server.py").path, "\(port)"]
            + (json ? ["json"] : [])
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        var tries = 0
        while !listening(port) && tries < 600 && p.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            tries += 1
        }
        try #require(listening(port), "the SDK's HTTP server did not start")
        return (p, port)
    }

    @Test(
        .enabled(if: venvReady, "the mcp SDK from PyPI is missing: run .ci/run (it makes .build-venv)"))
    func theModelCallsAStreamableHTTPServerBuiltWithTheSDK() async throws {
        let (sse, ssePort) = try await Self.startHTTPServer(json: false)
        defer { sse.terminate() }
        let (json, jsonPort) = try await Self.startHTTPServer(json: true)
        defer { json.terminate() }
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try writeConfig(
            cli.home.appendingPathComponent("mcp.json"),
            [
                "web": ["type": "http", "url": "http://127.0.0.1:\(ssePort)/mcp", "trust": "auto"],
                "webjson": [
                    "type": "http", "url": "http://127.0.0.1:\(jsonPort)/mcp", "trust": "auto",
                    "headers": ["X-Api-Key": "sk-mcp-http-secret-0099"]
                ]
            ])
        mock.setResponder(
            EditHistoryTmuxTests.responder([
                "add": [
                    ("mcp__web__add", #"{"a": 2, "b": 40}"#), ("mcp__webjson__shout", #"{"text": "quiet"}"#), nil
                ]
            ]))
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "--json", "add two numbers"], extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(events(r.stdout, "tool_call").map { $0["name"] as? String } == ["mcp__web__add", "mcp__webjson__shout"])
        let results = events(r.stdout, "tool_result")
        #expect(results.map { $0["is_error"] as? Bool } == [false, false], "\(results)")
        #expect((results.first?["output"] as? String)?.contains("42") == true)
        #expect((results.last?["output"] as? String)?.contains("QUIET") == true)
        let offered = (mock.requests.last?.json?["tools"] as? [[String: Any]] ?? []).compactMap {
            $0["name"] as? String
        }
        #expect(offered.contains("mcp__web__add") && offered.contains("mcp__webjson__shout"))
        #expect(!r.stdout.contains("sk-mcp-http-secret-0099") && !r.stderr.contains("sk-mcp-http-secret-0099"))
    }

    @Test(.enabled(if: python != nil)) func aServerThatCrashesMidTurnGivesAnErrorAndComesBack() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let starts = cli.workdir.appendingPathComponent("starts")
        try writeConfig(
            cli.home.appendingPathComponent("mcp.json"),
            [
                "fake": [
                    "command": try #require(Self.python), "args": [Self.fake], "trust": "auto",
                    "env": ["FAKE_STARTS": starts.path]
                ]
            ])
        mock.setResponder(
            EditHistoryTmuxTests.responder([
                "crash": [("mcp__fake__pid", "{}"), ("mcp__fake__crash", "{}"), ("mcp__fake__pid", "{}"), nil]
            ]))
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "--json", "crash the server"], extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        let results = events(r.stdout, "tool_result")
        #expect(results.map { $0["is_error"] as? Bool } == [false, true, false])
        let outputs = results.map { $0["output"] as? String ?? "" }
        #expect(outputs[1].contains("exited with status 3"))
        #expect(outputs[0].hasPrefix("pid ") && outputs[2].hasPrefix("pid ") && outputs[0] != outputs[2])
        let started = try String(contentsOf: starts, encoding: .utf8).split(separator: "\n")
        #expect(started.count == 2)
        // sx killed the restarted server's group when it ended.
        let pid = try #require(Int32(started[1]))
        #expect(kill(pid, 0) != 0)
    }

    @Test(.enabled(if: python != nil)) func aSlowToolTimesOutAndTheTurnGoesOn() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try writeConfig(
            cli.home.appendingPathComponent("mcp.json"),
            ["fake": ["command": try #require(Self.python), "args": [Self.fake], "trust": "auto"]])
        mock.setResponder(
            EditHistoryTmuxTests.responder(["slow": [("mcp__fake__sleep", #"{"seconds": 60}"#), nil]]))
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "--json", "--config", "MCP_TOOL_TIMEOUT=1", "slow tool please"],
            extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        let result = try #require(events(r.stdout, "tool_result").first)
        #expect(result["is_error"] as? Bool == true)
        #expect((result["output"] as? String)?.contains("tools/call got no answer within 1 s") == true)
        #expect(
            events(r.stdout, "text_delta").compactMap { $0["delta"] as? String }.joined() == "done with: slow tool pl")
    }

    @Test(.enabled(if: python != nil)) func aWorkspaceServerWaitsForApprovalOnce() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try writeConfig(
            cli.workdir.appendingPathComponent(".mcp.json"),
            ["fake": ["command": try #require(Self.python), "args": [Self.fake], "trust": "auto"]])
        mock.setResponder(EditHistoryTmuxTests.responder(["echo": [("mcp__fake__echo", #"{"text":"hi"}"#), nil]]))
        let env = ["CODEX_BASE_URL": mock.baseURL]
        let waiting = try await cli.runAsync(["exec", "--provider", "codex", "--json", "echo it"], extraEnv: env)
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(waiting.stderr.contains("MCP server fake of ./.mcp.json waits for your approval: run `sx mcp approve`"))
        let refused = try #require(events(waiting.stdout, "tool_result").first)
        #expect(refused["is_error"] as? Bool == true)
        #expect((refused["output"] as? String)?.contains("MCP server fake: waiting for approval") == true)
        let listed = try await cli.runAsync(["mcp", "list"])
        #expect(listed.stdout.contains("fake  workspace") && listed.stdout.contains("waiting for approval"))

        let approve = try await cli.runAsync(["mcp", "approve"])
        #expect(approve.status == 0 && approve.stdout.contains("approved fake"))
        let ran = try await cli.runAsync(["exec", "--provider", "codex", "--json", "echo it"], extraEnv: env)
        #expect(!ran.stderr.contains("waits for your approval"))
        #expect(events(ran.stdout, "tool_result").first?["output"] as? String == "echo: hi")

        // An edited entry must be approved again.
        try writeConfig(
            cli.workdir.appendingPathComponent(".mcp.json"),
            ["fake": ["command": try #require(Self.python), "args": [Self.fake, "--other"], "trust": "auto"]])
        let edited = try await cli.runAsync(["exec", "--provider", "codex", "echo it"], extraEnv: env)
        #expect(edited.stderr.contains("waits for your approval"))
    }

    @Test func theMCPCommandsEditTheFileAndMaskSecrets() async throws {
        let cli = CLI()
        let secret = "sk-live-0123456789abcdef"
        let add = try await cli.runAsync([
            "mcp", "add", "--trust", "auto", "-e", "API_KEY=\(secret)", "tools", "--", "/usr/bin/env", "srv", "--flag"
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let file = cli.home.appendingPathComponent("mcp.json")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        let entry = (written?["mcpServers"] as? [String: Any])?["tools"] as? [String: Any]
        #expect(entry?["command"] as? String == "/usr/bin/env")
        #expect(entry?["args"] as? [String] == ["srv", "--flag"])
        #expect(entry?["trust"] as? String == "auto")
        let http = try await cli.runAsync([
            "mcp", "add", "--transport", "http", "-H", "Authorization: Bearer \(secret)", "docs", "https://x.test/mcp"
        ])
        #expect(http.status == 0, "\(http.stderr)")
        let list = try await cli.runAsync(["mcp", "list"])
        #expect(list.stdout.contains("tools  user  /usr/bin/env srv --flag  (trust auto)"))
        #expect(list.stdout.contains("docs  user  https://x.test/mcp  (trust ask)"))
        let get = try await cli.runAsync(["mcp", "get", "tools"])
        #expect(get.stdout.contains("env: API_KEY=sk-…cdef"))
        let getHTTP = try await cli.runAsync(["mcp", "get", "docs"])
        #expect(
            getHTTP.stdout.contains("header: Authorization: Bearer…cdef")
                || getHTTP.stdout.contains("header: Authorization: …cdef"))
        for r in [add, http, list, get, getHTTP] { #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret)) }
        let remove = try await cli.runAsync(["mcp", "remove", "tools"])
        #expect(remove.status == 0)
        #expect(!(try await cli.runAsync(["mcp", "list"])).stdout.contains("tools  user"))
        #expect((try await cli.runAsync(["mcp", "get", "tools"])).status != 0)

        // A broken file is one line with the file, the line and the field; the session still runs without it.
        try "{\"mcpServers\": {\n  \"bad\": {\"command\": \"x\",\n    \"args\": \"not a list\"}}}".write(
            to: cli.workdir.appendingPathComponent(".mcp.json"), atomically: true, encoding: .utf8)
        let broken = try await cli.runAsync(["mcp", "list"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains(".mcp.json:3: server \"bad\", \"args\": must be an array of strings"))
        let exec = try await cli.runAsync(["exec", "--provider", "demo", "hi"])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stderr.contains(".mcp.json:3: server \"bad\""))
    }
}
