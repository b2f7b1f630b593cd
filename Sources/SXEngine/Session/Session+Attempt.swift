import Foundation
import SXAuth
import SXCore

extension Session {
    /// Carries out one attempt of the plan: its credential, the request, and the same-profile retries and refresh
    /// `RetryPolicy` allows. Nil when the step goes on (the failure is in the plan), else how the step ended.
    func execute(
        _ a: FailoverAttempt, step: Int, usage: inout Usage,
        plan: inout FailoverPlan
    ) async -> StepOutcome? {
        let provider: any Provider
        do {
            provider = try providers.provider(for: a.target.provider)
        } catch {
            return .failed("\(error)")
        }
        var tried = plan.retries[a.who] ?? RetryPolicy.Tried()
        defer { plan.retries[a.who] = tried }
        var forceRefresh = false
        // A request refused as too long is compacted and sent again once; a second refusal ends the step.
        var overflowed = false, replayedAfterOverflow = false
        while true {
            if Task.isCancelled { return .interrupted }
            var credential: ResolvedCredential?
            if let profileId = a.profileId {
                do {
                    credential = try await credentials.credential(profileId: profileId, forceRefresh: forceRefresh)
                    forceRefresh = false
                } catch {
                    plan.failed(a, .credential(String(describing: error)))
                    return nil
                }
                if let switched = plan.started(a) { emit(switched) }
            }
            let result = await request(
                a, provider: provider, credential: credential, step: step, overflowed: overflowed,
                usage: &usage)
            overflowed = false
            // The usage windows the response reported go to the store in the same write as the outcome's mark.
            let seen = a.profileId.flatMap { observedLimits.removeValue(forKey: $0) }
            switch result {
            case .finished(let calls):
                if let profileId = a.profileId {
                    currentProfile[a.target.provider] = profileId
                    await credentials.recordSuccess(profileId: profileId, rateLimits: seen)
                }
                return .finished(calls)
            case .interrupted:
                await recordRateLimits(a, seen)
                return .interrupted
            case .failed(let f, let partial) where f.reason == .context && partial.isEmpty && !replayedAfterOverflow:
                await recordRateLimits(a, seen)
                overflowed = true
                replayedAfterOverflow = true
                continue
            case .failed(let f, let partial):
                let action: RetryPolicy.Action
                if partial.isEmpty {
                    action = options.retryPolicy.afterFailure(
                        f, tried: tried, oauth: credential?.kind == .oauth, pinned: plan.isPinned(a.target),
                        now: Date(), jitter: Double.random(in: 0...0.25))
                } else {
                    // What arrived stays in the history (a plain drop would repeat the same answer).
                    append(Message(role: .assistant, parts: partial))
                    action = options.retryPolicy.afterCutOff(f, pinned: options.pinnedProfile != nil)
                }
                if let profileId = a.profileId, RetryPolicy.records(f, action) {
                    await credentials.recordFailure(
                        profileId: profileId, reason: f.reason, until: f.resetsAt,
                        model: a.target.model, rateLimits: seen)
                } else {
                    await recordRateLimits(a, seen)
                }
                switch action {
                case .retry(let delay, false):
                    tried.transient += 1
                    emit(.notice("\(f) — retrying (\(tried.transient)/\(options.maxRetries))"))
                    try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                case .retry(let delay, true):
                    tried.rateLimit += 1
                    var shown = f
                    shown.resetsAt = nil
                    emit(
                        .notice(
                            "\(a.who): \(shown) — retrying in \(RetryPolicy.format(delay)) "
                                + "(\(tried.rateLimit)/\(options.rateLimitRetries))"))
                    guard await pause(until: Date().addingTimeInterval(delay), reason: "rate limited") else {
                        return .interrupted
                    }
                case .refresh:
                    tried.refreshed = true
                    forceRefresh = true
                case .rotate, .nextModel:
                    if !partial.isEmpty {
                        emit(.notice("the reply was cut off (\(f.reason.rawValue)); continuing on the next profile"))
                    }
                    plan.failed(a, .request(f))
                    return nil
                case .fail:
                    guard partial.isEmpty else {
                        return .failed("\(f) — the reply was cut off; what arrived is kept above")
                    }
                    return .failed(f.description)
                }
            }
        }
    }

    /// One request of the attempt, its stream forwarded; the usage windows it reported wait in `observedLimits`.
    private func request(
        _ a: FailoverAttempt, provider: any Provider, credential: ResolvedCredential?, step: Int,
        overflowed: Bool, usage: inout Usage
    ) async -> StreamResult {
        let target = a.target
        let caps = capabilities(target)
        inFlightTarget = target
        // MCP tools join and leave while the session runs: the window estimate counts what this request offers.
        let specs = tools.specs
        ledger.fixed =
            TokenEstimate.text(options.systemPrompt + options.systemContext) + TokenEstimate.tools(specs)
        if let reason = compactionReason(for: target, window: ContextWindow(caps), overflowed: overflowed),
            let ended = await compact(reason, a, provider: provider, credential: credential, caps: caps, usage: &usage)
        {
            return ended
        }
        if compactOnly { return .finished([]) }
        emit(.requestStarted(provider: target.provider, model: target.model, profileId: a.profileId, step: step))
        inFlightMessages = messages.count
        let request = ProviderRequest(
            model: target.model, systemPrompt: options.systemPrompt,
            context: options.systemContext, messages: messages,
            tools: ToolOffer.specs(
                specs, applyPatch: caps.applyPatch, freeformTools: a.target.provider == .openaiCodex),
            reasoningEffort: effort(options.reasoningEffort, caps),
            sessionId: options.sessionId, capabilities: caps)
        let result = await consume(
            provider.stream(request, credential: credential), profileId: a.profileId,
            usage: &usage)
        reportContext(target)
        return result
    }

    /// The usage windows of a response whose outcome marks nothing in the store.
    private func recordRateLimits(_ a: FailoverAttempt, _ seen: RateLimitSnapshot?) async {
        if let profileId = a.profileId, let seen {
            await credentials.recordRateLimits(profileId: profileId, snapshot: seen)
        }
    }
}
