import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

/// Near-limit switching, the kinds of failure, and what happens when nothing is left (DECISIONS 26).
@Suite struct FailoverPlanLimitTests {
    typealias D = FailoverDriver
    let now = FailoverDriver.now
    let abc: Candidates = .profiles(["a", "b", "c"].map { CandidateProfile("openai-codex:\($0)") })

    func failure(_ reason: FailureReason, _ status: Int, in seconds: TimeInterval? = nil) -> ProviderFailure {
        var f = ProviderFailure(
            reason: reason, provider: .openaiCodex, status: status, message: "m",
            resetsAt: seconds.map { now.addingTimeInterval($0) })
        f.usageLimit = reason == .rateLimit
        return f
    }

    @Test func aStickyProfileNearItsLimitGoesLastAndIsForgottenOnce() {
        var plan = FailoverPlan(
            chain: [D.codex, D.codexMini], sticky: [.openaiCodex: "openai-codex:a"],
            nearLimit: ["openai-codex:a"], rotateAtPercent: 90)
        var d = D([D.codex: abc, D.codexMini: abc]) { _ in .request(failure(.rateLimit, 429, in: 7200)) }
        d.run(&plan)
        #expect(
            Array(d.attempts.prefix(3)) == [
                "openai-codex:b@gpt-5.5", "openai-codex:c@gpt-5.5", "openai-codex:a@gpt-5.5"
            ])
        let drops = d.steps.filter { if case .dropSticky = $0 { true } else { false } }
        #expect(
            drops == [
                .dropSticky(
                    .openaiCodex, notice: "openai-codex:a is at 90% or more of its limit; moving to openai-codex:b")
            ])
        #expect(plan.sticky.isEmpty)
    }

    @Test func theStickyProfileGoesFirstAndNearLimitOnlyReordersWhileAnotherIsLeft() {
        let ids = abc
        guard case .profiles(let list) = ids else { return }
        func order(sticky: String?, near: Set<String>) -> [String] {
            FailoverPlan.order(list, pinned: nil, sticky: sticky, nearLimit: near).profiles.map(\.id)
        }
        #expect(order(sticky: "openai-codex:c", near: []) == ["openai-codex:c", "openai-codex:a", "openai-codex:b"])
        #expect(order(sticky: nil, near: ["openai-codex:a"]) == ["openai-codex:b", "openai-codex:c", "openai-codex:a"])
        let all: Set = ["openai-codex:a", "openai-codex:b", "openai-codex:c"]
        #expect(order(sticky: "openai-codex:b", near: all) == ["openai-codex:b", "openai-codex:a", "openai-codex:c"])
        #expect(!FailoverPlan.order(list, pinned: nil, sticky: "openai-codex:b", nearLimit: all).leftSticky)
        #expect(
            !FailoverPlan.order(list, pinned: nil, sticky: "openai-codex:b", nearLimit: ["openai-codex:a"]).leftSticky)
    }

    @Test func eachKindOfFailureRotatesOrStopsAsItsClassSays() {
        let policy = RetryPolicy()
        func decide(_ f: ProviderFailure, _ tried: RetryPolicy.Tried = .init(), pinned: Bool = false)
            -> RetryPolicy.Action
        {
            policy.afterFailure(f, tried: tried, oauth: true, pinned: pinned, now: now)
        }
        // An unknown model fails the same on every profile: the step ends, no other profile is asked.
        #expect(decide(failure(.modelNotFound, 404)) == .fail)
        #expect(decide(failure(.format, 400)) == .fail)
        // A login first gets one forced refresh, then the next profile.
        #expect(decide(failure(.auth, 401)) == .refresh)
        #expect(decide(failure(.auth, 401), .init(refreshed: true)) == .rotate)
        var overloaded = failure(.overloaded, 529)
        overloaded.retryable = true
        #expect(decide(overloaded) == .retry(after: 0.2, rateLimited: false))
        #expect(decide(overloaded, .init(transient: 3)) == .rotate)
        #expect(decide(failure(.rateLimit, 429, in: 30)) == .rotate)
        #expect(decide(failure(.rateLimit, 429, in: 30), pinned: true) == .nextModel)
    }

    /// Where one profile failing with `f` leaves the step.
    func end(after f: ProviderFailure) -> FailoverPlan.Step {
        var plan = FailoverPlan(chain: [D.codex])
        var d = D([D.codex: .profiles([CandidateProfile("openai-codex:a")])]) { _ in .request(f) }
        return d.run(&plan)
    }

    @Test func onlyARateLimitWithAnEndIsWaitedFor() {
        guard case .wait(let until, let notice) = end(after: failure(.rateLimit, 429, in: 30)) else {
            Issue.record("a 30 s limit is waited for")
            return
        }
        #expect(until == now.addingTimeInterval(30))
        #expect(
            notice.hasPrefix(
                "nothing can answer until a limit resets (openai-codex:a: codex: rate limited (HTTP 429): m"))
        #expect(notice.hasSuffix("; retrying in 30s"))
        #expect(end(after: failure(.auth, 401)) == .stop("openai-codex:a: codex: authentication failed (HTTP 401): m"))
        #expect(
            end(after: failure(.overloaded, 529)) == .stop("openai-codex:a: codex: provider overloaded (HTTP 529): m"))
        guard case .stop(let far) = end(after: failure(.rateLimit, 429, in: 3600)) else {
            Issue.record("an hour's limit is not waited for")
            return
        }
        #expect(far.contains("soonest available: 2027-01-15 09:00 UTC"))
    }

    @Test func whenEverythingIsCoolingTheSoonestRateLimitIsWaitedForThenTried() {
        let blocks: Candidates = .profiles([
            CandidateProfile("openai-codex:a", blockedUntil: now.addingTimeInterval(40), rateLimited: true),
            CandidateProfile("openai-codex:b", blockedUntil: now.addingTimeInterval(20), rateLimited: true),
            // A billing block ends sooner but is never waited out.
            CandidateProfile("openai-codex:c", blockedUntil: now.addingTimeInterval(5), rateLimited: false)
        ])
        var plan = FailoverPlan(chain: [D.codex])
        var d = D([D.codex: blocks])
        guard case .wait(let until, _) = d.run(&plan) else { Issue.record("no wait"); return }
        #expect(until == now.addingTimeInterval(20))
        #expect(d.attempts.isEmpty)
        d.run(&plan, now: until)
        #expect(d.attempts == ["openai-codex:b@gpt-5.5"])
    }

    @Test func everythingCoolingForLongStopsWithEachAttemptAndTheSoonestTime() {
        let blocks: Candidates = .profiles([
            CandidateProfile("openai-codex:a", blockedUntil: now.addingTimeInterval(7200), rateLimited: true),
            CandidateProfile("openai-codex:b", blockedUntil: now.addingTimeInterval(600), rateLimited: false)
        ])
        var plan = FailoverPlan(chain: [D.codex])
        var d = D([D.codex: blocks])
        guard case .stop(let message) = d.run(&plan) else { Issue.record("no stop"); return }
        #expect(message.contains("  - openai-codex:a: cooling down until 2027-01-15 10:00 UTC"))
        #expect(message.contains("  - openai-codex:b: cooling down until 2027-01-15 08:10 UTC"))
        #expect(message.hasSuffix("soonest available: 2027-01-15 08:10 UTC (in 10m0s)"))
    }

    @Test func waitsAreBoundedAndRetriesSurviveThem() {
        var plan = FailoverPlan(chain: [D.codex])
        plan.retries["openai-codex:a"] = RetryPolicy.Tried(rateLimit: 4)
        var d = D([D.codex: .profiles([CandidateProfile("openai-codex:a")])]) { _ in
            .request(failure(.rateLimit, 429, in: 1))
        }
        var ends: [FailoverPlan.Step] = []
        var t = now
        for _ in 0..<4 {
            let step = d.run(&plan, now: t)
            ends.append(step)
            if case .wait(let until, _) = step { t = until }
        }
        #expect(ends.prefix(3).allSatisfy { if case .wait = $0 { true } else { false } })
        guard case .stop = ends[3] else { Issue.record("the fourth pass must stop: \(ends[3])"); return }
        #expect(d.attempts.count == 4)
        #expect(plan.waits == 3)
        #expect(plan.retries["openai-codex:a"]?.rateLimit == 4)

        var off = FailoverPlan(chain: [D.codex], policy: RetryPolicy(waitMax: 0))
        var once = D([D.codex: .profiles([CandidateProfile("openai-codex:a")])]) { _ in
            .request(failure(.rateLimit, 429, in: 1))
        }
        guard case .stop = once.run(&off) else { Issue.record("RETRY_WAIT_MAX=0 never waits"); return }
    }
}
