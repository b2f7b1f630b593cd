import Foundation
import SXCore
import SXProtocol
import Testing

@testable import SXTUI

@Suite struct MCPStatusPaneTests {
    @Test func theStatusPaneListsEachServerAndItsState() {
        var s = AppState(width: 120, height: 40)
        #expect(!StatusPane.content(s, width: 60).map(\.plainText).contains("mcp"), "no servers, no section")
        let servers = [
            MCPServerStatus(name: "git", state: .ready(tools: 12)),
            MCPServerStatus(name: "time", state: .starting),
            MCPServerStatus(name: "db", state: .failed("exited with status 1", retrying: true)),
            MCPServerStatus(name: "old", state: .failed("no answer to initialize within 30 s", retrying: false)),
            MCPServerStatus(name: "repo", state: .waitingForApproval),
            MCPServerStatus(name: "one", state: .ready(tools: 1)),
            MCPServerStatus(name: "web", state: .needsLogin)
        ]
        _ = Reducer.reduce(&s, .mcpServers(servers))
        let pane = StatusPane.content(s, width: 60).map(\.plainText)
        let section = Array(pane.drop { $0 != "mcp" })
        #expect(
            Array(section.prefix(8)) == [
                "mcp", "● git ready (12 tools)", "◔ time starting",
                "✗ db failed: exited with status 1 (restarting)",
                "✗ old failed: no answer to initialize within 30 s",
                "! repo waiting for approval (sx mcp approve)", "● one ready (1 tool)",
                "! web needs login (OAuth is not supported yet)"
            ])
    }
}
