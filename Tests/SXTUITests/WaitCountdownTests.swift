import Foundation
import SXProtocol
import Testing
@testable import SXTUI

/// The rate-limit countdown in the status bar: shown while the engine waits, ticking with the clock, gone when the
/// wait ends or the turn is interrupted.
@Suite struct WaitCountdownTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func waiting(for seconds: TimeInterval) -> AppState {
        var s = AppState(width: 120, height: 30, models: ["gpt-5.5"])
        s.chrome.now = start
        for e: EngineEvent in [
            .requestStarted(provider: .openaiCodex, model: "gpt-5.5", profileId: "openai-codex:a", step: 1),
            .notice("openai-codex:a: codex: rate limited (HTTP 429): slow down — retrying in 12s (1/4)"),
            .waiting(until: start.addingTimeInterval(seconds), reason: "rate limited")
        ] {
            _ = Reducer.reduce(&s, .engine(e))
        }
        return s
    }

    func statusLine(_ s: AppState) -> String {
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        return dump.split(separator: "\n", omittingEmptySubsequences: false).last { $0.contains(" sx ") }.map(
            String.init) ?? ""
    }

    @Test func theStatusLineCountsDownEachSecond() {
        var s = waiting(for: 12)
        #expect(s.showsClock)
        #expect(statusLine(s).contains("● rate limited · retrying in 12s · Esc to stop"), "\(statusLine(s))")
        #expect(!statusLine(s).contains("working"))
        _ = Reducer.reduce(&s, .tick(start.addingTimeInterval(1)))
        #expect(statusLine(s).contains("retrying in 11s"))
        _ = Reducer.reduce(&s, .tick(start.addingTimeInterval(11.5)))
        #expect(statusLine(s).contains("retrying in 1s"))
        // Late ticks never count below zero.
        _ = Reducer.reduce(&s, .tick(start.addingTimeInterval(13)))
        #expect(statusLine(s).contains("retrying in 0s"))
        // The notice is in the conversation once; the countdown is not.
        let notices = s.conversation.items.filter {
            if case .notice(let t, _) = $0.kind { t.contains("retrying in") } else { false }
        }
        #expect(notices.count == 1)
    }

    @Test func theCountdownGoesWhenTheWaitEnds() {
        var s = waiting(for: 3)
        _ = Reducer.reduce(&s, .engine(.waitEnded))
        #expect(s.engine.wait == nil)
        #expect(!statusLine(s).contains("retrying in"))
        #expect(statusLine(s).contains("● working"))
    }

    @Test func escDuringAWaitInterruptsAndTheCountdownGoesWithTheTurn() {
        var s = waiting(for: 30)
        #expect(Reducer.reduce(&s, .key(.escape)) == [.interrupt])
        for e: EngineEvent in [
            .waitEnded, .notice("interrupted"),
            .turnDone(TurnSummary(outcome: .interrupted, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5.5"))
        ] {
            _ = Reducer.reduce(&s, .engine(e))
        }
        #expect(s.engine.wait == nil && !s.engine.busy)
        #expect(!statusLine(s).contains("retrying in") && !statusLine(s).contains("working"))
    }

    @Test func theTurnEndingClearsAWaitWhoseEndNeverCame() {
        var s = waiting(for: 30)
        _ = Reducer.reduce(
            &s,
            .engine(
                .turnDone(TurnSummary(outcome: .failed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5.5")))
        )
        #expect(s.engine.wait == nil)
        #expect(!statusLine(s).contains("retrying in"))
    }
}
