import SXCore

/// A tool call waiting for the person's yes or no (`APPROVAL=ask`): one key per choice.
public struct ApprovalPrompt: Sendable, Equatable {
    public var id: Int
    public var tool: String
    /// The command, or the path being written.
    public var summary: String
    /// The change a file tool would write, shown before anything is written.
    public var diffs: [FileDiff]
    /// Where a shell command would run.
    public var workingDirectory: String?
    /// Why the change cannot be shown: approving it only returns this error to the model.
    public var previewError: String?
    /// What the person must know before saying yes (a fetch of a private-network address).
    public var warning: String?

    public init(
        id: Int, tool: String, summary: String, diffs: [FileDiff] = [], workingDirectory: String? = nil,
        previewError: String? = nil, warning: String? = nil
    ) {
        self.warning = warning
        self.id = id
        self.tool = tool
        self.summary = summary
        self.diffs = diffs
        self.workingDirectory = workingDirectory
        self.previewError = previewError
    }
}

public enum ApprovalChoice: Sendable, Equatable {
    case yes
    /// Yes to this tool for the rest of the session.
    case always
    /// No; the reason (typed after `r`) goes back to the model.
    case no(reason: String?)
}
