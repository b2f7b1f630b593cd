import Foundation
import SXCore
import SXProtocol
@testable import SXTUI

/// A conversation that exercises every item kind, with CJK and emoji, at a fixed clock.
enum Fixtures {
    /// A two-hunk edit of a Swift file: a changed word in one line, a line added further down.
    static let smallDiff: FileDiff = {
        let old = (1...30).map { $0 == 4 ? "    let total = price * count\n" : "// line \($0)\n" }.joined()
        var new = old.replacingOccurrences(of: "price * count", with: "price * quantity")
        new = new.replacingOccurrences(of: "// line 20\n", with: "// line 20\nprint(total)\n")
        return FileDiff.between(old: Data(old.utf8), new: Data(new.utf8), path: "Sources/a.swift")
    }()

    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func richState(width: Int, height: Int) -> AppState {
        var s = AppState(width: width, height: height, models: ["gpt-5", "gpt-5-mini", "claude-sonnet-4"])
        s.chrome.now = now
        let events: [EngineEvent] = [
            .requestStarted(provider: .openaiCodex, model: "gpt-5", profileId: "work", step: 1),
            .thinkingDelta("The user wants a summary.\nLet me read the file."),
            .toolCall(ToolCall(id: "c1", name: "read_file", arguments: #"{"path":"README.md"}"#)),
            .toolResult(
                ToolResult(callId: "c1", name: "read_file", output: "# sx\nA coding agent."), exitCode: nil,
                durationMs: 12),
            .toolCall(ToolCall(id: "c2", name: "shell", arguments: #"{"command":"swift build"}"#)),
            .toolOutput(callId: "c2", chunk: "Compiling SXTUI\n"),
            .textDelta(
                "## Summary\nThe **README** says: `sx` is a *coding agent*.\n- 日本語のテキスト and emoji 😀👍\n- second item\n\n```swift\nlet x = 42 // answer\n```\n| key | value |\n|---|---|\n| 名前 | sx |\n"
            ),
            .rateLimits(
                profileId: "work",
                RateLimitSnapshot(
                    primary: RateLimitWindow(usedPercent: 58, resetsAt: now.addingTimeInterval(7980)),
                    secondary: RateLimitWindow(usedPercent: 21, resetsAt: now.addingTimeInterval(4 * 86_400)))),
            .modelSwitched(from: "gpt-5", to: "gpt-5-mini", reason: "rate limited")
        ]
        for e in events { _ = Reducer.reduce(&s, .engine(e)) }
        s.conversation.items.insert(ConversationItem(id: 0, kind: .user("Summarise README.md 请")), at: 0)
        s.engine.profiles = [
            ProfileStatus(id: "work", provider: "openai-codex", state: .ok, lastUsed: now.addingTimeInterval(-120)),
            ProfileStatus(
                id: "personal", provider: "openai-codex", state: .coolingDown(until: now.addingTimeInterval(252))),
            ProfileStatus(id: "old", provider: "openai-codex", state: .disabled(reason: "billing"))
        ]
        s.engine.session?.model = "gpt-5-mini"
        _ = Reducer.reduce(&s, .tick(now))
        return s
    }
}

/// A session that records what the app asked and emits what the test says.
final class FakeSession: AgentSession, @unchecked Sendable {
    let events: AsyncStream<EngineEvent>
    let continuation: AsyncStream<EngineEvent>.Continuation
    private let lock = NSLock()
    private var _sent: [String] = []
    private var _interrupts = 0
    private var _model = "gpt-5"
    private var _closed = false
    private var _pinned: [String?] = []
    private var _effort: String?
    private var _compactions: [String?] = []

    private let earlier: [Message]

    init(history: [Message] = []) {
        (events, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        earlier = history
    }

    func history() async -> [Message] { earlier }

    var sent: [String] { lock.withLock { _sent } }
    var interrupts: Int { lock.withLock { _interrupts } }
    var model: String { lock.withLock { _model } }
    var closed: Bool { lock.withLock { _closed } }
    var pinned: [String?] { lock.withLock { _pinned } }
    var effort: String? { lock.withLock { _effort } }
    var compactions: [String?] { lock.withLock { _compactions } }

    func send(_ prompt: String, attachments: [ImageData]) async -> Bool {
        lock.withLock { _sent.append(prompt) }
        return true
    }
    func interrupt() async { lock.withLock { _interrupts += 1 } }
    func compact(focus: String?) async { lock.withLock { _compactions.append(focus) } }
    func contextBreakdown() async -> ContextBreakdown {
        ContextBreakdown(parts: [.init("conversation", 1200)], usage: ContextUsage(tokens: 1200, window: 258_400))
    }
    func switchModel(_ model: String) async throws { lock.withLock { _model = model } }
    func pinProfile(_ id: String?) async throws { lock.withLock { _pinned.append(id) } }
    func setReasoningEffort(_ effort: String?) async { lock.withLock { _effort = effort } }
    func status() async -> SessionStatus {
        SessionStatus(sessionId: "s1", provider: .openaiCodex, model: lock.withLock { _model }, profileId: "work")
    }
    func close() async {
        lock.withLock { _closed = true }
        continuation.finish()
    }
}

/// The engine side as a test sets it up: a current session, and whatever features the test gives it. Replacing
/// the session closes the old one, as the engine's host does.
final class FakeHost: EngineHost, @unchecked Sendable {
    typealias Factory = @Sendable (SessionRequest) async throws -> any AgentSession
    let features: HostFeatures
    private let lock = NSLock()
    private var current: any AgentSession
    private let factory: Factory?
    private let saved: [SavedSession]
    private let profiles: [ProfileStatus]?
    private let tick: (@Sendable (Bool) async -> ModelWatchReport?)?
    private var asker: (@Sendable (PendingApproval) -> Void)?
    private var _answers: [Int: ApprovalDecision] = [:]

    /// - Parameters:
    ///   - newSession: makes `/new` and `/resume` available; nil → they say they are not.
    ///   - background: makes the background round available; called with the status pane's visibility.
    ///   - approvals: whether the host relays approvals (`ask` then reaches the connected front end).
    init(
        _ session: any AgentSession, newSession: Factory? = nil, savedSessions: [SavedSession] = [],
        profiles: [ProfileStatus]? = nil, background: (@Sendable (Bool) async -> ModelWatchReport?)? = nil,
        approvals: Bool = false
    ) {
        current = session
        factory = newSession
        saved = savedSessions
        self.profiles = profiles
        tick = background
        var f: HostFeatures = []
        if newSession != nil { f.insert(.sessions) }
        if profiles != nil { f.insert(.profiles) }
        if background != nil { f.insert(.background) }
        if approvals { f.insert(.approvals) }
        features = f
    }

    var session: any AgentSession { lock.withLock { current } }
    var answers: [Int: ApprovalDecision] { lock.withLock { _answers } }
    var connected: Bool { lock.withLock { asker != nil } }

    func replaceSession(_ request: SessionRequest) async throws -> any AgentSession {
        guard let factory else { throw HostUnavailable(what: "/new") }
        let next = try await factory(request)
        let old = lock.withLock { () -> any AgentSession in
            defer { current = next }
            return current
        }
        await old.close()
        return next
    }

    func savedSessions() async -> [SavedSession] { saved }
    func profileStatuses() async -> [ProfileStatus] { profiles ?? [] }
    func backgroundTick(statusPaneVisible: Bool) async -> ModelWatchReport? { await tick?(statusPaneVisible) }
    func connectApprovals(_ ask: @escaping @Sendable (PendingApproval) -> Void) { lock.withLock { asker = ask } }
    func disconnectApprovals() { lock.withLock { asker = nil } }
    func answerApproval(_ id: Int, _ decision: ApprovalDecision) { lock.withLock { _answers[id] = decision } }

    /// What the engine's broker does when a tool asks: hands the request to the connected front end.
    func ask(_ pending: PendingApproval) { lock.withLock { asker }?(pending) }
}
