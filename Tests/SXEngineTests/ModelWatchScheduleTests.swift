import Foundation
import SXCore
import SXAuth
import Testing
@testable import SXEngine

@Suite struct ModelWatchScheduleTests {
    /// Codex profiles a and b cooling down until t0+300 and t0+900; Anthropic as the fallback (an API key).
    func setUp(_ clock: ManualClock) throws -> (ModelWatchSchedule, UsageHome) {
        let t0 = clock.now()
        let usage =
            #"{"openai-codex:a":{"cooldownUntil":\#(t0.addingTimeInterval(300).epochMillis),"cooldownReason":"rate_limit"},"openai-codex:b":{"cooldownUntil":\#(t0.addingTimeInterval(900).epochMillis),"cooldownReason":"rate_limit"}}"#
        let home = try UsageHome(clock: clock, names: ["a", "b"], extraUsage: usage)
        try home.store.update { doc in
            doc.setProfile("anthropic:k", AuthProfile.apiKeyObject(provider: .anthropic, key: "sk-ant-0000000000001"))
        }
        let priority = [
            ModelRef(provider: .openaiCodex, model: "gpt-5.5"),
            ModelRef(provider: .anthropic, model: "claude-sonnet-4-5")
        ]
        let watcher = ModelWatcher(priority: priority, stateFile: home.paths.modelSwitch)
        return (
            ModelWatchSchedule(
                watcher: watcher, store: home.store, interval: 600, clock: clock, startingFrom: "codex/gpt-5.5"), home
        )
    }

    @Test func checksAtStartEveryIntervalAndWhenACooldownEnds() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_893_000_000))
        let t0 = clock.now()
        let (schedule, home) = try setUp(clock)

        // At start every Codex profile is cooling down: the effective model is the fallback, announced once.
        let first = try #require(await schedule.tick())
        #expect(first.effective == "anthropic/claude-sonnet-4-5" && first.usable)
        #expect(first.changed == "model: codex/gpt-5.5 → anthropic/claude-sonnet-4-5")
        #expect(
            ModelWatcher(priority: [], stateFile: home.paths.modelSwitch).lastEffective()
                == "anthropic/claude-sonnet-4-5")
        // The next check is due when a's cooldown ends (t0+300), not after the 600 s interval.
        #expect(await schedule.nextCheckAt() == t0.addingTimeInterval(300))
        for _ in 0..<299 {
            clock.advance(by: 1)
            #expect(await schedule.tick() == nil)
        }
        clock.advance(by: 1)
        let back = try #require(await schedule.tick())
        #expect(back.effective == "codex/gpt-5.5")
        #expect(back.changed == "model: anthropic/claude-sonnet-4-5 → codex/gpt-5.5")
        // b's cooldown ends at t0+900, sooner than t0+300+600: a check then, silent because nothing changed.
        #expect(await schedule.nextCheckAt() == t0.addingTimeInterval(900))
        clock.set(t0.addingTimeInterval(900))
        let quiet = try #require(await schedule.tick())
        #expect(quiet.changed == nil && quiet.effective == "codex/gpt-5.5")
        // Nothing blocked any more: the plain interval.
        #expect(await schedule.nextCheckAt() == t0.addingTimeInterval(1500))
    }

    @Test func everythingBlockedNamesTheModelFreeFirst() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_893_000_000))
        let home = try UsageHome(
            clock: clock, names: ["a"],
            extraUsage: #"{"openai-codex:a":{"cooldownUntil":\#(clock.now().addingTimeInterval(120).epochMillis)}}"#)
        let watcher = ModelWatcher(
            priority: [ModelRef(provider: .openaiCodex, model: "gpt-5.5")], stateFile: home.paths.modelSwitch)
        let schedule = ModelWatchSchedule(watcher: watcher, store: home.store, interval: 600, clock: clock)
        let r = try #require(await schedule.tick())
        #expect(!r.usable && r.freeAt == clock.now().addingTimeInterval(120))
        #expect(r.changed == nil, "still the model the session started on")
    }
}
