import Foundation
import SXCore
import SXAuth

/// A conversation with a model: takes prompts, runs the turn loop (request → stream → tools → request …) and
/// emits `EngineEvent`s on one stream. Failover across profiles lives in `runStep`; the full rotation and model
/// fallback rules build on it.
public actor Session: AgentSession {
    public nonisolated let events: AsyncStream<EngineEvent>
    let continuation: AsyncStream<EngineEvent>.Continuation
    public internal(set) var options: SessionOptions
    public internal(set) var messages: [Message]
    let providers: ProviderRegistry
    let credentials: CredentialProviding
    let tools: ToolExecuting
    private var turn: Task<Void, Never>?
    /// The model that answered the last step, to announce a fallback or a return to the preferred model once.
    var lastServed: ModelRef?
    var currentProfile: [ProviderID: String] = [:]
    /// Profiles whose last response reported usage at or above `ROTATE_AT_PERCENT`: the next turn prefers others.
    var nearLimit: Set<String> = []
    /// The usage windows the response in flight reported, per profile, saved to the store when it ends.
    var observedLimits: [String: RateLimitSnapshot] = [:]
    private let observers: [@Sendable (EngineEvent) -> Void]
    let transcript: Transcript?
    /// How full the window is: the server's last count plus estimates of what came after.
    var ledger: ContextLedger
    /// How many messages the request in flight carried, to pin the server's count to them.
    var inFlightMessages = 0
    /// The model the request in flight goes to (for its price).
    var inFlightTarget: ModelRef?
    /// `/compact` asked for (with its focus, "" for none): done before the next request.
    var pendingCompaction: String?
    /// Compactions in a row that left the history over the limit (the breaker stops at three).
    var compactionsWithoutRoom = 0
    /// The session's estimated cost (list prices of the models that answered); nil until a priced model answered.
    var costUSD: Double?
    /// The running "turn" is `/compact`: it ends after the compaction, with no model request of its own.
    var compactOnly = false

    /// Messages before the resumed transcript's last compaction (for the screen only).
    private let earlier: [Message]
    /// Snapshots of the workspace around each turn's changes (`/undo`, `/redo`, `/rewind`); nil when off.
    let checkpoints: Checkpointer?
    /// Where the running turn's prompt is in `messages`.
    var turnPromptIndex = 0
    /// Prompts that steer the running turn, taken at its next safe point.
    var pendingSteers: [String] = []
    /// The model to go back to when a turn that ran on a command's own model ends.
    var modelAfterTurn: ModelRef?
    /// What the person's own `!` commands showed, sent with the next prompt.
    var pendingUserContext: [String] = []
    var userCommands = 0
    /// Whether the session said that some MCP server was still starting (it says so once).
    var toolsNoticeShown = false

    public init(
        options: SessionOptions, providers: ProviderRegistry, credentials: CredentialProviding,
        tools: ToolExecuting = NoTools(), history: [Message] = [], earlier: [Message] = [],
        transcript: Transcript? = nil, observers: [@Sendable (EngineEvent) -> Void] = [],
        checkpoints: Checkpointer? = nil
    ) {
        (events, continuation) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: .unbounded)
        self.options = options
        self.providers = providers
        self.credentials = credentials
        self.tools = tools
        self.messages = history
        self.observers = observers
        self.transcript = transcript
        self.earlier = earlier
        self.checkpoints = checkpoints
        ledger = ContextLedger(
            fixed: TokenEstimate.text(options.systemPrompt + options.systemContext) + TokenEstimate.tools(tools.specs))
        ledger.sync(history)
    }

    /// Every history change goes through here so that the transcript holds exactly what the model saw.
    func append(_ m: Message) {
        messages.append(m)
        transcript?.record(message: m)
    }

    @discardableResult public func send(_ prompt: String, attachments: [ImageData] = []) async -> Bool {
        guard turn == nil else {
            emit(.notice("a turn is already running; press Esc to interrupt it first"))
            return false
        }
        turnPromptIndex = messages.count
        append(Message(role: .user, parts: takeUserContext() + [.text(prompt)] + attachments.map { .image($0) }))
        reportContext(ModelRef(provider: options.provider, model: options.model))
        turn = Task { await self.runTurn() }
        return true
    }

    @discardableResult public func send(_ prompt: String, model: String) async -> Bool {
        guard turn == nil else { return await send(prompt, attachments: []) }
        let current = ModelRef(provider: options.provider, model: options.model)
        setModel(model, reason: "for this prompt")
        if ModelRef(provider: options.provider, model: options.model) != current { modelAfterTurn = current }
        return await send(prompt, attachments: [])
    }

    public func compact(focus: String?) async {
        guard turn == nil else {
            emit(.notice("a turn is running; /compact once it has ended"))
            return
        }
        pendingCompaction = focus ?? ""
        compactOnly = true
        turn = Task { await self.runCompaction() }
    }

    private func runCompaction() async {
        var usage = Usage()
        let outcome: TurnSummary.Outcome
        switch await runStep(1, usage: &usage) {
        case .failed(let message):
            emit(.error(message))
            outcome = .failed
        case .interrupted: outcome = .interrupted
        case .finished: outcome = .completed
        }
        // Idle before the front end hears so: a prompt it sends on `.turnDone` is taken, not refused.
        turn = nil
        compactOnly = false
        pendingCompaction = nil
        emit(.turnDone(summary(outcome, usage, 1)))
    }

    /// Waits for the running turn, if any, to end.
    public func waitForTurn() async {
        await turn?.value
    }

    public func interrupt() async {
        turn?.cancel()
    }

    public func switchModel(_ model: String) async throws {
        modelAfterTurn = nil
        setModel(model, reason: "chosen by you")
    }

    private func setModel(_ model: String, reason: String) {
        let from = ModelRef(provider: options.provider, model: options.model)
        if let ref = ModelRef(parsing: model) {
            options.provider = ref.provider
            options.model = ref.model
        } else {
            options.model = model
        }
        emit(
            .modelSwitched(
                from: from.description, to: ModelRef(provider: options.provider, model: options.model).description,
                reason: reason))
    }

    /// A one-line notice from the front end into the session's stream (e.g. "no login: this is the demo").
    public func announce(_ text: String) {
        emit(.notice(text))
    }

    /// Pins a profile for this session (nil: automatic choice again). Its provider becomes the session's.
    public func pinProfile(_ id: String?) async throws {
        guard let id else {
            options.pinnedProfile = nil
            return
        }
        guard let (provider, _) = AuthProfile.parseId(id) else {
            throw ProviderFailure(
                reason: .format, provider: options.provider, message: "'\(id)' is not a profile id (provider:name)")
        }
        let ids = try await credentials.profileIds(for: provider)
        guard ids.contains(id) else {
            throw ProviderFailure(reason: .auth, provider: provider, message: "no usable profile \(id)")
        }
        if provider != options.provider {
            let from = ModelRef(provider: options.provider, model: options.model)
            options.provider = provider
            options.model = options.catalogs.defaultModel(provider) ?? Engine.defaultModel(for: provider)
            emit(
                .modelSwitched(
                    from: from.description, to: ModelRef(provider: provider, model: options.model).description,
                    reason: "profile \(id) pinned"))
        }
        options.pinnedProfile = id
        currentProfile[provider] = id
        emit(.notice("profile \(id) pinned for this session"))
    }

    public func history() async -> [Message] { messages }

    /// No turn (or `/compact`) is running.
    func turnIsIdle() -> Bool { turn == nil }

    public func earlierHistory() async -> [Message] { earlier }

    /// Sets the reasoning effort for the next requests (nil: the model's default).
    public func setReasoningEffort(_ effort: String?) {
        options.reasoningEffort = effort
    }

    public func status() async -> SessionStatus {
        SessionStatus(
            sessionId: options.sessionId, provider: options.provider, model: options.model,
            profileId: currentProfile[options.provider], reasoningEffort: options.reasoningEffort,
            busy: turn != nil, plan: Self.lastPlan(in: messages))
    }

    /// The plan of the last `update_plan` call the tool accepted, newest first (a rejected call left the plan as
    /// it was, so the search goes on past it).
    static func lastPlan(in messages: [Message]) -> Plan? {
        for message in messages.reversed() {
            for part in message.parts.reversed() {
                if case .toolCall(let call) = part, call.name == UpdatePlanTool.name,
                    let plan = try? UpdatePlanTool.parse(call.arguments)
                {
                    return plan
                }
            }
        }
        return nil
    }

    public func close() async {
        turn?.cancel()
        await turn?.value
        continuation.finish()
    }

    func emit(_ e: EngineEvent) { eventSink(e, true) }

    // MARK: the turn loop

    private func runTurn() async {
        var usage = Usage()
        var step = 0
        // `endTurn` marks the session idle; every way out of the loop goes through it.
        defer { MallocTuning.trim() }
        if !toolsNoticeShown, let notice = tools.notReadyNotice {
            toolsNoticeShown = true
            emit(.notice(notice))
        }
        while step < options.maxSteps {
            step += 1
            let outcome = await runStep(step, usage: &usage)
            switch outcome {
            case .failed(let message):
                emit(.error(message))
                await endTurn(summary(.failed, usage, step))
                return
            case .interrupted:
                emit(.notice("interrupted"))
                await endTurn(summary(.interrupted, usage, step))
                return
            case .finished(let calls):
                if calls.isEmpty {
                    // A steer that came while the answer streamed: the turn goes on with it.
                    let steers = takeSteers()
                    if !steers.isEmpty {
                        append(Message(role: .user, parts: takeUserContext() + steers))
                        continue
                    }
                    await endTurn(summary(.completed, usage, step))
                    return
                }
                let results = await runTools(calls)
                if Task.isCancelled {
                    append(Message(role: .user, parts: results.map { .toolResult($0) }))
                    emit(.notice("interrupted"))
                    await endTurn(summary(.interrupted, usage, step))
                    return
                }
                // Every call answered first (providers require it), then what the person steered with.
                append(Message(role: .user, parts: results.map { .toolResult($0) } + takeUserContext() + takeSteers()))
            }
        }
        emit(
            .notice(
                "stopped after \(options.maxSteps) model requests in one turn (MAX_STEPS); send a message to continue"))
        await endTurn(summary(.stepLimit, usage, step))
    }

    /// Steers taken at a safe point, as text parts; the prompts go out in the order they were typed.
    private func takeSteers() -> [Part] {
        defer { pendingSteers.removeAll() }
        return pendingSteers.map { .text($0) }
    }

    /// The output of the person's `!` commands since the last prompt, as one text part before it.
    func takeUserContext() -> [Part] {
        guard !pendingUserContext.isEmpty else { return [] }
        defer { pendingUserContext.removeAll() }
        return [.text(pendingUserContext.joined(separator: "\n\n"))]
    }

    public func steer(_ prompt: String) async {
        guard turn != nil, !compactOnly else {
            await send(prompt, attachments: [])
            return
        }
        pendingSteers.append(prompt)
    }

    public func runUserCommand(_ command: String) async {
        userCommands += 1
        let call = ToolCall(id: "user-\(userCommands)", name: "!", arguments: command)
        let sink = eventSink
        sink(.toolCall(call), true)
        let exec = await tools.runUserCommand(command) { sink(.toolOutput(callId: call.id, chunk: $0), false) }
        var result = exec.result
        result.callId = call.id
        result.name = "!"
        sink(.toolResult(result, exitCode: exec.exitCode, durationMs: exec.durationMs), true)
        let status = exec.exitCode.map { "exit code \($0)" } ?? (result.isError ? "failed" : "done")
        pendingUserContext.append(
            "<user_shell_command>\nThe user ran this command in the workspace themselves (\(status)):\n$ \(command)\n"
                + result.output + "\n</user_shell_command>")
    }

    /// The turn's last event, after its checkpoint is complete (so an `/undo` right after it finds the turn).
    private func endTurn(_ summary: TurnSummary) async {
        if let checkpoints, let record = await checkpoints.finishTurn() {
            transcript?.recordCheckpoint(record)
        }
        // Idle before the front end hears so: the next queued prompt it sends on `.turnDone` is taken, not refused.
        turn = nil
        if let back = modelAfterTurn {
            modelAfterTurn = nil
            setModel(back.description, reason: "back after the command's turn")
        }
        // A steer that came after the last safe point (while the checkpoint finished) starts the next turn.
        let late = pendingSteers
        pendingSteers.removeAll()
        emit(.turnDone(summary))
        if !late.isEmpty { await send(late.joined(separator: "\n\n"), attachments: []) }
    }

    private func summary(_ o: TurnSummary.Outcome, _ u: Usage, _ steps: Int) -> TurnSummary {
        TurnSummary(outcome: o, usage: u, steps: steps, provider: options.provider.displayName, model: options.model)
    }

    /// Runs one response's tool calls (read-only neighbours side by side, see `ToolExecuting.executeBatch`).
    /// Their events come from the tools' own tasks, so they go out through `sink`, not the actor.
    private func runTools(_ calls: [ToolCall]) async -> [ToolResult] {
        if Task.isCancelled {
            return calls.map {
                ToolResult(callId: $0.id, name: $0.name, output: "interrupted by the user", isError: true)
            }
        }
        if let checkpoints, calls.contains(where: tools.isMutating) {
            for notice in await checkpoints.beforeChange(promptIndex: turnPromptIndex) { emit(.notice(notice)) }
        }
        let sink = eventSink
        let execs = await tools.executeBatch(
            calls,
            onStart: { sink(.toolCall($0), true) },
            onOutput: { id, chunk in sink(.toolOutput(callId: id, chunk: chunk), false) },
            onFinish: { _, exec in
                sink(exec.event, true)
                if let plan = exec.plan { sink(.plan(plan), true) }
            })
        return execs.map(\.result)
    }

    /// `emit` for code running outside the actor; live output chunks stay out of the transcript (the result
    /// carries the capped output).
    private nonisolated var eventSink: @Sendable (EngineEvent, _ record: Bool) -> Void {
        let transcript = self.transcript, observers = self.observers, cont = self.continuation
        return { e, record in
            if record { transcript?.record(event: e) }
            for o in observers { o(e) }
            cont.yield(e)
        }
    }

    enum StreamResult {
        case finished([ToolCall])
        case failed(ProviderFailure, partial: [Part])
        case interrupted
    }

    /// Forwards one response's events and collects the assistant message it makes.
    func consume(
        _ stream: AsyncThrowingStream<ProviderEvent, Error>, profileId: String?,
        usage: inout Usage
    ) async -> StreamResult {
        var parts: [Part] = []
        var calls: [ToolCall] = []
        var text = ""
        do {
            for try await event in stream {
                switch event {
                case .textDelta(let d): text += d; emit(.textDelta(d))
                case .thinkingDelta(let d): emit(.thinkingDelta(d))
                case .outputItem(let p): parts.append(p)
                case .toolCall(let c): calls.append(c)
                case .usage(let u):
                    usage = usage + u
                    addCost(u)
                    ledger.record(inputTokens: u.inputTokens, forMessages: inFlightMessages)
                    emit(.usage(u))
                case .rateLimits(let s): observe(s, profileId: profileId)
                case .completed: break
                }
            }
        } catch let f as ProviderFailure {
            return .failed(f, partial: f.afterOutput && !text.isEmpty ? [.text(text)] : [])
        } catch is CancellationError {
            if !text.isEmpty { append(Message(role: .assistant, parts: [.text(text)])) }
            return .interrupted
        } catch {
            return .failed(
                ProviderFailure(reason: .unknown, provider: options.provider, message: "\(error)"), partial: [])
        }
        if Task.isCancelled {
            if !text.isEmpty { append(Message(role: .assistant, parts: [.text(text)])) }
            return .interrupted
        }
        if parts.isEmpty && !text.isEmpty { parts = [.text(text)] }
        append(Message(role: .assistant, parts: parts))
        return .finished(calls)
    }

    /// A response's usage windows: shown, kept for the store, and the near-limit mark set or cleared.
    func observe(_ s: RateLimitSnapshot, profileId: String?) {
        emit(.rateLimits(profileId: profileId, s))
        if let profileId { observedLimits[profileId] = observedLimits[profileId].map { $0.updated(with: s) } ?? s }
        if let profileId, let used = s.maxUsedPercent {
            if used >= Double(options.rotateAtPercent) {
                nearLimit.insert(profileId)
            } else {
                nearLimit.remove(profileId)
            }
        }
    }
}
