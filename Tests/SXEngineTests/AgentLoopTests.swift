import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// The agent loop with the real tools in a real temp workspace, against the loopback Codex backend.
@Suite struct AgentLoopTests {
    func workspace() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("sx-loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    func writeThenCat() -> [MockReply] {
        var a = CodexSSE()
        a.functionCall(
            name: "write_file", arguments: #"{"path":"notes/hello.txt","content":"written by the model\n"}"#,
            callId: "call_w", id: "fc_w")
        a.completed()
        var b = CodexSSE()
        b.functionCall(name: "shell", arguments: #"{"command":"cat notes/hello.txt"}"#, callId: "call_s", id: "fc_s")
        b.completed()
        return [.sse(a.text), .sse(b.text), .sse(CodexSSE.reply("The file says: written by the model"))]
    }

    func run(policy: ApprovalPolicy, in dir: URL, replies: [MockReply]) async throws -> ([EngineEvent], CodexMock) {
        let mock = try CodexMock(replies: replies)
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5)))
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "o", userAgent: "u")
        let tools = WorkspaceTools(
            runner: ToolRunner(tools: ToolRunner.builtInTools(), policy: policy),
            context: ToolContext(workspaceRoot: dir.path))
        let session = Session(
            options: SessionOptions(provider: .openaiCodex, model: "gpt-5.5"), providers: ProviderRegistry([codex]),
            credentials: StaticCredentials([testCredential]), tools: tools)
        await session.send("write a note and show it", attachments: [])
        var events: [EngineEvent] = []
        for await e in session.events {
            events.append(e)
            if case .turnDone = e { break }
        }
        await session.close()
        await pool.shutdown()
        mock.stop()
        return (events, mock)
    }

    @Test func writeThenShellRoundTrip() async throws {
        let dir = try workspace()
        let (events, mock) = try await run(policy: .auto, in: dir, replies: writeThenCat())
        #expect(
            try String(contentsOf: dir.appendingPathComponent("notes/hello.txt"), encoding: .utf8)
                == "written by the model\n")
        #expect(mock.requests.count == 3)
        let third = try #require(mock.requests[2].json?["input"] as? [[String: Any]])
        let outputs = third.filter { $0["type"] as? String == "function_call_output" }
        #expect(outputs.map { $0["call_id"] as? String } == ["call_w", "call_s"])
        let shellOut = try #require(outputs.last?["output"] as? String)
        #expect(shellOut.contains("written by the model"))
        #expect(shellOut.contains("Exit code: 0"))
        let text = events.compactMap { if case .textDelta(let d) = $0 { d } else { nil } }.joined()
        #expect(text == "The file says: written by the model")
        let results = events.compactMap { if case .toolResult(let r, let code, _) = $0 { (r.name, code) } else { nil } }
        #expect(results.map(\.0) == ["write_file", "shell"])
        #expect(results.last?.1 == 0)
        #expect(events.contains { if case .toolCall(let c) = $0 { c.name == "shell" } else { false } })
    }

    /// Two reads in one response run side by side: the first blocks on a fifo that the test opens for writing
    /// only after the second read's result has arrived. Run one after another, the second result would never
    /// come first (the wait is bounded so that failure is a failed expectation, not a hang).
    @Test func readOnlyCallsOfOneResponseOverlap() async throws {
        let dir = try workspace()
        let fifo = dir.appendingPathComponent("pipe.txt").path
        #expect(mkfifo(fifo, 0o600) == 0)
        try "plain file\n".write(to: dir.appendingPathComponent("plain.txt"), atomically: true, encoding: .utf8)
        var a = CodexSSE()
        a.functionCall(name: "read_file", arguments: #"{"path":"pipe.txt"}"#, callId: "call_fifo", id: "fc_1")
        a.functionCall(name: "read_file", arguments: #"{"path":"plain.txt"}"#, callId: "call_plain", id: "fc_2")
        a.functionCall(
            name: "write_file", arguments: #"{"path":"out.txt","content":"after\n"}"#, callId: "call_w", id: "fc_3")
        a.completed()
        let mock = try CodexMock(replies: [.sse(a.text), .sse(CodexSSE.reply("done"))])
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5)))
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "o", userAgent: "u")
        let tools = WorkspaceTools(
            runner: ToolRunner(tools: ToolRunner.builtInTools(), policy: .auto),
            context: ToolContext(workspaceRoot: dir.path))
        let session = Session(
            options: SessionOptions(provider: .openaiCodex, model: "gpt-5.5"), providers: ProviderRegistry([codex]),
            credentials: StaticCredentials([testCredential]), tools: tools)
        await session.send("read both", attachments: [])
        var order: [String] = []
        let writer = Task.detached {
            // Opens the fifo's write end once the plain read is done (or after 30 s, so a sequential run fails).
            for _ in 0..<300 {
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent("plain-done").path) { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            let fd = open(fifo, O_WRONLY)
            _ = "from the fifo\n".withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        for await e in session.events {
            if case .toolResult(let r, _, _) = e {
                order.append(r.callId)
                if r.callId == "call_plain" {
                    FileManager.default.createFile(atPath: dir.appendingPathComponent("plain-done").path, contents: nil)
                }
            }
            if case .turnDone = e { break }
        }
        await writer.value
        await session.close()
        await pool.shutdown()
        mock.stop()
        #expect(order == ["call_plain", "call_fifo", "call_w"])
        let second = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let outputs = second.filter { $0["type"] as? String == "function_call_output" }
        #expect(outputs.map { $0["call_id"] as? String } == ["call_fifo", "call_plain", "call_w"])
        #expect((outputs.first?["output"] as? String)?.contains("from the fifo") == true)
    }

    @Test func askWithoutAFrontEndRefusesWritesAndShell() async throws {
        let dir = try workspace()
        let (_, mock) = try await run(policy: .ask, in: dir, replies: writeThenCat())
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("notes/hello.txt").path))
        let second = try #require(mock.requests[1].json?["input"] as? [[String: Any]])
        let out = try #require(second.last { $0["type"] as? String == "function_call_output" }?["output"] as? String)
        #expect(out.contains("--approval auto"))
    }

    @Test func toolsOffSendsNoTools() async throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("ok"))])
        defer { mock.stop() }
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "o", userAgent: "u")
        let session = Session(
            options: SessionOptions(
                provider: .openaiCodex, model: "gpt-5.5",
                systemPrompt: SystemPrompt.build(workspace: URL(fileURLWithPath: "/tmp"), toolsEnabled: false)),
            providers: ProviderRegistry([codex]), credentials: StaticCredentials([testCredential]), tools: NoTools())
        await session.send("hi", attachments: [])
        await session.waitForTurn()
        await session.close()
        await pool.shutdown()
        let body = try #require(mock.requests.first?.json)
        #expect((body["tools"] as? [Any])?.isEmpty == true)
        #expect((body["instructions"] as? String)?.contains("No tools are available") == true)
    }

    @Test func agentsMarkdownFromTheGitRootDown() throws {
        let root = try workspace()
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let sub = root.appendingPathComponent("pkg")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "ROOT RULES".write(to: root.appendingPathComponent("AGENTS.md"), atomically: true, encoding: .utf8)
        try "PKG RULES".write(to: sub.appendingPathComponent("AGENTS.md"), atomically: true, encoding: .utf8)
        let prompt = SystemPrompt.build(workspace: sub, toolsEnabled: true)
        let r = try #require(prompt.range(of: "ROOT RULES"))
        let p = try #require(prompt.range(of: "PKG RULES"))
        #expect(r.lowerBound < p.lowerBound)
    }
}
