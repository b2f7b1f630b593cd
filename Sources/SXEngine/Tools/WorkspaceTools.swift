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

    public func execute(_ call: ToolCall, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution {
        await runner.run(call: call, context: context, onOutput: onOutput)
    }
}
