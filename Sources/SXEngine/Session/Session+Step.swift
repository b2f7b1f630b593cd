import Foundation
import SXAuth

extension Session {
    enum StepOutcome {
        case finished([ToolCall])
        case failed(String)
        case interrupted
    }

    /// What trying one model of the chain came to.
    enum ModelOutcome {
        case done(StepOutcome)
        /// Every profile was blocked or failed in a way another model may not: move down the chain.
        case exhausted(reason: String)
    }

    /// Failure bookkeeping gathered over one step, for the final message when everything fails.
    struct Attempts {
        var lines: [String] = []
        var soonest: Date?
        /// The soonest end of a rate limit: the only block worth waiting for (not a login or billing problem).
        var soonestLimit: Date?
        mutating func add(_ line: String, until: Date? = nil, rateLimited: Bool = false) {
            lines.append(line)
            if let until { soonest = min(soonest ?? until, until) }
            if let until, rateLimited { soonestLimit = min(soonestLimit ?? until, until) }
        }

        /// The turn's error when nothing could answer: each attempt, and when something is free again.
        var failureMessage: String {
            if lines.count == 1 && soonest == nil { return lines[0] }
            var msg = "nothing could answer:\n" + lines.map { "  - \($0)" }.joined(separator: "\n")
            if let soonest { msg += "\n  soonest available: \(ProviderFailure.formatReset(soonest))" }
            return msg
        }
    }

    /// One model request. The preferred model first, then `FALLBACK_MODELS`; within a model, its provider's
    /// profiles in order, skipping those cooling down without a request
    /// (docs/protocol/profiles.md#rotation-and-fallback). When nothing is left and the soonest rate-limited
    /// candidate is free within `RETRY_WAIT_MAX`, it waits for it and goes round again.
    func runStep(_ step: Int, usage: inout Usage) async -> StepOutcome {
        let policy = options.retryPolicy
        var waited: TimeInterval = 0
        var waits = 0
        // What each profile already went through in this step, kept across waits: a limit that keeps coming back
        // is not backed off four more times after each wait.
        var tried: [String: RetryPolicy.Tried] = [:]
        while true {
            var attempts = Attempts()
            if let outcome = await runChain(step, usage: &usage, attempts: &attempts, tried: &tried) { return outcome }
            let now = Date()
            switch policy.afterChain(soonest: attempts.soonestLimit, waited: waited, waits: waits, now: now) {
            case .giveUp:
                return .failed(attempts.failureMessage)
            case .wait(let until):
                let delay = until.timeIntervalSince(now)
                emit(.notice("nothing can answer until a limit resets (\(attempts.lines.last ?? "rate limited")); "
                             + "retrying in \(RetryPolicy.format(delay))"))
                guard await pause(until: until, reason: "rate limited") else { return .interrupted }
                waits += 1
                waited += delay
            }
        }
    }

    /// The chain once: an outcome, or nil when every candidate was cooling down or failed over.
    private func runChain(_ step: Int, usage: inout Usage, attempts: inout Attempts,
                          tried: inout [String: RetryPolicy.Tried]) async -> StepOutcome? {
        let preferred = ModelTarget(provider: options.provider, model: options.model)
        var chain = [preferred]
        for f in options.fallbacks where !chain.contains(f) { chain.append(f) }
        var from = preferred
        var why = ""
        for (i, target) in chain.enumerated() {
            if i > 0 {
                emit(.modelSwitched(from: from.description, to: target.description, reason: why))
            } else if let last = lastServed, last != target {
                emit(.modelSwitched(from: last.description, to: target.description, reason: "the preferred model is available again"))
            }
            switch await tryModel(target, step: step, usage: &usage, attempts: &attempts, tried: &tried) {
            case .done(let outcome):
                if case .finished = outcome { lastServed = target }
                return outcome
            case .exhausted(let reason):
                from = target
                why = reason
            }
        }
        return nil
    }

    private func candidates(_ target: ModelTarget) async throws -> [String?] {
        guard target.provider.needsCredential else { return [nil] }
        var ids = try await credentials.profileIds(for: target.provider)
        if let pinned = options.pinnedProfile, target.provider == options.provider { ids = ids.filter { $0 == pinned } }
        if let sticky = currentProfile[target.provider], let i = ids.firstIndex(of: sticky) {
            ids.remove(at: i)
            ids.insert(sticky, at: 0)
        }
        // Proactive rotation: a profile close to its limit goes last while another one is available.
        let near = ids.filter { nearLimit.contains($0) }
        if !near.isEmpty && near.count < ids.count {
            ids = ids.filter { !nearLimit.contains($0) } + near
            if let sticky = currentProfile[target.provider], near.contains(sticky) {
                currentProfile[target.provider] = nil
                emit(.notice("\(sticky) is at \(options.rotateAtPercent)% or more of its limit; moving to \(ids[0])"))
            }
        }
        return ids
    }

    private func tryModel(_ target: ModelTarget, step: Int, usage: inout Usage, attempts: inout Attempts,
                          tried stepTried: inout [String: RetryPolicy.Tried]) async -> ModelOutcome {
        let provider: Provider
        do {
            provider = try providers.provider(for: target.provider)
        } catch {
            attempts.add("\(target): \(error)")
            return .exhausted(reason: "\(error)")
        }
        let ids: [String?]
        do {
            ids = try await candidates(target)
        } catch {
            return .done(.failed(String(describing: error)))
        }
        guard !ids.isEmpty else {
            attempts.add("\(target): no login found — run `sx auth login --provider \(target.provider.displayName)` (or `sx exec --provider demo` to try sx offline)")
            return .exhausted(reason: "no \(target.provider.displayName) login")
        }
        var previous: String?
        var blockedCount = 0
        let now = Date()
        for profileId in ids {
            if let profileId, let until = await credentials.blockedUntil(profileId: profileId, model: target.model), until > now {
                let limited = await credentials.rateLimitedUntil(profileId: profileId, model: target.model) != nil
                attempts.add("\(profileId): cooling down until \(ProviderFailure.formatReset(until))", until: until,
                             rateLimited: limited)
                blockedCount += 1
                continue
            }
            let key = profileId ?? target.description
            var tried = stepTried[key] ?? RetryPolicy.Tried()
            defer { stepTried[key] = tried }
            var forceRefresh = false
            profileLoop: while true {
                if Task.isCancelled { return .done(.interrupted) }
                var credential: ResolvedCredential?
                if let profileId {
                    do {
                        credential = try await credentials.credential(profileId: profileId, forceRefresh: forceRefresh)
                        forceRefresh = false
                    } catch {
                        // Credential errors name their profile already.
                        let text = String(describing: error)
                        attempts.add(text.hasPrefix(profileId) ? text : "\(profileId): \(text)")
                        break profileLoop
                    }
                    if let previous, previous != profileId {
                        emit(.profileSwitched(from: previous, to: profileId, reason: attempts.lines.last ?? ""))
                    }
                    previous = profileId
                }
                emit(.requestStarted(provider: target.provider, model: target.model, profileId: profileId, step: step))
                let caps = capabilities(target)
                let request = ProviderRequest(model: target.model, systemPrompt: options.systemPrompt,
                                              context: options.systemContext, messages: messages,
                                              tools: tools.specs, reasoningEffort: effort(options.reasoningEffort, caps),
                                              sessionId: options.sessionId, capabilities: caps)
                let result = await consume(provider.stream(request, credential: credential), profileId: profileId,
                                           usage: &usage)
                if let profileId, let seen = observedLimits.removeValue(forKey: profileId) {
                    await credentials.recordRateLimits(profileId: profileId, snapshot: seen)
                }
                switch result {
                case .finished(let calls):
                    if let profileId {
                        currentProfile[target.provider] = profileId
                        await credentials.recordSuccess(profileId: profileId)
                    }
                    return .done(.finished(calls))
                case .interrupted:
                    return .done(.interrupted)
                case .failed(let f, let partial):
                    let who = profileId ?? target.description
                    let action: RetryPolicy.Action
                    if partial.isEmpty {
                        action = options.retryPolicy.afterFailure(
                            f, tried: tried, oauth: credential?.kind == .oauth,
                            pinned: options.pinnedProfile != nil && target.provider == options.provider,
                            now: Date(), jitter: Double.random(in: 0...0.25))
                    } else {
                        // What arrived stays in the history (a plain drop would repeat the same answer).
                        append(Message(role: .assistant, parts: partial))
                        action = options.retryPolicy.afterCutOff(f, pinned: options.pinnedProfile != nil)
                    }
                    if let profileId, RetryPolicy.records(f, action) {
                        await credentials.recordFailure(profileId: profileId, reason: f.reason, until: f.resetsAt,
                                                        model: target.model)
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
                        emit(.notice("\(who): \(shown) — retrying in \(RetryPolicy.format(delay)) "
                                     + "(\(tried.rateLimit)/\(options.rateLimitRetries))"))
                        guard await pause(until: Date().addingTimeInterval(delay), reason: "rate limited") else {
                            return .done(.interrupted)
                        }
                    case .refresh:
                        tried.refreshed = true
                        forceRefresh = true
                    case .rotate:
                        if !partial.isEmpty {
                            emit(.notice("the reply was cut off (\(f.reason.rawValue)); continuing on the next profile"))
                        }
                        attempts.add("\(who): \(f)", until: f.resetsAt, rateLimited: f.reason == .rateLimit)
                        break profileLoop
                    case .nextModel:
                        attempts.add("\(who): \(f)", until: f.resetsAt, rateLimited: f.reason == .rateLimit)
                        return .exhausted(reason: "the pinned profile failed: \(f.reason.rawValue)")
                    case .fail:
                        guard partial.isEmpty else {
                            return .done(.failed("\(f) — the reply was cut off; what arrived is kept above"))
                        }
                        return .done(.failed(f.description))
                    }
                }
            }
        }
        if blockedCount == ids.count {
            return .exhausted(reason: "every \(target.provider.displayName) profile is cooling down")
        }
        return .exhausted(reason: "every \(target.provider.displayName) profile failed (\(attempts.lines.last ?? ""))")
    }
}
