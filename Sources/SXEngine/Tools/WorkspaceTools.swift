import Foundation

/// The session's view of the tool runner: the built-in tools bound to one workspace.
public struct WorkspaceTools: ToolExecuting {
    public let runner: ToolRunner
    public let context: ToolContext

    public init(runner: ToolRunner, context: ToolContext) {
        self.runner = runner
        self.context = context
    }

    public var specs: [ToolSpec] { runner.specs }

    public func isMutating(_ call: ToolCall) -> Bool { runner.tool(named: call.name)?.isMutating ?? false }

    public func execute(_ call: ToolCall, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution {
        await runner.run(call: call, context: context, onOutput: onOutput)
    }

    /// Consecutive read-only calls run side by side; a mutating call runs alone (`ToolRunner.runBatch`).
    public func executeBatch(
        _ calls: [ToolCall], onStart: @escaping @Sendable (ToolCall) -> Void,
        onOutput: @escaping @Sendable (_ callId: String, _ chunk: String) -> Void,
        onFinish: @escaping @Sendable (ToolCall, ToolExecution) -> Void
    ) async -> [ToolExecution] {
        await runner.runBatch(calls, context: context, onStart: onStart, onOutput: onOutput, onFinish: onFinish)
    }
}
