/// A tool call waiting for the person's yes or no (`APPROVAL=ask`): one key per choice.
public struct ApprovalPrompt: Sendable, Equatable {
    public var id: Int
    public var tool: String
    /// The command, or the path being written.
    public var summary: String

    public init(id: Int, tool: String, summary: String) {
        self.id = id
        self.tool = tool
        self.summary = summary
    }
}

public enum ApprovalChoice: Sendable, Equatable {
    case yes
    /// Yes to this tool for the rest of the session.
    case always
    case no
}
