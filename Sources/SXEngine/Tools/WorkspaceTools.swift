import Foundation
import SXCore

/// The session's view of the tool runner: the built-in tools bound to one workspace.
public struct WorkspaceTools: ToolExecuting {
    public let runner: ToolRunner
    public let context: ToolContext

    public init(runner: ToolRunner, context: ToolContext) {
        self.runner = runner
        self.context = context
    }

    public var specs: [ToolSpec] { runner.specs }
    public var notReadyNotice: String? { runner.source?.notReadyNotice }

    public func isMutating(_ call: ToolCall) -> Bool { runner.tool(named: call.name)?.isMutating ?? false }

    /// The shell tool itself (workspace, timeout, process-group kill, output cap), past the approval policy: the
    /// person typed the command.
    public func runUserCommand(_ command: String, onOutput: @escaping @Sendable (String) -> Void) async
        -> ToolExecution
    {
        let arguments = String(decoding: JSONBody.encode(["command": .string(command)]), as: UTF8.self)
        let start = ContinuousClock.now
        var outcome = await ShellTool().run(arguments: arguments, context: context, output: onOutput)
        outcome.result.output = HeadTailBuffer.cap(outcome.result.output, limit: ToolRunner.resultLimit)
        if outcome.durationMs == 0 {
            outcome.durationMs = Int(start.duration(to: .now).components.seconds * 1000)
        }
        return outcome
    }

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
