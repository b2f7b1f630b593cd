/// The model's own checklist for the task, as its last `update_plan` call left it. The field names and the three
/// statuses are Codex CLI's (`UpdatePlanArgs` / `PlanItemArg` / `StepStatus` in openai/codex
/// `codex-rs/protocol/src/plan_tool.rs`), so a model trained on that tool calls sx's the same way.
public struct Plan: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Equatable, Codable, CaseIterable {
        case pending
        case inProgress = "in_progress"
        case completed
    }

    public struct Step: Sendable, Equatable, Codable {
        public var step: String
        public var status: Status

        public init(_ step: String, _ status: Status) {
            self.step = step
            self.status = status
        }
    }

    public var steps: [Step]
    /// The model's note on why the plan changed (Codex's `explanation`).
    public var explanation: String?

    public init(steps: [Step], explanation: String? = nil) {
        self.steps = steps
        self.explanation = explanation
    }

    public var completedCount: Int { steps.filter { $0.status == .completed }.count }

    /// The step being worked on, if the model marked one.
    public var current: Step? { steps.first { $0.status == .inProgress } }

    /// `plan: 2/5 done · now: run the tests`: the one line the conversation and the tool result show.
    public var summaryLine: String {
        var line = "plan: \(completedCount)/\(steps.count) done"
        if let current { line += " · now: \(current.step)" }
        return line
    }
}
