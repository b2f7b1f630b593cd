import Foundation
import SXCore

/// Everything a turn produces, in order, on the session's one stream. The TUI and `sx exec` both consume it.
public enum EngineEvent: Sendable, Equatable {
    /// A request is about to go out (first of a turn, or a later step after tool results).
    case requestStarted(provider: ProviderID, model: String, profileId: String?, step: Int)
    case thinkingDelta(String)
    case textDelta(String)
    /// The model asked for a tool; it is about to run (or be refused).
    case toolCall(ToolCall)
    /// A chunk of a running tool's output, for live display.
    case toolOutput(callId: String, chunk: String)
    case toolResult(ToolResult, exitCode: Int32?, durationMs: Int)
    case usage(Usage)
    case rateLimits(profileId: String?, RateLimitSnapshot)
    case profileSwitched(from: String?, to: String, reason: String)
    case modelSwitched(from: String, to: String, reason: String)
    case notice(String)
    /// sx waits before trying again (a rate limit with a short reset); `reason` is short ("rate limited"). The
    /// one-line notice that explains it comes as `.notice` just before.
    case waiting(until: Date, reason: String)
    /// The wait is over (the request goes out again) or was cancelled.
    case waitEnded
    /// How full the window is: after each response, and after a compaction.
    case context(ContextUsage)
    /// The history was compacted (a one-line notice, with the summary behind it).
    case compacted(CompactionReport)
    /// The model's plan changed (an `update_plan` call): the whole plan as it now stands.
    case plan(Plan)
    /// The turn failed; the message is one line.
    case error(String)
    case turnDone(TurnSummary)
}

public struct TurnSummary: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable { case completed, failed, interrupted, stepLimit = "step_limit" }
    public var outcome: Outcome
    public var usage: Usage
    public var steps: Int
    public var provider: String
    public var model: String

    public init(outcome: Outcome, usage: Usage, steps: Int, provider: String, model: String) {
        self.outcome = outcome
        self.usage = usage
        self.steps = steps
        self.provider = provider
        self.model = model
    }
}
