import Foundation
import SXCore
import SXAuth
import SXProtocol

/// The engine side of the full-screen front end. It alone holds the current session: `/new` and `/resume` ask it
/// for the next one and it closes the one before, so nothing else keeps an old conversation alive (DECISIONS 25).
public final class SessionHost: EngineHost, @unchecked Sendable {
    public let engine: Engine
    /// The provider a new session starts on when the request names none.
    let provider: ProviderID
    let tools: ToolExecuting
    let approvals: ApprovalBroker?
    let store: ProfileStore
    let usage: UsageWatch
    /// The MCP servers whose tools `tools` offers, for the status pane; nil when none is configured.
    let mcp: MCPManager?
    // `current` is guarded by `lock`.
    private let lock = NSLock()
    private var current: Session

    /// - Parameters:
    ///   - session: the first session (the host owns it from now on).
    ///   - approvals: the broker given to the tools' runner; nil when nothing is asked (`APPROVAL=auto`, `never`).
    public init(
        engine: Engine, session: Session, provider: ProviderID, tools: ToolExecuting,
        approvals: ApprovalBroker?, store: ProfileStore, mcp: MCPManager? = nil
    ) async {
        self.mcp = mcp
        self.engine = engine
        self.provider = provider
        self.tools = tools
        self.approvals = approvals
        self.store = store
        self.usage = UsageWatch.make(engine: engine, options: await session.options, store: store)
        self.current = session
    }

    public var features: HostFeatures {
        approvals == nil ? [.sessions, .profiles, .background] : [.sessions, .profiles, .background, .approvals]
    }

    public var session: any AgentSession { lock.withLock { current } }

    public func mcpServers() async -> [MCPServerStatus] { mcp?.statuses() ?? [] }

    /// The first session as the engine's own type, for the wiring (its options, the catalog refresh).
    public var engineSession: Session { lock.withLock { current } }

    public func replaceSession(_ request: SessionRequest) async throws -> any AgentSession {
        let url = try request.resumeId.map { try Transcript.find($0, in: engine.config.paths.sessions) }
        let next = try engine.makeSession(
            provider: request.provider ?? provider, model: request.model, tools: tools, resume: url)
        do {
            if let p = request.profile { try await next.pinProfile(p) }
        } catch {
            await next.close()
            throw error
        }
        if let e = request.effort { await next.setReasoningEffort(e) }
        let old = lock.withLock { () -> Session in
            defer { current = next }
            return current
        }
        await old.close()
        return next
    }

    public func savedSessions() async -> [SavedSession] {
        Transcript.list(engine.config.paths.sessions).map { s in
            SavedSession(
                id: s.id, modified: s.modified, firstPrompt: s.firstPrompt,
                model: s.model.map { m in s.provider.map { "\($0)/\(m)" } ?? m }, messages: s.messages)
        }
    }

    public func profileStatuses() async -> [ProfileStatus] {
        ProfileStatuses.read(store: store, live: await usage.poller.current())
    }

    public func backgroundTick(statusPaneVisible: Bool) async -> ModelWatchReport? {
        await usage.poller.kick(visible: statusPaneVisible)
        return await usage.schedule.tick()
    }

    public func connectApprovals(_ ask: @escaping @Sendable (PendingApproval) -> Void) { approvals?.connect(ask) }
    public func disconnectApprovals() { approvals?.disconnect() }
    public func answerApproval(_ id: Int, _ decision: ApprovalDecision) { approvals?.answer(id, decision) }

    /// What the model picker offers, the current session's model first.
    public func modelMenu() async -> ModelMenu {
        var menu = ModelMenu.build(engine: engine)
        let status = await session.status()
        menu.ensure(provider: status.provider, model: status.model, catalogs: engine.catalogs)
        return menu
    }
}
