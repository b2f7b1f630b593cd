import Foundation
import SXCore
import SXAuth

extension Session {
    enum CompactionReason: Equatable {
        /// The history passed `AUTO_COMPACT_PERCENT` of the model's usable window.
        case threshold
        /// The next model (a fallback, or one the user chose) has a window the history does not fit.
        case smallerWindow
        /// The server refused the request as too long.
        case overflow
        /// `/compact`, with what the user wants the summary to keep.
        case requested(focus: String?)
    }

    /// Why the history must be compacted before a request to `target`, if it must.
    func compactionReason(for target: ModelRef, window: ContextWindow, overflowed: Bool) -> CompactionReason? {
        if overflowed { return .overflow }
        if let focus = pendingCompaction { return .requested(focus: focus) }
        ledger.sync(messages)
        let tokens = ledger.tokens
        let limit = options.autoCompactPercent.map { window.threshold(percent: $0) } ?? window.usable
        guard tokens >= limit else { return nil }
        // Over this model's limit but not the preferred model's: the window is what changed.
        let preferred = ModelRef(provider: options.provider, model: options.model)
        if target != preferred {
            let home = ContextWindow(capabilities(preferred))
            let homeLimit = options.autoCompactPercent.map { home.threshold(percent: $0) } ?? home.usable
            if tokens < homeLimit { return .smallerWindow }
        }
        return .threshold
    }

    /// One summary request to the attempt's model (same credential, the session's tools offered but not wanted) and,
    /// when it gives a usable summary, the history rebuilt around it. Nil when the step goes on (compacted, or the
    /// history kept with a notice saying why); a failure or an interruption of the summary request ends it as a
    /// failed request would.
    func compact(
        _ reason: CompactionReason, _ a: FailoverAttempt, provider: any Provider,
        credential: ResolvedCredential?, caps: ModelCapabilities, usage: inout Usage
    ) async -> StreamResult? {
        if case .requested = reason { pendingCompaction = nil }
        let window = ContextWindow(caps)
        ledger.sync(messages)
        let before = ledger.tokens
        let split = Compaction.split(messages)
        guard split.tailStart > 0 else {
            if case .requested = reason { emit(.notice("nothing to compact yet")) }
            return nil
        }
        if compactionsWithoutRoom >= Self.compactionBreaker {
            return .failed(
                ProviderFailure(
                    reason: .context, provider: a.target.provider,
                    message:
                        "\(Self.compactionBreaker) compactions in a row left the conversation too long for \(a.target.model) "
                        + "(\(CompactionReport.k(before)) tokens, window \(CompactionReport.k(window.usable))); start a new session (/new)"
                ),
                partial: [])
        }
        let focus: String? = if case .requested(let f) = reason { f } else { nil }
        let prompt = Message.user(Compaction.prompt(focus: focus))
        // Room for the summary itself: up to 16k tokens, less on a small window.
        let reserve = min(caps.maxOutputTokens, 16_000, window.usable / 4)
        let room = window.usable - ledger.fixed - TokenEstimate.message(prompt) - reserve
        let input =
            Compaction.input(Array(messages[..<split.tailStart]), budget: max(room, window.usable / 4)) + [prompt]
        emit(.notice("compacting the conversation (\(Self.describe(reason, a.target, before, window)))"))
        let request = ProviderRequest(
            model: a.target.model, systemPrompt: options.systemPrompt,
            context: options.systemContext, messages: input, tools: tools.specs,
            reasoningEffort: effort(options.reasoningEffort, caps),
            sessionId: options.sessionId, capabilities: caps)
        let summary: String
        switch await collectSummary(
            provider.stream(request, credential: credential), profileId: a.profileId,
            usage: &usage)
        {
        case .failure(let f): return .failed(f, partial: [])
        case .interrupted: return .interrupted
        case .summary(let text): summary = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let limit = window.usable * Compaction.summaryMaxPercent / 100
        if summary.isEmpty || TokenEstimate.text(summary) > limit {
            let why =
                summary.isEmpty
                ? "the summary came back empty" : "the summary was longer than \(CompactionReport.k(limit)) tokens"
            emit(.notice("\(why); the conversation is kept as it was"))
            compactionsWithoutRoom += 1
            return nil
        }
        replaceHistory(
            Compaction.rebuilt(
                messages, split: split, summary: summary,
                keptBudget: Compaction.keptUserTokens(window)))
        let after = ledger.tokens
        let threshold = options.autoCompactPercent.map { window.threshold(percent: $0) } ?? window.usable
        compactionsWithoutRoom = after < threshold ? 0 : compactionsWithoutRoom + 1
        emit(.compacted(CompactionReport(before: before, after: after, summary: summary)))
        emit(.context(ContextUsage(tokens: after, window: window.usable, sessionCostUSD: costUSD)))
        return nil
    }

    enum SummaryResult {
        case summary(String)
        case failure(ProviderFailure)
        case interrupted
    }

    /// Reads a summary reply without showing it as an answer: only usage and rate limits go out.
    private func collectSummary(
        _ stream: AsyncThrowingStream<ProviderEvent, Error>, profileId: String?,
        usage: inout Usage
    ) async -> SummaryResult {
        var text = ""
        do {
            for try await event in stream {
                switch event {
                case .textDelta(let d): text += d
                case .usage(let u):
                    usage = usage + u
                    addCost(u)
                    emit(.usage(u))
                case .rateLimits(let s): observe(s, profileId: profileId)
                case .thinkingDelta, .outputItem, .toolCall, .completed: break
                }
            }
        } catch let f as ProviderFailure {
            return .failure(f)
        } catch is CancellationError {
            return .interrupted
        } catch {
            return .failure(ProviderFailure(reason: .unknown, provider: options.provider, message: "\(error)"))
        }
        return Task.isCancelled ? .interrupted : .summary(text)
    }

    /// The history replaced by a compacted one; the transcript records it as a checkpoint to resume from.
    func replaceHistory(_ history: [Message]) {
        messages = history
        transcript?.recordCompaction(history)
        checkpoints?.forgetPromptIndexes()
        ledger.reset()
        ledger.sync(messages)
    }

    /// Three compactions in a row that leave the history over the limit stop the turn instead of looping.
    static let compactionBreaker = 3

    static func describe(_ r: CompactionReason, _ target: ModelRef, _ tokens: Int, _ w: ContextWindow) -> String {
        let k = CompactionReport.k
        return switch r {
        case .threshold: "\(k(tokens)) of \(k(w.usable)) tokens used"
        case .smallerWindow: "\(k(tokens)) tokens do not fit \(target.model)'s window of \(k(w.usable))"
        case .overflow: "\(target.provider.displayName) refused it as too long for \(target.model)"
        case .requested: "asked for"
        }
    }

    public func contextBreakdown() async -> ContextBreakdown {
        var history = 0, outputs = 0, images = 0
        for m in messages {
            history += TokenEstimate.perMessage
            for p in m.parts {
                switch p {
                case .toolResult(let r):
                    outputs += TokenEstimate.text(r.output) + 8
                    images += r.images.count * TokenEstimate.perImage
                case .image: images += TokenEstimate.perImage
                default: history += TokenEstimate.part(p)
                }
            }
        }
        let tools = TokenEstimate.tools(self.tools.specs)
        var parts: [ContextBreakdown.Part] = [
            .init("system prompt", TokenEstimate.text(options.systemPrompt)),
            .init("AGENTS.md and workspace", TokenEstimate.text(options.systemContext)),
            .init("tools", tools), .init("conversation", history), .init("tool outputs", outputs)
        ]
        if images > 0 { parts.append(.init("images", images)) }
        ledger.sync(messages)
        let window = ContextWindow(capabilities(ModelRef(provider: options.provider, model: options.model)))
        return ContextBreakdown(parts: parts, usage: ContextUsage(tokens: ledger.tokens, window: window.usable))
    }

    /// Tells the front end how full `target`'s window is now.
    func reportContext(_ target: ModelRef) {
        ledger.sync(messages)
        emit(
            .context(
                ContextUsage(
                    tokens: ledger.tokens, window: ContextWindow(capabilities(target)).usable,
                    sessionCostUSD: costUSD)))
    }

    /// Adds a response's cost at the list price of the model in flight.
    func addCost(_ u: Usage) {
        guard let target = inFlightTarget, let c = PriceTable.cost(u, on: target) else { return }
        costUSD = (costUSD ?? 0) + c
    }
}
