import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

/// The failover decisions, one rule at a time.
@Suite struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = RetryPolicy()

    func limit(in seconds: TimeInterval?, usage: Bool = false) -> ProviderFailure {
        var f = ProviderFailure(
            reason: .rateLimit, provider: .openaiCodex, status: 429, message: "slow down",
            resetsAt: seconds.map { now.addingTimeInterval($0) })
        f.usageLimit = usage
        return f
    }

    func decide(
        _ f: ProviderFailure, _ tried: RetryPolicy.Tried = .init(), oauth: Bool = true, pinned: Bool = false,
        policy: RetryPolicy? = nil
    ) -> RetryPolicy.Action {
        (policy ?? self.policy).afterFailure(f, tried: tried, oauth: oauth, pinned: pinned, now: now)
    }

    @Test func aShortHintIsWaitedForOnTheSameProfile() {
        #expect(decide(limit(in: 1.5)) == .retry(after: 1.5, rateLimited: true))
        #expect(decide(limit(in: 10)) == .retry(after: 10, rateLimited: true))
    }

    @Test func noHintBacksOffExponentiallyFromOneSecond() {
        let delays = (0..<4).map { n in decide(limit(in: nil), RetryPolicy.Tried(rateLimit: n)) }
        #expect(delays == [1, 2, 4, 8].map { .retry(after: $0, rateLimited: true) })
        // A reset already past is no time at all: the same backoff.
        #expect(decide(limit(in: -30)) == .retry(after: 1, rateLimited: true))
        #expect(
            policy.afterFailure(limit(in: nil), tried: .init(), oauth: true, pinned: false, now: now, jitter: 0.25)
                == .retry(after: 1.25, rateLimited: true))
    }

    @Test func afterFourRetriesTheLimitIsACooldown() {
        #expect(decide(limit(in: 1), RetryPolicy.Tried(rateLimit: 4)) == .rotate)
        #expect(decide(limit(in: 1), RetryPolicy.Tried(rateLimit: 4), pinned: true) == .nextModel)
    }

    @Test func aFarResetOrAUsageQuotaIsACooldownAtOnce() {
        #expect(decide(limit(in: 11)) == .rotate)
        #expect(decide(limit(in: 17000)) == .rotate)
        #expect(decide(limit(in: 1, usage: true)) == .rotate)
        #expect(decide(limit(in: nil, usage: true)) == .rotate)
    }

    @Test func retryWaitMaxBoundsEveryWaitAndZeroTurnsThemOff() {
        var off = policy
        off.waitMax = 0
        #expect(decide(limit(in: 1.5), policy: off) == .rotate)
        #expect(decide(limit(in: nil), policy: off) == .rotate)
        var short = policy
        short.waitMax = 5
        #expect(decide(limit(in: 6), policy: short) == .rotate)
        #expect(
            decide(limit(in: nil), RetryPolicy.Tried(rateLimit: 3), policy: short)
                == .retry(after: 5, rateLimited: true))
    }

    @Test func transientFailuresKeepTheirOwnBackoff() {
        let drop = ProviderFailure(reason: .timeout, provider: .openaiCodex, message: "reset", retryable: true)
        #expect(decide(drop) == .retry(after: 0.2, rateLimited: false))
        #expect(decide(drop, RetryPolicy.Tried(transient: 2)) == .retry(after: 0.8, rateLimited: false))
        #expect(decide(drop, RetryPolicy.Tried(transient: 3)) == .rotate)
    }

    @Test func authRefreshesOnceForOAuth() {
        let auth = ProviderFailure(reason: .auth, provider: .openaiCodex, status: 401, message: "expired")
        #expect(decide(auth) == .refresh)
        #expect(decide(auth, RetryPolicy.Tried(refreshed: true)) == .rotate)
        #expect(decide(auth, oauth: false) == .rotate)
    }

    @Test func requestErrorsFailTheTurn() {
        for reason in [FailureReason.format, .modelNotFound, .unknown] {
            #expect(
                decide(ProviderFailure(reason: reason, provider: .openaiCodex, status: 400, message: "bad")) == .fail)
        }
    }

    @Test func aCutOffReplyMovesOnOnlyForALimitOrALogin() {
        #expect(policy.afterCutOff(limit(in: 1), pinned: false) == .rotate)
        #expect(policy.afterCutOff(limit(in: 1), pinned: true) == .fail)
        #expect(
            policy.afterCutOff(
                ProviderFailure(reason: .timeout, provider: .openaiCodex, message: "drop", retryable: true),
                pinned: false) == .fail)
    }

    @Test func onlyFailuresThatMoveOnAreRecorded() {
        #expect(!RetryPolicy.records(limit(in: 1), .retry(after: 1, rateLimited: true)))
        #expect(RetryPolicy.records(limit(in: 1), .rotate))
        #expect(RetryPolicy.records(limit(in: 1), .fail))
        #expect(!RetryPolicy.records(ProviderFailure(reason: .auth, provider: .openaiCodex, message: "x"), .refresh))
        #expect(!RetryPolicy.records(ProviderFailure(reason: .timeout, provider: .openaiCodex, message: "x"), .rotate))
    }

    @Test func theChainWaitsForTheSoonestWithinWhatIsLeft() {
        let soon = now.addingTimeInterval(12)
        #expect(policy.afterChain(soonest: soon, waited: 0, waits: 0, now: now) == .wait(until: soon))
        #expect(
            policy.afterChain(soonest: now.addingTimeInterval(60), waited: 0, waits: 0, now: now)
                == .wait(until: now.addingTimeInterval(60)))
        #expect(policy.afterChain(soonest: now.addingTimeInterval(61), waited: 0, waits: 0, now: now) == .giveUp)
        // Waits of one step add up to RETRY_WAIT_MAX at most, and there are three at most.
        #expect(policy.afterChain(soonest: soon, waited: 50, waits: 1, now: now) == .giveUp)
        #expect(policy.afterChain(soonest: soon, waited: 3, waits: 3, now: now) == .giveUp)
        // A reset just past (clocks differ, the reply took time) is a try at once; one long past is no time at all.
        #expect(
            policy.afterChain(soonest: now.addingTimeInterval(-1), waited: 0, waits: 0, now: now) == .wait(until: now))
        #expect(policy.afterChain(soonest: now.addingTimeInterval(-86400), waited: 0, waits: 0, now: now) == .giveUp)
        // Nothing known or waits off: the step fails as before.
        #expect(policy.afterChain(soonest: nil, waited: 0, waits: 0, now: now) == .giveUp)
        var off = policy
        off.waitMax = 0
        #expect(off.afterChain(soonest: soon, waited: 0, waits: 0, now: now) == .giveUp)
    }

    @Test func waitsReadAsPeopleSayThem() {
        #expect(RetryPolicy.format(1.5) == "1.5s")
        #expect(RetryPolicy.format(1) == "1s")
        #expect(RetryPolicy.format(0.02) == "0.1s")
        #expect(RetryPolicy.format(12.2) == "13s")
        #expect(RetryPolicy.format(125) == "2m5s")
    }
}
