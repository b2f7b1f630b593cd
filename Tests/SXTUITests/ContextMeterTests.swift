import Foundation
import SXCore
import SXProtocol
import Testing
@testable import SXTUI

/// The context meter, `/compact`, and the compaction line with its summary behind Ctrl+O.
@Suite struct ContextMeterTests {
    func state(width: Int = 120, height: Int = 30) -> AppState {
        var s = AppState(width: width, height: height, models: ["gpt-5.5"])
        s.chrome.now = Date(timeIntervalSince1970: 1_000_000)
        return s
    }

    func screen(_ s: AppState) -> String { ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump() }

    @Test func theMeterFallsAsTheWindowFillsAndIsColouredByWhatIsLeft() {
        var s = state()
        #expect(!screen(s).contains("context left"), "nothing until the engine says")
        _ = Reducer.reduce(&s, .engine(.context(ContextUsage(tokens: 25_840, window: 258_400))))
        #expect(screen(s).contains("90% context left"))
        _ = Reducer.reduce(&s, .engine(.context(ContextUsage(tokens: 240_000, window: 258_400))))
        #expect(screen(s).contains("8% context left"))
        #expect(
            StatusBar.meterToken(8) == .error && StatusBar.meterToken(20) == .warning
                && StatusBar.meterToken(90) == .textMuted)
        // The status pane gives the numbers and the session's totals.
        _ = Reducer.reduce(&s, .engine(.usage(Usage(inputTokens: 1200, cachedInputTokens: 1000, outputTokens: 40))))
        _ = Reducer.reduce(&s, .engine(.usage(Usage(inputTokens: 1300, cachedInputTokens: 1100, outputTokens: 60))))
        let pane = StatusPane.content(s, width: 60).map(\.plainText)
        #expect(pane.contains("context  8% left (240k of 258k)"))
        #expect(pane.contains("session  in 2.5k · cached 2.1k · out 100"))
        #expect(!pane.contains { $0.hasPrefix("cost") }, "no price, no estimate")
        _ = Reducer.reduce(
            &s, .engine(.context(ContextUsage(tokens: 240_000, window: 258_400, sessionCostUSD: 0.4213))))
        #expect(StatusPane.content(s, width: 60).map(\.plainText).contains("cost     ~$0.42 (estimate, list prices)"))
    }

    @Test func compactSendsItsFocusAndTheLineShowsTheSummaryOnCtrlO() {
        var s = state()
        for ch in "/compact focus on the tests" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)) == [.compact(focus: "focus on the tests")])
        #expect(s.engine.busy)
        for ch in "/compact" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)).isEmpty, "not while one runs")
        _ = Reducer.reduce(
            &s, .engine(.compacted(CompactionReport(before: 182_000, after: 21_000, summary: "Goal: parser tests"))))
        _ = Reducer.reduce(
            &s,
            .engine(
                .turnDone(
                    TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5.5"))))
        #expect(!s.engine.busy)
        #expect(screen(s).contains("context compacted: 182k → 21k tokens  (Ctrl+O shows the summary)"))
        #expect(!screen(s).contains("Goal: parser tests"))
        _ = Reducer.reduce(&s, .key(.ctrl("o")))
        #expect(screen(s).contains("│ Goal: parser tests"))
    }

    @Test func contextAsksTheSessionAndTheTableReadsWell() {
        var s = state()
        for ch in "/context" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)) == [.showContext])
        let b = ContextBreakdown(
            parts: [
                .init("system prompt", 2_100), .init("tools", 900), .init("conversation", 40_000),
                .init("tool outputs", 96)
            ],
            usage: ContextUsage(tokens: 43_096, window: 258_400))
        #expect(
            b.table.split(separator: "\n").map(String.init) == [
                "context of 258k tokens (estimates):",
                "system prompt      2k  <1%",
                "tools             900  <1%",
                "conversation      40k  15%",
                "tool outputs       96  <1%",
                "total             43k  16% · 84% left"
            ])
    }

    @Test func aResumedCompactedSessionShowsTheEarlierMessagesAboveAMark() {
        var s = state()
        let status = SessionStatus(sessionId: "r1", provider: .openaiCodex, model: "gpt-5.5")
        _ = Reducer.reduce(
            &s,
            .sessionReplaced(
                status, history: [.user("[summary]"), .user("now")], notice: "resumed r1",
                earlier: [.user("long ago"), Message(role: .assistant, parts: [.text("an old answer")])]))
        let kinds = s.conversation.items.map(\.kind)
        #expect(kinds.first == .user("long ago"))
        #expect(kinds.contains(.notice(Reducer.compactedMark, .info)))
        let mark = kinds.firstIndex(of: .notice(Reducer.compactedMark, .info))!
        #expect(
            kinds.firstIndex(of: .user("now"))! > mark
                && kinds.firstIndex(of: .assistant("an old answer", streaming: false))! < mark)
    }
}

/// A long session's screen lets go of what came before the previous compaction (issue 16: the screen's memory for
/// the compacted part is released), with the tool log entries of those calls.
@Suite struct ReleaseAfterCompactionTests {
    @Test func theSecondCompactionReleasesWhatCameBeforeTheFirst() {
        var s = AppState(models: [])
        func turn(_ n: Int) {
            _ = Reducer.reduce(&s, .engine(.toolCall(ToolCall(id: "c\(n)", name: "shell", arguments: "{}"))))
            _ = Reducer.reduce(
                &s,
                .engine(
                    .toolResult(ToolResult(callId: "c\(n)", name: "shell", output: "ok"), exitCode: 0, durationMs: 1)))
            _ = Reducer.reduce(&s, .engine(.textDelta("answer \(n)")))
        }
        let report = CompactionReport(before: 9_000, after: 1_000, summary: "s")
        turn(1)
        _ = Reducer.reduce(&s, .engine(.compacted(report)))
        turn(2)
        #expect(s.toolLog.entries.count == 2)
        _ = Reducer.reduce(&s, .engine(.compacted(report)))
        turn(3)
        let texts = s.conversation.items.map { "\($0.kind)" }
        #expect(!texts.contains { $0.contains("answer 1") })
        #expect(texts.contains { $0.contains("answer 2") })
        #expect(texts.first?.contains("compacted twice") == true)
        #expect(s.toolLog.entries.map(\.callId) == ["c2", "c3"])
    }
}
