import Foundation
import SXCore

/// What the front end is asked to decide.
public struct ApprovalRequest: Sendable, Equatable {
    public var call: ToolCall
    /// One line for the prompt: the command, or the path being written.
    public var summary: String
    /// The change a file tool would make, computed before anything is written (empty for other tools).
    public var diffs: [FileDiff]
    /// Where a shell command would run.
    public var workingDirectory: String?
    /// Why the change cannot be shown (e.g. the patch does not apply): the call will fail when approved.
    public var previewError: String?
    /// What the person must know before saying yes (a fetch of a private-network address).
    public var warning: String?

    public init(
        call: ToolCall, summary: String, diffs: [FileDiff] = [], workingDirectory: String? = nil,
        previewError: String? = nil, warning: String? = nil
    ) {
        self.call = call
        self.summary = summary
        self.diffs = diffs
        self.workingDirectory = workingDirectory
        self.previewError = previewError
        self.warning = warning
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
