import Foundation
import SXCore
import SXProtocol
import SXTUI

/// Issue 18's search row: Ctrl+F and a word over a 100,000-line conversation (answers, and tool calls whose output
/// the screen folds away) until the frame that shows the first match (≤ 50 ms): every item's text scanned, the
/// match's item drawn and scrolled into view.
enum SearchBench {
    static func rows(runs: Int) -> [Row] { [firstMatchRow(runs: runs)] }

    /// 2,000 exchanges of 50 lines (an answer of 40 lines and a tool output of 10) = 100,000 lines, ~6 MB.
    static func conversation() -> AppState {
        var s = AppState(width: 120, height: 40, models: ["codex/gpt-5.5"])
        let answerLines = (0..<40).map { "line \($0) of an answer about parsing, rendering and the tool runner" }
        let outputLines = (0..<10).map { "src/file\($0).swift:12: let value = compute(\($0))" }
        for i in 0..<2_000 {
            let body =
                i == 137
                ? (answerLines + ["the needle is here"]).joined(separator: "\n") : answerLines.joined(separator: "\n")
            _ = Reducer.reduce(&s, .engine(.textDelta(body)))
            let call = ToolCall(id: "c\(i)", name: "shell", arguments: #"{"command":"grep -rn value src"}"#)
            _ = Reducer.reduce(&s, .engine(.toolCall(call)))
            _ = Reducer.reduce(
                &s,
                .engine(
                    .toolResult(
                        ToolResult(callId: call.id, name: "shell", output: outputLines.joined(separator: "\n")),
                        exitCode: 0, durationMs: 3)))
        }
        _ = Reducer.reduce(
            &s, .engine(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "", model: ""))))
        return s
    }

    static func firstMatchRow(runs: Int) -> Row {
        let base = conversation()
        let cache = RenderCache()
        var (_, scroll) = ScreenRenderer.render(base, cache: cache)
        var samples: [Double] = []
        for _ in 0..<max(runs, 5) {
            var s = base
            s.conversation.scroll = scroll
            let t = now()
            _ = Reducer.reduce(&s, .key(.ctrl("f")))
            _ = Reducer.reduce(&s, .key(.paste("needle")))
            let frame = ScreenRenderer.render(s, cache: cache)
            samples.append((now() - t) * 1000)
            scroll = base.conversation.scroll
            precondition(frame.buffer.textDump().contains("the needle is here"), "the match is not on screen")
        }
        return Row(
            name: "search: first match in a 100,000-line conversation, on screen", unit: "ms", samples: samples,
            budget: 50, higherIsBetter: false)
    }
}
