import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

/// The order of attempts, one rule at a time (docs/protocol/profiles.md#which-profile-is-tried and
/// #rotation-and-fallback). Candidates are given as the store would answer; the time is fixed.
@Suite struct FailoverPlanTests {
    typealias D = FailoverDriver
    let now = FailoverDriver.now

    func usageLimit(_ provider: ProviderID = .openaiCodex, in seconds: TimeInterval = 3600) -> AttemptFailure {
        var f = ProviderFailure(
            reason: .rateLimit, provider: provider, status: 429, message: "usage limit",
            resetsAt: now.addingTimeInterval(seconds))
        f.usageLimit = true
        return .request(f)
    }

    func profiles(_ names: String..., provider: ProviderID = .openaiCodex) -> Candidates {
        .profiles(names.map { CandidateProfile("\(provider.rawValue):\($0)") })
    }

    @Test func theChainIsThePreferredModelThenTheFallbacksEachOnce() {
        #expect(
            FailoverPlan.chain(preferred: D.codex, fallbacks: [D.claude, D.codex, D.gemini, D.claude])
                == [D.codex, D.claude, D.gemini])
    }

    @Test func everyProfileOfAModelIsTriedInTheStoresOrderBeforeTheNextModel() {
        var plan = FailoverPlan(chain: [D.codex, D.claude])
        var d = D([D.codex: profiles("a", "b", "c"), D.claude: profiles("k", provider: .anthropic)]) { a in
            a.profileId == "anthropic:k" ? nil : usageLimit()
        }
        d.run(&plan)
        #expect(
            d.attempts == [
                "openai-codex:a@gpt-5.5", "openai-codex:b@gpt-5.5", "openai-codex:c@gpt-5.5",
                "anthropic:k@claude-sonnet-4-5"
            ])
        let switches = d.announcements.compactMap { e -> String? in
            if case .modelSwitched(let from, let to, let why) = e { "\(from) → \(to): \(why)" } else { nil }
        }
        #expect(switches.count == 1)
        #expect(
            switches.first?.hasPrefix(
                "codex/gpt-5.5 → anthropic/claude-sonnet-4-5: every codex profile failed (openai-codex:c: codex: rate limited"
            ) == true)
    }

    @Test func aProfileSwitchWithinAModelIsAnnouncedWithTheFailureThatCausedIt() {
        var plan = FailoverPlan(chain: [D.codex])
        let a = FailoverAttempt(target: D.codex, profileId: "openai-codex:a")
        let b = FailoverAttempt(target: D.codex, profileId: "openai-codex:b")
        #expect(plan.started(a) == nil)
        #expect(plan.started(a) == nil, "a refresh of the same profile is no switch")
        plan.failed(a, .credential("openai-codex:a: the refresh token was revoked"))
        #expect(
            plan.started(b)
                == .profileSwitched(
                    from: "openai-codex:a", to: "openai-codex:b",
                    reason: "openai-codex:a: the refresh token was revoked"))
    }

    @Test func aCoolingProfileIsSkippedWithoutARequestAndUsedOnceItsCooldownEnds() {
        let until = now.addingTimeInterval(600)
        let cooling: Candidates = .profiles([
            CandidateProfile("openai-codex:a", blockedUntil: until, rateLimited: true),
            CandidateProfile("openai-codex:b")
        ])
        var plan = FailoverPlan(chain: [D.codex])
        var d = D([D.codex: cooling])
        d.run(&plan)
        #expect(d.attempts == ["openai-codex:b@gpt-5.5"])
        #expect(plan.log.lines == ["openai-codex:a: cooling down until 2027-01-15 08:10 UTC (in 10m0s)"])

        var later = FailoverPlan(chain: [D.codex])
        var after = D([D.codex: cooling])
        after.run(&later, now: until.addingTimeInterval(1))
        #expect(after.attempts == ["openai-codex:a@gpt-5.5"])
    }

    @Test func thePreferredModelIsAnnouncedWhenItServesAgain() {
        var plan = FailoverPlan(chain: [D.codex, D.claude], lastServed: D.claude)
        var d = D([D.codex: profiles("a")])
        d.run(&plan)
        #expect(
            d.announcements == [
                .modelSwitched(
                    from: "anthropic/claude-sonnet-4-5", to: "codex/gpt-5.5",
                    reason: "the preferred model is available again")
            ])
        #expect(d.attempts == ["openai-codex:a@gpt-5.5"])
    }

    @Test func aModelWhoseProviderHasNoProfilesIsSkippedWithoutARequest() {
        var plan = FailoverPlan(chain: [D.codex, D.claude, D.router])
        var d = D([D.codex: profiles("a"), D.claude: .profiles([]), D.router: .open]) { a in
            a.target == D.codex ? usageLimit() : nil
        }
        d.run(&plan)
        #expect(d.attempts == ["openai-codex:a@gpt-5.5", "router/local"])
        #expect(
            plan.log.lines.last?.hasPrefix(
                "anthropic/claude-sonnet-4-5: no login found — run `sx auth login --provider anthropic`") == true)
        #expect(
            d.announcements.last
                == .modelSwitched(
                    from: "anthropic/claude-sonnet-4-5", to: "router/local",
                    reason: "no anthropic login"))
    }

    @Test func aProviderMissingFromTheBuildIsSkippedAndAnUnreadableStoreStops() {
        var plan = FailoverPlan(chain: [D.gemini, D.codex])
        var d = D([D.gemini: .unavailable("provider google is not available"), D.codex: .unreadable("bad store")])
        #expect(d.run(&plan) == .stop("bad store"))
        #expect(d.attempts.isEmpty)
        #expect(plan.log.lines == ["google/gemini-3.5-flash: provider google is not available"])
        #expect(plan.next(now: now) == .stop("bad store"))
    }

    @Test func noAttemptIsMadeTwiceInOnePass() {
        // A store `order` naming a profile twice; the same profile on another model is another attempt.
        var plan = FailoverPlan(chain: [D.codex, D.codexMini])
        var d = D([D.codex: profiles("a", "a", "b"), D.codexMini: profiles("a")]) { _ in usageLimit(in: 7200) }
        guard case .stop = d.run(&plan) else { Issue.record("the plan did not stop"); return }
        #expect(d.attempts == ["openai-codex:a@gpt-5.5", "openai-codex:b@gpt-5.5", "openai-codex:a@gpt-5.4-mini"])
        #expect(plan.tried.count == 3)
    }

    @Test func aPinnedProfileIsTheOnlyOneTriedAndItsFailureMovesToTheNextModel() {
        var plan = FailoverPlan(chain: [D.codex, D.claude], pin: .profile("openai-codex:b"))
        var d = D([D.codex: profiles("a", "b", "c"), D.claude: profiles("k", "l", provider: .anthropic)]) { a in
            a.profileId == "anthropic:l" ? nil : usageLimit(a.target.provider)
        }
        d.run(&plan)
        // The pin binds its own provider only: the fallback rotates as usual.
        #expect(
            d.attempts == ["openai-codex:b@gpt-5.5", "anthropic:k@claude-sonnet-4-5", "anthropic:l@claude-sonnet-4-5"])
        #expect(plan.isPinned(D.codex) && !plan.isPinned(D.claude))
        #expect(
            d.announcements == [
                .modelSwitched(
                    from: "codex/gpt-5.5", to: "anthropic/claude-sonnet-4-5",
                    reason: "the pinned profile failed: rate_limit")
            ])
    }

    @Test func aPinnedProfileThatIsCoolingDownEndsTheStepWithItsCooldown() {
        let until = now.addingTimeInterval(3600)
        var plan = FailoverPlan(chain: [D.codex], pin: .profile("openai-codex:b"))
        var d = D([
            D.codex: .profiles([
                CandidateProfile("openai-codex:a"),
                CandidateProfile("openai-codex:b", blockedUntil: until)
            ])
        ])
        let end = d.run(&plan)
        #expect(d.attempts.isEmpty)
        #expect(
            end
                == .stop(
                    "nothing could answer:\n  - openai-codex:b: cooling down until 2027-01-15 09:00 UTC (in 1h0m)"
                        + "\n  soonest available: 2027-01-15 09:00 UTC (in 1h0m)"))
    }

    @Test func aPinnedProfileWithoutALoginSaysHowToLogIn() {
        var plan = FailoverPlan(chain: [D.codex], pin: .profile("openai-codex:gone"))
        var d = D([D.codex: profiles("a")])
        guard case .stop(let message) = d.run(&plan) else { Issue.record("no stop"); return }
        #expect(message.hasPrefix("codex/gpt-5.5: no login found — run `sx auth login --provider codex`"))
        #expect(d.attempts.isEmpty)
    }
}
