import Foundation
import Testing
@testable import SXEngine

@Suite struct ShellEdgeTests {
    @Test func backgroundJobDoesNotHoldTheCallOpen() async throws {
        let ws = try TempWorkspace()
        let started = Date()
        let outcome = await runTool(ShellTool(), ["command": "(sleep 120; echo late) & echo early"], in: ws.context)
        #expect(Date().timeIntervalSince(started) < 60)  // held open, it would take 120 s
        #expect(outcome.exitCode == 0)
        #expect(outcome.result.output.contains("early"))
        #expect(!outcome.result.output.contains("late"))
    }

    @Test func stdinIsEmptySoReadersDoNotHang() async throws {
        let ws = try TempWorkspace()
        let outcome = await runTool(
            ShellTool(), ["command": "cat; read line; echo status=$?", "timeout_ms": 5000], in: ws.context)
        #expect(!outcome.result.output.contains("Timed out"))
        #expect(outcome.result.output.contains("status=1"))
    }

    @Test func searchDoesNotFollowSymlinksOutOfTheWorkspace() async throws {
        let ws = try TempWorkspace()
        try ws.write(ws.outside + "/elsewhere/secret.txt", "needle outside\n")
        try ws.write("inside.txt", "needle inside\n")
        try FileManager.default.createSymbolicLink(
            atPath: ws.root + "/out", withDestinationPath: ws.outside + "/elsewhere")
        let grep = await runTool(GrepTool(), ["pattern": "needle"], in: ws.context)
        #expect(grep.result.output == "inside.txt:1:needle inside")
        let list = await runTool(ListDirTool(), ["depth": 3], in: ws.context)
        #expect(list.result.output.contains("out -> "))
        #expect(!list.result.output.contains("secret.txt"))
        let glob = await runTool(GlobTool(), ["pattern": "**/*.txt"], in: ws.context)
        #expect(glob.result.output == "inside.txt")
    }

    @Test func interruptedBatchAnswersEveryCallAndSkipsTheRest() async throws {
        let ws = try TempWorkspace()
        let runner = ToolRunner(tools: ToolRunner.builtInTools())
        let calls = [
            ToolCall(id: "s", name: "shell", arguments: json(["command": "echo $$ > pgid; sleep 30"])),
            ToolCall(id: "w", name: "write_file", arguments: json(["path": "after.txt", "content": "x"]))
        ]
        let task = Task { await runner.runBatch(calls, context: ws.context) }
        // Cancel only once the shell really runs (a loaded machine can take seconds to start it).
        let deadline = Date().addingTimeInterval(60)
        while ws.read("pgid")?.hasSuffix("\n") != true && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(ws.read("pgid")?.hasSuffix("\n") == true, "the shell never started")
        task.cancel()
        let outcomes = await task.value
        #expect(outcomes.map(\.result.callId) == ["s", "w"])
        #expect(outcomes[0].result.output.contains("Interrupted"))
        #expect(outcomes[1].result.isError && outcomes[1].result.output.contains("not run"))
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/after.txt"))
    }
}
