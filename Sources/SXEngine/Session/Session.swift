import Foundation
import SXAuth

/// A conversation with a model: takes prompts, runs the turn loop (request → stream → tools → request …) and
/// emits `EngineEvent`s on one stream. Failover across profiles lives in `runStep`; the full rotation and model
/// fallback rules build on it.
public actor Session: AgentSession {
    public nonisolated let events: AsyncStream<EngineEvent>
    private let continuation: AsyncStream<EngineEvent>.Continuation
    public private(set) var options: SessionOptions
    public private(set) var messages: [Message]
    private let providers: ProviderRegistry
    private let credentials: CredentialProviding
    private let tools: ToolExecuting
    private var turn: Task<Void, Never>?
    private var currentProfile: [ProviderID: String] = [:]
    private let observers: [@Sendable (EngineEvent) -> Void]
    private let transcript: Transcript?

    public init(options: SessionOptions, providers: ProviderRegistry, credentials: CredentialProviding,
                tools: ToolExecuting = NoTools(), history: [Message] = [], transcript: Transcript? = nil,
                observers: [@Sendable (EngineEvent) -> Void] = []) {
        (events, continuation) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: .unbounded)
        self.options = options
        self.providers = providers
        self.credentials = credentials
        self.tools = tools
        self.messages = history
        self.observers = observers
        self.transcript = transcript
    }

    /// Every history change goes through here so that the transcript holds exactly what the model saw.
    private func append(_ m: Message) {
        messages.append(m)
        transcript?.record(message: m)
    }

    public func send(_ prompt: String, attachments: [ImageData] = []) async {
        guard turn == nil else {
            emit(.notice("a turn is already running; press Esc to interrupt it first"))
            return
        }
        append(Message(role: .user, parts: [.text(prompt)] + attachments.map { .image($0) }))
        turn = Task { await self.runTurn() }
    }

    /// Waits for the running turn, if any, to end.
    public func waitForTurn() async {
        await turn?.value
    }

    public func interrupt() async {
        turn?.cancel()
    }

    public func switchModel(_ model: String) async throws {
        let from = "\(options.provider.displayName)/\(options.model)"
        if let slash = model.firstIndex(of: "/"), let p = ProviderID(userInput: String(model[..<slash])) {
            options.provider = p
            options.model = String(model[model.index(after: slash)...])
        } else {
            options.model = model
        }
        emit(.modelSwitched(from: from, to: "\(options.provider.displayName)/\(options.model)", reason: "chosen by you"))
    }

    public func status() async -> SessionStatus {
        SessionStatus(sessionId: options.sessionId, provider: options.provider, model: options.model,
                      profileId: currentProfile[options.provider], reasoningEffort: options.reasoningEffort,
                      busy: turn != nil)
    }

    public func close() async {
        turn?.cancel()
        await turn?.value
        continuation.finish()
    }

    private func emit(_ e: EngineEvent) {
        transcript?.record(event: e)
        for o in observers { o(e) }
        continuation.yield(e)
    }

    // MARK: the turn loop

    private func runTurn() async {
        var usage = Usage()
        var step = 0
        defer { turn = nil }
        while step < options.maxSteps {
            step += 1
            let outcome = await runStep(step, usage: &usage)
            switch outcome {
            case .failed(let message):
                emit(.error(message))
                emit(.turnDone(summary(.failed, usage, step)))
                return
            case .interrupted:
                emit(.notice("interrupted"))
                emit(.turnDone(summary(.interrupted, usage, step)))
                return
            case .finished(let calls):
                if calls.isEmpty {
                    emit(.turnDone(summary(.completed, usage, step)))
                    return
                }
                let results = await runTools(calls)
                if Task.isCancelled {
                    append(Message(role: .user, parts: results.map { .toolResult($0) }))
                    emit(.notice("interrupted"))
                    emit(.turnDone(summary(.interrupted, usage, step)))
                    return
                }
                append(Message(role: .user, parts: results.map { .toolResult($0) }))
            }
        }
        emit(.notice("stopped after \(options.maxSteps) model requests in one turn (MAX_STEPS); send a message to continue"))
        emit(.turnDone(summary(.stepLimit, usage, step)))
    }

    private func summary(_ o: TurnSummary.Outcome, _ u: Usage, _ steps: Int) -> TurnSummary {
        TurnSummary(outcome: o, usage: u, steps: steps, provider: options.provider.displayName, model: options.model)
    }

    private func runTools(_ calls: [ToolCall]) async -> [ToolResult] {
        var results: [ToolResult] = []
        for call in calls {
            if Task.isCancelled {
                results.append(ToolResult(callId: call.id, name: call.name, output: "interrupted by the user", isError: true))
                continue
            }
            emit(.toolCall(call))
            let cont = continuation
            let obs = observers
            let id = call.id
            let exec = await tools.execute(call) { chunk in
                let e = EngineEvent.toolOutput(callId: id, chunk: chunk)
                for o in obs { o(e) }
                cont.yield(e)
            }
            emit(.toolResult(exec.result, exitCode: exec.exitCode, durationMs: exec.durationMs))
            results.append(exec.result)
        }
        return results
    }

    enum StepOutcome {
        case finished([ToolCall])
        case failed(String)
        case interrupted
    }

    /// One model request, with retries on the same profile for transient failures and rotation to the next
    /// profile for rate limits and auth failures that happened before any output.
    private func runStep(_ step: Int, usage: inout Usage) async -> StepOutcome {
        let providerID = options.provider
        let provider: Provider
        do {
            provider = try providers.provider(for: providerID)
        } catch {
            return .failed(String(describing: error))
        }
        var candidates: [String?] = [nil]
        if providerID.needsCredential {
            do {
                var ids = try await credentials.profileIds(for: providerID)
                if let pinned = options.pinnedProfile { ids = ids.filter { $0 == pinned } }
                if let sticky = currentProfile[providerID], let i = ids.firstIndex(of: sticky) {
                    ids.remove(at: i)
                    ids.insert(sticky, at: 0)
                }
                guard !ids.isEmpty else {
                    return .failed("\(providerID.displayName): no login found — run `sx auth login --provider \(providerID.displayName)` (or `sx exec --provider demo` to try sx offline)")
                }
                candidates = ids
            } catch {
                return .failed(String(describing: error))
            }
        }
        var attempts: [String] = []
        var soonest: Date?
        var previous: String?
        for profileId in candidates {
            var retries = 0
            var refreshed = false
            while true {
                if Task.isCancelled { return .interrupted }
                var credential: ResolvedCredential?
                if let profileId {
                    do {
                        credential = try await credentials.credential(profileId: profileId, forceRefresh: refreshed)
                    } catch {
                        attempts.append("\(profileId): \(error)")
                        break
                    }
                    if let previous, previous != profileId {
                        emit(.profileSwitched(from: previous, to: profileId, reason: attempts.last ?? ""))
                    }
                    previous = profileId
                }
                emit(.requestStarted(provider: providerID, model: options.model, profileId: profileId, step: step))
                let request = ProviderRequest(model: options.model, systemPrompt: options.systemPrompt, messages: messages,
                                              tools: tools.specs, reasoningEffort: options.reasoningEffort,
                                              sessionId: options.sessionId)
                let result = await consume(provider.stream(request, credential: credential), profileId: profileId,
                                           usage: &usage)
                switch result {
                case .finished(let calls):
                    if let profileId { currentProfile[providerID] = profileId }
                    return .finished(calls)
                case .interrupted:
                    return .interrupted
                case .failed(let f, let partial):
                    if !partial.isEmpty {
                        append(Message(role: .assistant, parts: partial))
                        return .failed("\(f) — the reply was cut off; what arrived is kept above")
                    }
                    if f.retryable && retries < options.maxRetries {
                        retries += 1
                        let delay = options.retryBaseMs * (1 << (retries - 1))
                        let jitter = Int.random(in: 0...max(1, delay / 4))
                        emit(.notice("\(f.reason.rawValue): retrying (\(retries)/\(options.maxRetries))"))
                        try? await Task.sleep(nanoseconds: UInt64(delay + jitter) * 1_000_000)
                        continue
                    }
                    if f.reason == .auth, !refreshed, credential?.kind == .oauth {
                        refreshed = true
                        continue
                    }
                    let label = profileId ?? providerID.displayName
                    attempts.append("\(label): \(f)")
                    if let r = f.resetsAt { soonest = min(soonest ?? r, r) }
                    guard f.reason.rotates, options.pinnedProfile == nil else { return .failed(f.description) }
                }
                break
            }
        }
        if attempts.count == 1 { return .failed(attempts[0]) }
        var msg = "every profile failed:\n" + attempts.map { "  - \($0)" }.joined(separator: "\n")
        if let soonest { msg += "\n  soonest available: \(ProviderFailure.formatReset(soonest))" }
        return .failed(msg)
    }

    enum StreamResult {
        case finished([ToolCall])
        case failed(ProviderFailure, partial: [Part])
        case interrupted
    }

    /// Forwards one response's events and collects the assistant message it makes.
    private func consume(_ stream: AsyncThrowingStream<ProviderEvent, Error>, profileId: String?,
                         usage: inout Usage) async -> StreamResult {
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
                case .usage(let u): usage = usage + u; emit(.usage(u))
                case .rateLimits(let s): emit(.rateLimits(profileId: profileId, s))
                case .completed: break
                }
            }
        } catch let f as ProviderFailure {
            return .failed(f, partial: f.afterOutput && !text.isEmpty ? [.text(text)] : [])
        } catch is CancellationError {
            if !text.isEmpty { append(Message(role: .assistant, parts: [.text(text)])) }
            return .interrupted
        } catch {
            return .failed(ProviderFailure(reason: .unknown, provider: options.provider, message: "\(error)"), partial: [])
        }
        if Task.isCancelled {
            if !text.isEmpty { append(Message(role: .assistant, parts: [.text(text)])) }
            return .interrupted
        }
        if parts.isEmpty && !text.isEmpty { parts = [.text(text)] }
        append(Message(role: .assistant, parts: parts))
        return .finished(calls)
    }
}
