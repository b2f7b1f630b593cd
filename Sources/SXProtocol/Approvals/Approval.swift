import Foundation

/// What the front end is asked to decide.
public struct ApprovalRequest: Sendable, Equatable {
    public var call: ToolCall
    /// One line for the prompt: the command, or the path being written.
    public var summary: String

    public init(call: ToolCall, summary: String) {
        self.call = call
        self.summary = summary
    }
}

public enum ApprovalDecision: Sendable, Equatable {
    case approve
    /// Approve this and every later call of the same tool in this runner (the TUI's "always").
    case approveForSession
    /// Refuse; the optional reason is passed to the model.
    case deny(reason: String?)
}

/// Supplied by the front end; called once per mutating call under `ask`. May take as long as the person needs.
public typealias ApprovalHandler = @Sendable (ApprovalRequest) async -> ApprovalDecision
