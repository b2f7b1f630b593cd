import SXCore
import Foundation
import SXAuth

extension Session {
    enum StepOutcome {
        case finished([ToolCall])
        case failed(String)
        case interrupted
    }

    /// One model request, failing over as `FailoverPlan` decides (docs/protocol/profiles.md#rotation-and-fallback):
    /// the session only reads what the plan asks for, carries out its attempts and reports how they failed.
    func runStep(_ step: Int, usage: inout Usage) async -> StepOutcome {
        let preferred = ModelRef(provider: options.provider, model: options.model)
        var plan = FailoverPlan(
            chain: FailoverPlan.chain(preferred: preferred, fallbacks: options.fallbacks),
            pin: options.pinnedProfile.map { .profile($0) } ?? .auto, sticky: currentProfile,
            nearLimit: nearLimit, rotateAtPercent: options.rotateAtPercent,
            lastServed: lastServed, policy: options.retryPolicy)
        while true {
            switch plan.next(now: Date()) {
            case .announce(let event):
                emit(event)
            case .dropSticky(let provider, let notice):
                currentProfile[provider] = nil
                emit(.notice(notice))
            case .read(let target):
                plan.learn(await candidates(target), for: target)
            case .attempt(let attempt):
                if let outcome = await execute(attempt, step: step, usage: &usage, plan: &plan) {
                    if case .finished = outcome { lastServed = attempt.target }
                    return outcome
                }
            case .wait(let until, let notice):
                emit(.notice(notice))
                guard await pause(until: until, reason: "rate limited") else { return .interrupted }
            case .stop(let message):
                return .failed(message)
            }
        }
    }

    /// What the plan needs to know of a model's provider: whether it is there, and its profiles' blocks for it.
    private func candidates(_ target: ModelRef) async -> Candidates {
        do {
            _ = try providers.provider(for: target.provider)
        } catch {
            return .unavailable("\(error)")
        }
        guard target.provider.needsCredential else { return .open }
        let ids: [String]
        do {
            ids = try await credentials.profileIds(for: target.provider)
        } catch {
            return .unreadable(String(describing: error))
        }
        var profiles: [CandidateProfile] = []
        for id in ids {
            let until = await credentials.blockedUntil(profileId: id, model: target.model)
            let limited =
                until != nil ? await credentials.rateLimitedUntil(profileId: id, model: target.model) != nil : false
            profiles.append(CandidateProfile(id, blockedUntil: until, rateLimited: limited))
        }
        return .profiles(profiles)
    }
}
