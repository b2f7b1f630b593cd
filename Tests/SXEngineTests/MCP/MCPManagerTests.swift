import Foundation
import SXCore
import SXProtocol
import Testing

@testable import SXEngine

/// The MCP client against a real child process: `Fixtures/mcp/fake_mcp_server.py`, a server written against the
/// wire that misbehaves on request (FAKE_MODE).
@Suite struct MCPManagerTests {
    static let script = Fixtures.root.appendingPathComponent("mcp/fake_mcp_server.py").path
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Setup {
        let dir: URL
        let manager: MCPManager
        var logFile: URL { dir.appendingPathComponent("received.log") }
        var serverLog: URL { dir.appendingPathComponent("logs/mcp-fake.log") }
        var starts: URL { dir.appendingPathComponent("starts") }
        func received() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
        func startCount() -> Int {
            ((try? String(contentsOf: starts, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        func tool(_ name: String) -> (any Tool)? { manager.tools.first { $0.name == "mcp__fake__\(name)" } }
        func status() -> MCPServerStatus.State? { manager.statuses().first { $0.name == "fake" }?.state }
    }

    func setup(
        mode: String = "", trust: MCPServerConfig.Trust = .auto, limits: MCPLimits = MCPLimits(),
        env: [String: String] = [:], start: Bool = true
    ) async throws -> Setup {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var vars = [
            "FAKE_MODE": mode, "FAKE_LOG": dir.appendingPathComponent("received.log").path,
            "FAKE_STARTS": dir.appendingPathComponent("starts").path
        ]
        for (k, v) in env { vars[k] = v }
        let config = MCPServerConfig(
            name: "fake",
            transport: .stdio(command: try #require(Self.python), args: [Self.script], env: vars, cwd: nil),
            trust: trust)
        let manager = MCPManager(
            configs: [config], workspace: dir.path, approvals: nil, logDirectory: dir.appendingPathComponent("logs"),
            limits: limits)
        if start {
            manager.start()
            await manager.waitUntilSettled()
        }
        return Setup(dir: dir, manager: manager)
    }

    func run(_ s: Setup, _ name: String, _ args: String = "{}", runner: ToolRunner? = nil) async -> ToolOutcome {
        let runner = runner ?? ToolRunner(tools: [], source: s.manager, policy: .auto)
        return await runner.run(
            call: ToolCall(id: "c1", name: "mcp__fake__\(name)", arguments: args),
            context: ToolContext(workspaceRoot: s.dir.path))
    }

    @Test(.enabled(if: python != nil)) func listsEveryPageAndCallsTools() async throws {
        let s = try await setup(mode: "paginate")
        defer { s.manager.shutdownNow() }
        #expect(s.status() == .ready(tools: 9))
        #expect(s.manager.tools.count == 9)
        #expect(s.received().components(separatedBy: "\"tools/list\"").count - 1 == 5)
        #expect(s.received().contains("\"cursor\": \"8\"") || s.received().contains("\"cursor\":\"8\""))
        let echo = await run(s, "echo", #"{"text":"hi"}"#)
        #expect(!echo.result.isError)
        #expect(echo.result.output == "echo: hi")
        #expect(echo.result.name == "mcp__fake__echo" && echo.result.callId == "c1")
        let spec = try #require(s.tool("echo")).spec
        #expect(try spec.parameters()["required"] == ["text"])
        let initialize = try #require(s.received().split(separator: "\n").first)
        let request = try JSONParser.parse(String(initialize))
        #expect(request["method"] == "initialize")
        #expect(request["params"]?["protocolVersion"] == "2025-06-18")
        #expect(request["params"]?["clientInfo"]?["name"] == "sx")
        #expect(s.received().contains("notifications/initialized"))
    }

    @Test(.enabled(if: python != nil)) func garbageOnStdoutIsLoggedAndSkipped() async throws {
        let s = try await setup(mode: "garbage")
        defer { s.manager.shutdownNow() }
        #expect(s.status() == .ready(tools: 9))
        let log = try String(contentsOf: s.serverLog, encoding: .utf8)
        #expect(log.contains("ignored a line that is not JSON-RPC: this is not JSON at all"))
        #expect(log.contains("ignored a line that is not JSON-RPC: [1, 2, 3]"))
        #expect(await run(s, "echo", #"{"text":"still fine"}"#).result.output == "echo: still fine")
    }

    @Test(.enabled(if: python != nil)) func malformedToolsAreNeverOffered() async throws {
        let s = try await setup(mode: "bad_schema")
        defer { s.manager.shutdownNow() }
        #expect(s.status() == .ready(tools: 9))
        #expect(s.tool("broken") == nil && s.tool("array_schema") == nil)
        let log = try String(contentsOf: s.serverLog, encoding: .utf8)
        #expect(log.contains("left out a tool: broken: inputSchema is not an object"))
        #expect(log.contains("left out a tool: a tool without a name"))
    }

    @Test(.enabled(if: python != nil)) func aServerThatExitsAtOnceFailsAndIsGivenUp() async throws {
        var limits = MCPLimits()
        limits.maxRestarts = 2
        limits.firstBackoff = .milliseconds(10)
        let s = try await setup(mode: "exit_now", limits: limits)
        defer { s.manager.shutdownNow() }
        #expect(s.status() == .failed("initialize failed: the server exited with status 2", retrying: false))
        #expect(s.startCount() == 2)
        #expect(s.manager.tools.isEmpty)
        let refused = await run(s, "echo", #"{"text":"x"}"#)
        #expect(
            refused.result.output
                == "mcp__fake__echo cannot run: MCP server fake: failed: initialize failed: the server exited with status 2."
        )
        #expect(try String(contentsOf: s.serverLog, encoding: .utf8).contains("fake: exiting at once"))
    }

    @Test(.enabled(if: python != nil)) func aServerThatNeverAnswersInitializeTimesOut() async throws {
        var limits = MCPLimits()
        limits.startup = .seconds(1)
        limits.maxRestarts = 1
        let s = try await setup(mode: "no_init", limits: limits)
        defer { s.manager.shutdownNow() }
        #expect(s.status() == .failed("no answer to initialize within 1 s", retrying: false))
    }

    @Test(.enabled(if: python != nil)) func anUnknownProtocolVersionIsRefused() async throws {
        var limits = MCPLimits()
        limits.maxRestarts = 1
        let s = try await setup(mode: "old_version", limits: limits)
        defer { s.manager.shutdownNow() }
        #expect(s.status() == .failed("speaks protocol 1999-01-01, which sx does not", retrying: false))
    }

    @Test(.enabled(if: python != nil)) func errorsTimeoutsAndHugeResultsComeBackAsResults() async throws {
        var limits = MCPLimits()
        limits.toolCall = .seconds(3)
        let s = try await setup(limits: limits)
        defer { s.manager.shutdownNow() }
        let failed = await run(s, "fail")
        #expect(failed.result.isError && failed.result.output == "the fake tool failed on purpose")
        let slow = await run(s, "sleep", #"{"seconds": 30}"#)
        #expect(slow.result.isError)
        #expect(slow.result.output.contains("tools/call got no answer within 3 s"))
        let picture = await run(s, "picture")
        // Written before the next request, so read by the server before it answered that one.
        #expect(
            s.received().contains(
                #""method":"notifications/cancelled","params":{"requestId":4,"reason":"timed out after 3 s"}"#))
        #expect(picture.result.images.count == 1 && picture.result.output == #"{"width":1,"height":1}"#)
        let bad = await run(s, "echo", "[1]")
        #expect(bad.result.isError && bad.result.output.contains("must be a JSON object"))
        #expect(s.status() == .ready(tools: 9))
    }

    @Test(.enabled(if: python != nil)) func aTwentyMegabyteResultIsCappedForTheModel() async throws {
        let s = try await setup()
        defer { s.manager.shutdownNow() }
        let huge = await run(s, "huge", #"{"mb": 20}"#)
        #expect(!huge.result.isError)
        #expect(huge.result.output.count <= ToolRunner.resultLimit + 200)
        #expect(huge.result.output.hasPrefix("xxxx"))
        #expect(s.status() == .ready(tools: 9))
    }

    @Test(.enabled(if: python != nil)) func anOversizeMessageEndsTheConnectionAndTheServerComesBack() async throws {
        var limits = MCPLimits()
        limits.maxMessageBytes = 1_048_576
        limits.firstBackoff = .milliseconds(10)
        let s = try await setup(limits: limits)
        defer { s.manager.shutdownNow() }
        let huge = await run(s, "huge", #"{"mb": 3}"#)
        #expect(huge.result.isError)
        #expect(huge.result.output.contains("sent a message over 1 MB"))
        #expect(await run(s, "echo", #"{"text":"back"}"#).result.output == "echo: back")
        #expect(s.startCount() == 2)
    }

    @Test(.enabled(if: python != nil)) func aCrashMidCallIsAnErrorAndTheServerRestarts() async throws {
        var limits = MCPLimits()
        limits.firstBackoff = .milliseconds(10)
        let s = try await setup(limits: limits)
        defer { s.manager.shutdownNow() }
        let first = await run(s, "pid")
        let crashed = await run(s, "crash")
        #expect(crashed.result.isError)
        #expect(crashed.result.output.contains("the server exited with status 3"))
        // The next call waits for the restart instead of failing as an unknown tool.
        let again = await run(s, "pid")
        #expect(!again.result.isError)
        #expect(again.result.output.hasPrefix("pid ") && again.result.output != first.result.output)
        #expect(s.startCount() == 2)
        #expect(try String(contentsOf: s.serverLog, encoding: .utf8).contains("exited with status 3; restarting"))
    }

    @Test(.enabled(if: python != nil)) func anInterruptSendsCancelledForTheCallInFlight() async throws {
        let s = try await setup()
        defer { s.manager.shutdownNow() }
        let call = Task { await run(s, "sleep", #"{"seconds": 60}"#) }
        var tries = 0
        while !s.received().contains(#""name":"sleep""#) && tries < 1000 {
            try await Task.sleep(for: .milliseconds(10))
            tries += 1
        }
        call.cancel()
        let out = await call.value
        #expect(out.result.isError && out.result.output.contains("the user interrupted"))
        #expect(await run(s, "echo", #"{"text":"after"}"#).result.output == "echo: after")
        #expect(
            s.received().contains(
                #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3,"reason":"the user interrupted"}}"#
            ))
    }

    @Test(.enabled(if: python != nil)) func theServersPingIsAnsweredAndOtherRequestsRefused() async throws {
        let s = try await setup(mode: "asks")
        defer { s.manager.shutdownNow() }
        #expect(await run(s, "echo", #"{"text":"x"}"#).result.output == "echo: x")
        let received = s.received()
        #expect(received.contains(#"{"jsonrpc":"2.0","id":"srv-ping","result":{}}"#))
        #expect(
            received.contains(
                #"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"Method not found: roots/list"}}"#))
    }

    @Test(.enabled(if: python != nil)) func listChangedBringsNewTools() async throws {
        let s = try await setup()
        defer { s.manager.shutdownNow() }
        #expect(s.tool("late") == nil)
        #expect(await run(s, "grow").result.output == "grown")
        // The re-list runs behind the call; a call to the new tool waits for nothing but the listing.
        var tries = 0
        while s.tool("late") == nil && tries < 500 {
            try await Task.sleep(for: .milliseconds(10))
            tries += 1
        }
        #expect(s.tool("late") != nil)
        #expect(s.status() == .ready(tools: 10))
    }

    @Test(.enabled(if: python != nil)) func trustAskGoesThroughTheApprovalPolicy() async throws {
        let s = try await setup(trust: .ask)
        defer { s.manager.shutdownNow() }
        let recorder = ApprovalRecorder(.deny(reason: "not today"))
        let asking = ToolRunner(tools: [], source: s.manager, policy: .ask, approvalHandler: recorder.handler)
        let denied = await run(s, "echo", #"{"text":"x"}"#, runner: asking)
        #expect(denied.result.isError && denied.result.output.contains("not today"))
        #expect(recorder.asked.map(\.call.name) == ["mcp__fake__echo"])
        let headless = await run(
            s, "echo", #"{"text":"x"}"#, runner: ToolRunner(tools: [], source: s.manager, policy: .ask))
        #expect(headless.result.isError && headless.result.output.contains("--approval auto"))
        let auto = try await setup(trust: .auto)
        defer { auto.manager.shutdownNow() }
        let runner = ToolRunner(tools: [], source: auto.manager, policy: .ask, approvalHandler: recorder.handler)
        #expect(await run(auto, "echo", #"{"text":"y"}"#, runner: runner).result.output == "echo: y")
        #expect(recorder.asked.count == 1)
    }

    @Test(.enabled(if: python != nil)) func secretsStayOutOfResultsAndTheLog() async throws {
        let secret = "sk-test-secret-value-0042"
        let s = try await setup(mode: "garbage", env: ["SECRET": secret])
        defer { s.manager.shutdownNow() }
        let out = await run(s, "secret")
        #expect(out.result.output == "the secret is sk-…0042")
        _ = await run(s, "crash")
        await s.manager.waitUntilSettled()
        #expect(!(try String(contentsOf: s.serverLog, encoding: .utf8)).contains(secret))
        // Only the listed variables and the server's own env reach it: nothing else of this process.
        #expect(
            MCPManager.inheritedVariables.contains("PATH") && !MCPManager.inheritedVariables.contains("OPENAI_API_KEY"))
    }

    @Test func unapprovedWorkspaceServersAndHTTPServersDoNotStart() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let marker = home.appendingPathComponent("started").path
        let workspace = MCPServerConfig(
            name: "ws", transport: .stdio(command: "/usr/bin/touch", args: [marker], env: [:], cwd: nil),
            origin: .workspace)
        let http = MCPServerConfig(name: "web", transport: .http(url: "https://example.com/mcp", headers: [:]))
        let manager = MCPManager(
            configs: [workspace, http], workspace: home.path, approvals: MCPApprovals(paths: SXPaths(home: home)),
            logDirectory: nil)
        manager.start()
        await manager.waitUntilSettled()
        #expect(
            manager.statuses() == [
                MCPServerStatus(name: "ws", state: .waitingForApproval),
                MCPServerStatus(name: "web", state: .unsupported("HTTP transport"))
            ])
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(manager.notReadyNotice == nil)
    }

    @Test(.enabled(if: python != nil)) func aTurnBeforeReadinessSaysSoOnce() async throws {
        let s = try await setup(start: false)
        defer { s.manager.shutdownNow() }
        #expect(s.manager.notReadyNotice?.contains("fake still starting") == true)
        s.manager.start()
        await s.manager.waitUntilSettled()
        #expect(s.manager.notReadyNotice == nil)
    }
}
