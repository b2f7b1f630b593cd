import Foundation
import SXTestSupport
import Testing

/// The real `sx` in tmux with MCP servers: the status pane lists them as they come up, and a `trust: ask` server's
/// tool goes through the approval popup.
@Suite struct MCPTmuxTests {
    @Test(.enabled(if: TmuxSession.isInstalled && MCPExecTests.python != nil))
    func theStatusPaneListsServersAndAskTrustAsksBeforeACall() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(
            EditHistoryTmuxTests.responder(["echo": [("mcp__fake__echo", #"{"text":"through the popup"}"#), nil]]))
        let cli = CLI()
        let python = try #require(MCPExecTests.python)
        try MCPExecTests().writeConfig(
            cli.home.appendingPathComponent("mcp.json"), ["fake": ["command": python, "args": [MCPExecTests.fake]]])
        try MCPExecTests().writeConfig(
            cli.workdir.appendingPathComponent(".mcp.json"), ["repo": ["command": python, "args": [MCPExecTests.fake]]])
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "ask")
        defer { t.kill() }
        let screen = await t.waitAsync("both servers in the status pane") {
            $0.contains("fake ready (9 tools)") && $0.contains("repo waiting for approval")
        }
        #expect(screen.contains("● fake ready (9 tools)"))
        t.type("echo something")
        t.keys("Enter")
        await t.waitAsync("the approval popup for the MCP tool") { $0.contains("approve mcp__fake__echo?") }
        t.keys("y")
        await t.waitAsync("the answer after the call") { $0.contains("done with: echo somethi") }
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let output = try #require(input.last { $0["type"] as? String == "function_call_output" })
        #expect(output["output"] as? String == "echo: through the popup")
    }
}
