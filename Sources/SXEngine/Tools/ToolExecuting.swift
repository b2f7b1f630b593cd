import Foundation

/// What the session needs from the tool layer: the specs to offer the model and a way to run one call.
public protocol ToolExecuting: Sendable {
    var specs: [ToolSpec] { get }
    /// Runs one call; `onOutput` receives live output chunks. Never throws: failures are error results.
    func execute(_ call: ToolCall, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution
}

/// What one call came to: the result for the model plus exit code and duration for the tool log.
public typealias ToolExecution = ToolOutcome

/// `TOOLS=0`: the model is offered nothing, and a call it makes anyway gets an error back.
public struct NoTools: ToolExecuting {
    public init() {}
    public var specs: [ToolSpec] { [] }
    public func execute(_ call: ToolCall, onOutput: @escaping @Sendable (String) -> Void) async -> ToolExecution {
        ToolExecution(result: ToolResult(callId: call.id, name: call.name,
                                         output: "tools are disabled in this session (TOOLS=0)", isError: true))
    }
}
