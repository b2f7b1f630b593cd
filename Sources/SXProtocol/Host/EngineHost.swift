/// Everything a front end gets from the engine besides the conversation: the engine side owns the current session
/// (`/new` and `/resume` ask it for the next one, and it lets the old one go), lists saved sessions, reports the
/// profiles, runs the background usage reads and the auto-switch watcher, and relays tool approvals.
///
/// A host need not do everything (a test's fake, a build without a store): `features` says what it does, and the
/// front end tells the person when something is unavailable instead of calling the default implementations.
public protocol EngineHost: AnyObject, Sendable {
    var features: HostFeatures { get }
    /// The session the person is talking to now. Ask again after `replaceSession`; do not keep the old one.
    var session: any AgentSession { get }
    /// Starts a fresh session (or resumes `request.resumeId`) keeping model, pinned profile and effort; it becomes
    /// the current session and the previous one is closed. On error the current session is unchanged.
    func replaceSession(_ request: SessionRequest) async throws -> any AgentSession
    /// The saved sessions `/resume` offers, newest first.
    func savedSessions() async -> [SavedSession]
    /// Every profile as the status pane shows it (read-only: never refreshes or switches anything).
    func profileStatuses() async -> [ProfileStatus]
    /// Called about once a second: whether the status pane is on screen (live usage is read only while it is);
    /// returns a watcher report when a check was due. Returns promptly: network reads run in the background.
    func backgroundTick(statusPaneVisible: Bool) async -> ModelWatchReport?
    /// Where approval requests go until `disconnectApprovals`; each waits for `answerApproval` with its id.
    func connectApprovals(_ ask: @escaping @Sendable (PendingApproval) -> Void)
    /// Refuses everything still waiting and everything that comes later (the front end is gone).
    func disconnectApprovals()
    func answerApproval(_ id: Int, _ decision: ApprovalDecision)
    /// The configured MCP servers and how each is doing (read-only, returns at once).
    func mcpServers() async -> [MCPServerStatus]
}

/// What an `EngineHost` offers beyond its current session.
public struct HostFeatures: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `replaceSession` and `savedSessions` (`/new`, `/resume`).
    public static let sessions = HostFeatures(rawValue: 1 << 0)
    /// `profileStatuses` (the status pane's profile list).
    public static let profiles = HostFeatures(rawValue: 1 << 1)
    /// `backgroundTick` (usage reads and the auto-switch watcher).
    public static let background = HostFeatures(rawValue: 1 << 2)
    /// Approvals are asked (`APPROVAL=ask` with a front end that can ask).
    public static let approvals = HostFeatures(rawValue: 1 << 3)
}

extension EngineHost {
    public func replaceSession(_ request: SessionRequest) async throws -> any AgentSession {
        throw HostUnavailable(what: request.resumeId == nil ? "/new" : "/resume")
    }
    public func savedSessions() async -> [SavedSession] { [] }
    public func profileStatuses() async -> [ProfileStatus] { [] }
    public func backgroundTick(statusPaneVisible: Bool) async -> ModelWatchReport? { nil }
    public func connectApprovals(_ ask: @escaping @Sendable (PendingApproval) -> Void) {}
    public func disconnectApprovals() {}
    public func answerApproval(_ id: Int, _ decision: ApprovalDecision) {}
    public func mcpServers() async -> [MCPServerStatus] { [] }
}

/// A host asked for something its `features` do not include.
public struct HostUnavailable: Error, CustomStringConvertible {
    public var what: String
    public init(what: String) { self.what = what }
    public var description: String { "\(what) is not available in this build" }
}
