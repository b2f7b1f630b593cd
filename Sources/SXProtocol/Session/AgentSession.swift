import Foundation
import SXCore

/// Where the session is pointed right now: shown in the status bar and the status pane.
public struct SessionStatus: Sendable, Equatable {
    public var sessionId: String
    public var provider: ProviderID
    public var model: String
    public var profileId: String?
    public var reasoningEffort: String?
    public var busy: Bool
    /// The plan as the conversation's last `update_plan` call left it (a resumed session shows it again).
    public var plan: Plan?

    public init(
        sessionId: String, provider: ProviderID, model: String, profileId: String? = nil,
        reasoningEffort: String? = nil, busy: Bool = false, plan: Plan? = nil
    ) {
        self.plan = plan
        self.sessionId = sessionId
        self.provider = provider
        self.model = model
        self.profileId = profileId
        self.reasoningEffort = reasoningEffort
        self.busy = busy
    }
}

/// The engine's public face to a front end (the TUI, `sx exec`): a conversation that takes prompts and emits
/// `EngineEvent`s on one stream that lives as long as the session.
public protocol AgentSession: AnyObject, Sendable {
    /// Every event of every turn, in order. Finishes when the session is closed.
    var events: AsyncStream<EngineEvent> { get }
    /// Starts a turn. Returns at once; the turn's events arrive on `events`, ending with `.turnDone`. False when a
    /// turn is already running: nothing was sent (the front end keeps the prompt, e.g. at the head of its queue).
    @discardableResult func send(_ prompt: String, attachments: [ImageData]) async -> Bool
    /// A turn on `model` (a custom command's `model`), then the session's model again; false as for `send`.
    @discardableResult func send(_ prompt: String, model: String) async -> Bool
    /// Stops the running turn (the partial output is kept); a no-op when idle.
    func interrupt() async
    /// Redirects the running turn: at its next safe point (the response in flight finished, the running tool calls
    /// done, never mid-write) `prompt` joins the conversation and the turn goes on with it. Idle: a plain `send`.
    func steer(_ prompt: String) async
    /// `!cmd`: the person's own shell command, run like the shell tool but without approval; its command and output
    /// go to the model with the next prompt. Its events (a tool call named "!") arrive on `events`.
    func runUserCommand(_ command: String) async
    /// Switches model (and with it, possibly, provider) for the next turn; the conversation is kept.
    func switchModel(_ model: String) async throws
    /// Pins a profile id for the next turns (nil: failover chooses again); throws a one-line reason when it can't.
    func pinProfile(_ id: String?) async throws
    /// Sets the reasoning effort for the next turns (nil: the model's default).
    func setReasoningEffort(_ effort: String?) async
    func status() async -> SessionStatus
    /// Compacts the conversation now (`/compact`): one summary request, `focus` telling it what to keep; the
    /// events end with `.turnDone` as a turn's do. A notice says why when a turn is running.
    func compact(focus: String?) async
    /// What fills the window now (`/context`).
    func contextBreakdown() async -> ContextBreakdown
    /// Ends the session and finishes `events`.
    func close() async
    /// The conversation so far (what a resumed session continues from), for the front end to show again.
    func history() async -> [Message]
    /// What a resumed session held before its last compaction: shown above the history, marked, never sent.
    func earlierHistory() async -> [Message]
    /// `/undo`: puts back the files the last turn that changed any changed. Files changed since by someone else
    /// are listed as conflicts and left alone unless `overwrite`.
    func undo(overwrite: Bool) async -> RestoreReport
    /// `/redo`: applies again what the last `/undo` took back.
    func redo(overwrite: Bool) async -> RestoreReport
    /// The turns `/rewind` can go back to, oldest first.
    func rewindPoints() async -> [RewindPoint]
    /// `/rewind`: back to just after `turn` — its files, its conversation, or both. The conversation after it stays
    /// in the transcript, marked as rewound, and is no longer sent.
    func rewind(toTurn turn: Int, scope: RewindScope, overwrite: Bool) async -> RestoreReport
}

extension AgentSession {
    @discardableResult public func send(_ prompt: String, model: String) async -> Bool {
        await send(prompt, attachments: [])
    }
    public func steer(_ prompt: String) async { await send(prompt, attachments: []) }
    public func runUserCommand(_ command: String) async {}
    public func history() async -> [Message] { [] }
    public func earlierHistory() async -> [Message] { [] }
    public func undo(overwrite: Bool) async -> RestoreReport {
        RestoreReport(note: "this session keeps no checkpoints")
    }
    public func redo(overwrite: Bool) async -> RestoreReport {
        RestoreReport(note: "this session keeps no checkpoints")
    }
    public func rewindPoints() async -> [RewindPoint] { [] }
    public func rewind(toTurn turn: Int, scope: RewindScope, overwrite: Bool) async -> RestoreReport {
        RestoreReport(note: "this session cannot rewind")
    }
}
