import Foundation
import SXCore

/// `update_plan`: the model's checklist for the task. The schema is Codex CLI's plan tool, field for field
/// (`UpdatePlanArgs { explanation?, plan: [PlanItemArg { step, status }] }` with `StepStatus` pending /
/// in_progress / completed, openai/codex `codex-rs/protocol/src/plan_tool.rs`), because current models are trained
/// to call it in that shape. It changes nothing on the machine, so it never asks; the session shows the plan
/// (`EngineEvent.plan`).
struct UpdatePlanTool: Tool {
    static let name = "update_plan"
    /// More steps than anyone reads in a status pane; a longer list is a model looping.
    static let maxSteps = 50

    let isMutating = false
    let spec = ToolSpec(
        name: UpdatePlanTool.name,
        description: """
            Updates the task plan. Provide an optional explanation and a list of plan items, each with a step and \
            status. At most one step can be in_progress at a time. Send the whole plan each time: it replaces the \
            previous one.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "explanation":{"type":"string"},\
            "plan":{"type":"array","description":"The list of steps","items":{"type":"object","properties":{\
            "step":{"type":"string"},\
            "status":{"type":"string","description":"One of: pending, in_progress, completed",\
            "enum":["pending","in_progress","completed"]}},\
            "required":["step","status"],"additionalProperties":false}}\
            },"required":["plan"],"additionalProperties":false}
            """
    )

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        ToolOutcome.catching { () throws(ToolFailure) -> ToolOutcome in
            let plan = try Self.parse(arguments)
            var outcome = ToolOutcome.ok("Plan updated: \(plan.summaryLine.dropFirst("plan: ".count))")
            outcome.plan = plan
            return outcome
        }
    }

    /// Reads the arguments with `JSONParser`, so each mistake gets its own sentence (which step, which status).
    static func parse(_ arguments: String) throws(ToolFailure) -> Plan {
        let text = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let object = (try? JSONParser.parse(text.isEmpty ? "{}" : text))?.objectValue else {
            throw ToolFailure(
                #"update_plan: the arguments must be a JSON object such as {"plan": [{"step": "…", "status": "pending"}]}."#
            )
        }
        var explanation: String?
        if let value = object["explanation"], value != .null {
            guard let text = value.stringValue else {
                throw ToolFailure("update_plan: 'explanation' must be a string.")
            }
            explanation = text.isEmpty ? nil : text
        }
        guard let value = object["plan"] else {
            throw ToolFailure("update_plan: missing required argument 'plan' (a list of {step, status}).")
        }
        guard let items = value.arrayValue else {
            throw ToolFailure("update_plan: 'plan' must be a list of {step, status} objects.")
        }
        guard items.count <= maxSteps else {
            throw ToolFailure("update_plan: the plan has \(items.count) steps; keep it to \(maxSteps) or fewer.")
        }
        var steps: [Plan.Step] = []
        for (index, item) in items.enumerated() {
            let at = "plan[\(index)]"
            guard let fields = item.objectValue else { throw ToolFailure("update_plan: \(at) must be an object.") }
            guard let step = fields["step"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines),
                !step.isEmpty
            else { throw ToolFailure("update_plan: \(at).step must be a non-empty string.") }
            guard let raw = fields["status"]?.stringValue else {
                throw ToolFailure("update_plan: \(at).status is missing (pending, in_progress or completed).")
            }
            guard let status = Plan.Status(rawValue: raw) else {
                throw ToolFailure(
                    "update_plan: \(at).status '\(raw)' is not a status; use pending, in_progress or completed.")
            }
            steps.append(Plan.Step(step, status))
        }
        let working = steps.filter { $0.status == .inProgress }
        guard working.count <= 1 else {
            throw ToolFailure(
                "update_plan: \(working.count) steps are in_progress; at most one may be (mark the others pending or completed)."
            )
        }
        return Plan(steps: steps, explanation: explanation)
    }
}
