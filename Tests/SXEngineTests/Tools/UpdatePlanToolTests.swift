import Foundation
import SXCore
import Testing
@testable import SXEngine

@Suite struct UpdatePlanToolTests {
    func run(_ arguments: String, policy: ApprovalPolicy = .auto) async throws -> (ToolOutcome, ApprovalRecorder) {
        let ws = try TempWorkspace()
        let recorder = ApprovalRecorder(.deny(reason: nil))
        let runner = ToolRunner(tools: ToolRunner.builtInTools(), policy: policy, approvalHandler: recorder.handler)
        let outcome = await runner.run(
            call: ToolCall(id: "p1", name: "update_plan", arguments: arguments), context: ws.context)
        return (outcome, recorder)
    }

    @Test func aValidPlanIsReturnedAndConfirmedWithoutAsking() async throws {
        let (outcome, recorder) = try await run(
            #"{"explanation":"tests first","plan":[{"step":"read the code","status":"completed"},"#
                + #"{"step":"write the test","status":"in_progress"},{"step":"run it","status":"pending"}]}"#,
            policy: .ask)
        #expect(recorder.asked.isEmpty, "update_plan never asks")
        #expect(!outcome.result.isError)
        #expect(outcome.result.output == "Plan updated: 1/3 done · now: write the test")
        let plan = try #require(outcome.plan)
        #expect(plan.explanation == "tests first")
        #expect(plan.steps.map(\.status) == [.completed, .inProgress, .pending])
        #expect(plan.summaryLine == "plan: 1/3 done · now: write the test")
        let line = EngineEvent.plan(plan).jsonLine
        #expect(
            line
                == #"{"type":"plan","explanation":"tests first","plan":[{"step":"read the code","status":"completed"},{"step":"write the test","status":"in_progress"},{"step":"run it","status":"pending"}]}"#
        )
    }

    @Test func badPlansGetOneClearError() async throws {
        let cases: [(String, String)] = [
            (#"{"explanation":"x"}"#, "missing required argument 'plan'"),
            (#"{"plan":"do it"}"#, "'plan' must be a list"),
            (#"{"plan":[{"step":"a","status":"done"}]}"#, "plan[0].status 'done' is not a status"),
            (#"{"plan":[{"step":"a"}]}"#, "plan[0].status is missing"),
            (#"{"plan":[{"step":"","status":"pending"}]}"#, "plan[0].step must be a non-empty string"),
            (
                #"{"plan":[{"step":"a","status":"in_progress"},{"step":"b","status":"in_progress"}]}"#,
                "2 steps are in_progress; at most one"
            ),
            ("not json", "must be a JSON object")
        ]
        for (arguments, expected) in cases {
            let (outcome, _) = try await run(arguments)
            #expect(outcome.result.isError, "\(arguments)")
            #expect(outcome.result.output.contains(expected), "\(arguments) → \(outcome.result.output)")
            #expect(!outcome.result.output.contains("\n"), "one line")
            #expect(outcome.plan == nil)
        }
    }

    @Test func theSchemaIsCodexs() throws {
        let spec = UpdatePlanTool().spec
        let schema = try #require(try JSONParser.parse(spec.parametersSchema).objectValue)
        #expect(schema["required"]?.arrayValue == [.string("plan")])
        let item = try #require(schema["properties"]?["plan"]?["items"]?.objectValue)
        #expect(item["required"]?.arrayValue == [.string("step"), .string("status")])
        #expect(
            item["properties"]?["status"]?["enum"]?.arrayValue
                == ["pending", "in_progress", "completed"].map {
                    .string($0)
                })
        #expect(schema["properties"]?["explanation"] != nil)
    }

    @Test func theLastAcceptedPlanOfAHistoryIsTheSessionsPlan() {
        func call(_ id: String, _ arguments: String) -> Message {
            Message(role: .assistant, parts: [.toolCall(ToolCall(id: id, name: "update_plan", arguments: arguments))])
        }
        let first = #"{"plan":[{"step":"read","status":"completed"},{"step":"fix","status":"in_progress"}]}"#
        let older = #"{"plan":[{"step":"read","status":"in_progress"}]}"#
        let rejected = #"{"plan":[{"step":"a","status":"doing"}]}"#
        let history = [
            call("1", older), call("2", first), Message(role: .user, parts: [.text("go on")]), call("3", rejected)
        ]
        #expect(
            Session.lastPlan(in: history)
                == Plan(steps: [.init("read", .completed), .init("fix", .inProgress)]), "the rejected call is skipped")
        #expect(Session.lastPlan(in: [Message(role: .user, parts: [.text("hi")])]) == nil)
    }
}
