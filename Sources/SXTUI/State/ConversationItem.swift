import SXProtocol

/// One entry of the conversation, kept as source; wrapping happens at render time for the current width.
/// `revision` grows on every change so the render cache can tell a stale entry from a fresh one.
public struct ConversationItem: Sendable, Equatable, Identifiable {
    public enum Kind: Sendable, Equatable {
        case user(String)
        case assistant(String, streaming: Bool)
        case thinking(String, streaming: Bool, collapsed: Bool)
        /// A tool call, drawn from its `ToolLogEntry` (looked up by call id).
        case tool(callId: String)
        case notice(String, NoticeLevel)
        /// "context compacted: 182k → 21k tokens", the summary shown with Ctrl+O.
        case compaction(CompactionReport)
    }

    public var id: Int
    public var revision: Int
    public var kind: Kind

    public init(id: Int, kind: Kind) {
        self.id = id
        self.revision = 0
        self.kind = kind
    }
}
