import Foundation
import Testing
@testable import SXEngine

/// Records approval requests and answers with a fixed decision.
final class ApprovalRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [ApprovalRequest] = []
    let decision: ApprovalDecision
    init(_ decision: ApprovalDecision) { self.decision = decision }
    var handler: ApprovalHandler {
        { request in
            self.lock.withLock { self.requests.append(request) }
            return self.decision
        }
    }
    var asked: [ApprovalRequest] { lock.withLock { requests } }
}

@Suite struct ToolRunnerTests {
    @Test func builtInsHaveTheStableNamesAndValidSchemas() throws {
        let runner = try ToolRunner.fromConfig(tools: nil, approval: nil)
        #expect(
            runner.specs.map(\.name) == [
                "shell", "read_file", "write_file", "edit_file", "apply_patch", "list_dir", "glob", "grep",
                "update_plan", "web_fetch"
            ])
        #expect(
            try ToolRunner.fromConfig(tools: nil, approval: nil, webFetch: false).specs.map(\.name).last
                == "update_plan")
        #expect(runner.policy == .auto)
        for spec in runner.specs {
            let schema = try #require(
                try JSONSerialization.jsonObject(with: Data(spec.parametersSchema.utf8)) as? [String: Any],
                "\(spec.name) schema is not JSON")
            #expect(schema["type"] as? String == "object")
            #expect(schema["properties"] is [String: Any])
            #expect(!spec.description.isEmpty)
        }
    }

    @Test func toolsZeroMeansNoSpecsAndCallsAreRefused() async throws {
        let ws = try TempWorkspace()
        let runner = try ToolRunner.fromConfig(tools: "0", approval: "auto")
        #expect(runner.specs.isEmpty)
        let outcome = await runner.run(
            call: ToolCall(id: "c1", name: "shell", arguments: #"{"command":"touch x"}"#), context: ws.context)
        #expect(outcome.result.isError)
        #expect(outcome.result.callId == "c1")
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/x"))
    }

    @Test func toolsSettingSelectsAndValidates() throws {
        #expect(
            try ToolRunner.fromConfig(tools: "read_file, grep", approval: nil).specs.map(\.name) == [
                "read_file", "grep"
            ])
        #expect(throws: ToolConfigError.self) { try ToolRunner.fromConfig(tools: "rm_rf", approval: nil) }
        #expect(throws: ToolConfigError.self) { try ToolRunner.fromConfig(tools: nil, approval: "sometimes") }
        #expect(try ToolRunner.fromConfig(tools: nil, approval: "ASK").policy == .ask)
        #expect(try ToolRunner.fromConfig(tools: nil, approval: " ", defaultPolicy: .ask).policy == .ask)
    }

    @Test func unknownToolAndMalformedArgumentsBecomeErrorResults() async throws {
        let ws = try TempWorkspace()
        let runner = ToolRunner(tools: ToolRunner.builtInTools())
        let cases: [(ToolCall, String)] = [
            (ToolCall(id: "1", name: "launch_rockets", arguments: "{}"), "Unknown tool 'launch_rockets'"),
            (ToolCall(id: "2", name: "shell", arguments: #"{"command": "ls""#), "not valid JSON"),
            (ToolCall(id: "3", name: "shell", arguments: "{}"), "missing required argument 'command'"),
            (ToolCall(id: "4", name: "shell", arguments: #"{"command": 42}"#), "'command' must be a string"),
            (
                ToolCall(id: "5", name: "read_file", arguments: #"{"path": "a", "offset": "ten"}"#),
                "'offset' must be an integer"
            ),
            (ToolCall(id: "6", name: "edit_file", arguments: #"["path"]"#), "must be a JSON object"),
            (
                ToolCall(id: "7", name: "grep", arguments: #"{"pattern": "x", "ignore_case": "yes"}"#),
                "'ignore_case' must be a boolean"
            )
        ]
        for (call, expected) in cases {
            let outcome = await runner.run(call: call, context: ws.context)
            #expect(outcome.result.isError, "\(call.name) \(call.arguments)")
            #expect(outcome.result.callId == call.id)
            #expect(outcome.result.name == call.name)
            #expect(outcome.result.output.contains(expected), "got: \(outcome.result.output)")
        }
    }

    @Test func askWithDenyingHandlerRefusesShellButAllowsReads() async throws {
        let ws = try TempWorkspace()
        try ws.write("notes.txt", "readable\n")
        let recorder = ApprovalRecorder(.deny(reason: "not now"))
        let runner = try ToolRunner.fromConfig(tools: nil, approval: "ask", approvalHandler: recorder.handler)
        let shell = await runner.run(
            call: ToolCall(id: "s", name: "shell", arguments: #"{"command":"touch made"}"#), context: ws.context)
        #expect(shell.result.isError)
        #expect(shell.result.output.contains("denied"))
        #expect(shell.result.output.contains("not now"))
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/made"))
        #expect(recorder.asked.map(\.summary) == ["touch made"])
        #expect(runner.needsApproval(ToolCall(id: "x", name: "edit_file", arguments: "{}")))
        #expect(!runner.needsApproval(ToolCall(id: "y", name: "grep", arguments: "{}")))
        let read = await runner.run(
            call: ToolCall(id: "r", name: "read_file", arguments: #"{"path":"notes.txt"}"#), context: ws.context)
        #expect(!read.result.isError)
        #expect(read.result.output.contains("readable"))
        #expect(recorder.asked.count == 1)  // reads are never asked about
    }

    @Test func askApprovesAndRemembersForSession() async throws {
        let ws = try TempWorkspace()
        let recorder = ApprovalRecorder(.approveForSession)
        let runner = ToolRunner(tools: ToolRunner.builtInTools(), policy: .ask, approvalHandler: recorder.handler)
        for name in ["a", "b"] {
            let outcome = await runner.run(
                call: ToolCall(id: name, name: "write_file", arguments: json(["path": name, "content": name])),
                context: ws.context)
            #expect(!outcome.result.isError)
        }
        #expect(ws.read("a") == "a" && ws.read("b") == "b")
        #expect(recorder.asked.count == 1)
    }

    @Test func askWithoutHandlerAndNeverRefuseMutations() async throws {
        let ws = try TempWorkspace()
        let headless = ToolRunner(tools: ToolRunner.builtInTools(), policy: .ask)
        let refused = await headless.run(
            call: ToolCall(id: "1", name: "write_file", arguments: #"{"path":"f","content":"x"}"#), context: ws.context)
        #expect(refused.result.isError && refused.result.output.contains("--approval auto"))
        let never = ToolRunner(tools: ToolRunner.builtInTools(), policy: .never)
        let edit = await never.run(
            call: ToolCall(id: "2", name: "shell", arguments: #"{"command":"touch f"}"#), context: ws.context)
        #expect(edit.result.isError && edit.result.output.contains("'never'"))
        let list = await never.run(call: ToolCall(id: "3", name: "list_dir", arguments: "{}"), context: ws.context)
        #expect(!list.result.isError)
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/f"))
    }

    @Test func batchRunsInOrderAndReadsSeePriorWrites() async throws {
        let ws = try TempWorkspace()
        let runner = ToolRunner(tools: ToolRunner.builtInTools())
        let calls = [
            ToolCall(id: "w", name: "write_file", arguments: json(["path": "f.txt", "content": "first\n"])),
            ToolCall(id: "r1", name: "read_file", arguments: json(["path": "f.txt"])),
            ToolCall(id: "g", name: "grep", arguments: json(["pattern": "first"])),
            ToolCall(id: "s", name: "shell", arguments: json(["command": "echo second >> f.txt; cat f.txt"])),
            ToolCall(id: "r2", name: "read_file", arguments: json(["path": "f.txt"]))
        ]
        let log = OutputLog()
        let outcomes = await runner.runBatch(
            calls, context: ws.context, onOutput: { id, chunk in log.append("\(id):\(chunk)") })
        #expect(outcomes.map(\.result.callId) == ["w", "r1", "g", "s", "r2"])
        #expect(outcomes.allSatisfy { !$0.result.isError })
        #expect(outcomes[1].result.output.contains("first") && !outcomes[1].result.output.contains("second"))
        #expect(outcomes[2].result.output == "f.txt:1:first")
        #expect(outcomes[4].result.output.contains("2\tsecond"))
        #expect(log.text.contains("s:first\nsecond"))
    }

    @Test func resultsAreCappedByTheRunner() async throws {
        let ws = try TempWorkspace()
        try ws.write("big.txt", String(repeating: "0123456789\n", count: 20_000))
        let runner = ToolRunner(tools: ToolRunner.builtInTools())
        let outcome = await runner.run(
            call: ToolCall(id: "b", name: "read_file", arguments: #"{"path":"big.txt"}"#), context: ws.context)
        #expect(outcome.result.output.utf8.count <= ToolRunner.resultLimit + 200)
        #expect(outcome.result.output.contains("continue with offset="))
    }
}
