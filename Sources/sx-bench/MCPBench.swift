import Foundation
import SXCore
import SXEngine

/// Issue 19's speed row: a `tools/call` round trip through sx's MCP client to a local stdio server that answers at
/// once (Tests/Fixtures/mcp/fake_mcp_server.py, `echo`). The figure includes the server's own time, so it bounds
/// what sx adds from above (budget 5 ms).
enum MCPBench {
    static func rows(runs: Int) async throws -> [Row] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("Tests/Fixtures/mcp/fake_mcp_server.py").path
        guard
            let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { throw BenchSkip(reason: "no python3 for the MCP server") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-mcp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let manager = MCPManager(
            configs: [
                MCPServerConfig(
                    name: "bench", transport: .stdio(command: python, args: [script], env: [:], cwd: nil), trust: .auto)
            ], workspace: FileManager.default.temporaryDirectory.path, approvals: nil, logDirectory: nil)
        manager.start()
        await manager.waitUntilSettled()
        let runner = ToolRunner(tools: [], source: manager, policy: .auto)
        let context = ToolContext(workspaceRoot: FileManager.default.temporaryDirectory.path)
        var samples: [Double] = []
        for i in 0..<(max(runs, 5) * 40) {
            let t = ContinuousClock.now
            let outcome = await runner.run(
                call: ToolCall(id: "b\(i)", name: "mcp__bench__echo", arguments: #"{"text":"ping"}"#), context: context)
            let d = t.duration(to: .now).components
            samples.append(Double(d.seconds) * 1000 + Double(d.attoseconds) / 1e15)
            precondition(outcome.result.output == "echo: ping", outcome.result.output)
        }
        await manager.shutdown()
        return [
            Row(
                name: "MCP tools/call round trip, local stdio server (server time included)", unit: "ms",
                samples: samples, budget: 5, higherIsBetter: false)
        ]
    }
}

struct BenchSkip: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
