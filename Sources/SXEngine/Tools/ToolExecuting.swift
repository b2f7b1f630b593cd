import Foundation

/// What the session needs from the tool layer: the specs to offer the model and a way to run one call.
public protocol ToolExecuting: Sendable {
    var specs: [ToolSpec] { get }
    /// One line for a turn that starts while some tools are still on their way (MCP servers starting), or nil.
    var notReadyNotice: String? { get }
    /// Whether the call may change files or processes (what a checkpoint is taken before).
    func isMutating(_ call: ToolCall) -> Bool
    /// `!cmd`: the person's own shell command, run as the shell tool runs commands, without approval.
    func runUserCommand(_ command: String, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution
    /// Runs one call; `onOutput` receives live output chunks. Never throws: failures are error results.
    func execute(_ call: ToolCall, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution
    /// Runs all calls of one response and returns their outcomes in the calls' order. `onStart` and `onFinish`
    /// frame each call as it runs (calls that may run side by side can be in flight together).
    func executeBatch(
        _ calls: [ToolCall], onStart: @escaping @Sendable (ToolCall) -> Void,
        onOutput: @escaping @Sendable (_ callId: String, _ chunk: String) -> Void,
        onFinish: @escaping @Sendable (ToolCall, ToolExecution) -> Void
    ) async -> [ToolExecution]
}

extension ToolExecuting {
    public var notReadyNotice: String? { nil }
    public func isMutating(_ call: ToolCall) -> Bool { false }

    public func runUserCommand(_ command: String, onOutput: @escaping @Sendable (String) -> Void) async
        -> ToolExecution
    {
        ToolExecution(
            result: ToolResult(callId: "", name: "!", output: "this session runs no commands (TOOLS=0)", isError: true))
    }

    /// One call after another.
    public func executeBatch(
        _ calls: [ToolCall], onStart: @escaping @Sendable (ToolCall) -> Void,
        onOutput: @escaping @Sendable (_ callId: String, _ chunk: String) -> Void,
        onFinish: @escaping @Sendable (ToolCall, ToolExecution) -> Void
    ) async -> [ToolExecution] {
        var out: [ToolExecution] = []
        for call in calls {
            onStart(call)
            let exec = await execute(call) { onOutput(call.id, $0) }
            onFinish(call, exec)
            out.append(exec)
        }
        return out
    }
}

/// What one call came to: the result for the model plus exit code and duration for the tool log.
public typealias ToolExecution = ToolOutcome

/// `TOOLS=0`: the model is offered nothing, and a call it makes anyway gets an error back.
public struct NoTools: ToolExecuting {
    public init() {}
    public var specs: [ToolSpec] { [] }
    public func execute(_ call: ToolCall, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution {
        ToolExecution(
            result: ToolResult(
                callId: call.id, name: call.name,
                output: "tools are disabled in this session (TOOLS=0)", isError: true))
    }
}
