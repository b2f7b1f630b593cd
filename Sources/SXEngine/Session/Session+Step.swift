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
        mutating func add(_ line: String, until: Date? = nil) {
            lines.append(line)
            if let until { soonest = min(soonest ?? until, until) }
        }
    }

    /// One model request. The preferred model first, then `FALLBACK_MODELS`; within a model, its provider's
    /// profiles in order, skipping those cooling down without a request (auth-profiles.md).
    func runStep(_ step: Int, usage: inout Usage) async -> StepOutcome {
        let preferred = ModelTarget(provider: options.provider, model: options.model)
        var chain = [preferred]
        for f in options.fallbacks where !chain.contains(f) { chain.append(f) }
        var attempts = Attempts()
        var from = preferred
        var why = ""
        for (i, target) in chain.enumerated() {
            if i > 0 {
                emit(.modelSwitched(from: from.description, to: target.description, reason: why))
            } else if let last = lastServed, last != target {
                emit(.modelSwitched(from: last.description, to: target.description, reason: "the preferred model is available again"))
            }
            switch await tryModel(target, step: step, usage: &usage, attempts: &attempts) {
            case .done(let outcome):
                if case .finished = outcome { lastServed = target }
                return outcome
            case .exhausted(let reason):
                from = target
                why = reason
            }
        }
        if attempts.lines.count == 1 && attempts.soonest == nil { return .failed(attempts.lines[0]) }
        var msg = "nothing could answer:\n" + attempts.lines.map { "  - \($0)" }.joined(separator: "\n")
        if let soonest = attempts.soonest { msg += "\n  soonest available: \(ProviderFailure.formatReset(soonest))" }
        return .failed(msg)
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

    private func tryModel(_ target: ModelTarget, step: Int, usage: inout Usage, attempts: inout Attempts) async -> ModelOutcome {
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
                attempts.add("\(profileId): cooling down until \(ProviderFailure.formatReset(until))", until: until)
                blockedCount += 1
                continue
            }
            var retries = 0
            var refreshed = false
            profileLoop: while true {
                if Task.isCancelled { return .done(.interrupted) }
                var credential: ResolvedCredential?
                if let profileId {
                    do {
                        credential = try await credentials.credential(profileId: profileId, forceRefresh: refreshed)
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
                let request = ProviderRequest(model: target.model, systemPrompt: options.systemPrompt, messages: messages,
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
                    if let profileId, [.rateLimit, .billing, .auth, .authPermanent].contains(f.reason),
                       !(f.reason == .auth && !refreshed && credential?.kind == .oauth) {
                        await credentials.recordFailure(profileId: profileId, reason: f.reason, until: f.resetsAt,
                                                        model: target.model)
                    }
                    if !partial.isEmpty {
                        // What arrived stays in the history; only a limit or a login problem is worth another
                        // profile (a plain drop would repeat the same answer).
                        append(Message(role: .assistant, parts: partial))
                        guard f.reason.rotates && f.reason != .timeout && options.pinnedProfile == nil else {
                            return .done(.failed("\(f) — the reply was cut off; what arrived is kept above"))
                        }
                        emit(.notice("the reply was cut off (\(f.reason.rawValue)); continuing on the next profile"))
                        attempts.add("\(profileId ?? target.description): \(f)", until: f.resetsAt)
                        break profileLoop
                    }
                    if f.retryable && retries < options.maxRetries {
                        retries += 1
                        let delay = options.retryBaseMs * (1 << (retries - 1))
                        let jitter = Int.random(in: 0...max(1, delay / 4))
                        emit(.notice("\(f) — retrying (\(retries)/\(options.maxRetries))"))
                        try? await Task.sleep(nanoseconds: UInt64(delay + jitter) * 1_000_000)
                        continue profileLoop
                    }
                    if f.reason == .auth, !refreshed, credential?.kind == .oauth {
                        refreshed = true
                        continue profileLoop
                    }
                    attempts.add("\(profileId ?? target.description): \(f)", until: f.resetsAt)
                    guard f.reason.rotates else { return .done(.failed(f.description)) }
                    if options.pinnedProfile != nil && target.provider == options.provider {
                        return .exhausted(reason: "the pinned profile failed: \(f.reason.rawValue)")
                    }
                    break profileLoop
                }
            }
        }
        if blockedCount == ids.count {
            return .exhausted(reason: "every \(target.provider.displayName) profile is cooling down")
        }
        return .exhausted(reason: "every \(target.provider.displayName) profile failed (\(attempts.lines.last ?? ""))")
    }
}
