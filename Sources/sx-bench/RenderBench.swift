import Foundation
import SXProtocol
import SXTUI

/// Frame render time in process: `ScreenRenderer` draws `AppState` into the cell grid (everything a frame costs
/// before ncurses is told which cells changed), at 120x40 with a conversation of 1k, 10k and 100k source lines.
/// Two frames that happen all the time: after a one-line item is appended (following the bottom), and after a
/// scroll by three lines in the middle of the history.
enum RenderBench {
    /// A conversation of about `lines` source lines: a one-line user prompt, then a markdown answer of nine lines
    /// (a heading, prose, a list and a code block), over and over.
    static func state(lines: Int) -> AppState {
        var s = AppState(width: 120, height: 40, models: ["codex/gpt-5.5"])
        var id = 1
        var n = 0
        while n < lines {
            s.conversation.items.append(
                ConversationItem(id: id, kind: .user("question \(id): how does the parser find line ends?")))
            id += 1
            let answer = """
                ### Answer \(id)
                The parser scans raw bytes with `memchr` and builds **one String per event**, so a long reply costs little.
                - it copies only lines that straddle a chunk boundary
                - it keeps the event name between events
                ```swift
                let n = memchr(base + i, 0x0A, count - i)
                ```
                That is why the throughput stays high even for tiny deltas.
                """
            s.conversation.items.append(ConversationItem(id: id, kind: .assistant(answer, streaming: false)))
            id += 1
            n += 10
        }
        s.conversation.nextItemId = id
        return s
    }

    static func rows(runs: Int) -> [Row] {
        var rows: [Row] = []
        let frames = max(60, runs * 20)
        for lines in [1_000, 10_000, 100_000] {
            var st = state(lines: lines)
            let cache = RenderCache()
            let t0 = now()
            var (_, scroll) = ScreenRenderer.render(st, cache: cache)
            let first = (now() - t0) * 1000
            st.conversation.scroll = scroll
            var append: [Double] = []
            for i in 0..<frames {
                st.conversation.items.append(
                    ConversationItem(id: st.conversation.nextItemId, kind: .user("one more line \(i)")))
                st.conversation.nextItemId += 1
                let t = now()
                (_, scroll) = ScreenRenderer.render(st, cache: cache)
                append.append((now() - t) * 1000)
                st.conversation.scroll = scroll
            }
            // Scroll to the middle, then three lines up per frame.
            st.conversation.scroll.pendingLines = -lines / 2
            (_, scroll) = ScreenRenderer.render(st, cache: cache)
            st.conversation.scroll = scroll
            var scrolled: [Double] = []
            for _ in 0..<frames {
                st.conversation.scroll.pendingLines = -3
                let t = now()
                (_, scroll) = ScreenRenderer.render(st, cache: cache)
                scrolled.append((now() - t) * 1000)
                st.conversation.scroll = scroll
            }
            let label = lines >= 1000 ? "\(lines / 1000)k" : "\(lines)"
            rows.append(
                Row(
                    name: "TUI frame, \(label)-line history: after append", unit: "ms", samples: append, budget: 2,
                    higherIsBetter: false))
            rows.append(
                Row(
                    name: "TUI frame, \(label)-line history: after scroll", unit: "ms", samples: scrolled, budget: 2,
                    higherIsBetter: false))
            rows.append(
                Row(
                    name: "TUI frame, \(label)-line history: first (cold)", unit: "ms", samples: [first], budget: nil,
                    higherIsBetter: false))
        }
        rows.append(streamingRow(runs: runs))
        return rows
    }

    /// Issue 18's keystroke row, in process: while an 80 KB answer streams after a 1k-line history, each batch of
    /// about 1 KB of deltas is reduced and a frame drawn (what the app does between two keys at most). A key that
    /// arrives mid-frame waits for this frame and then its own.
    static func streamingRow(runs: Int) -> Row {
        var st = state(lines: 1_000)
        let cache = RenderCache()
        var (_, scroll) = ScreenRenderer.render(st, cache: cache)
        st.conversation.scroll = scroll
        let words = "streaming markdown with lists and `code` keeps the composer **responsive** while text arrives"
            .split(separator: " ")
        var text = "## Streaming\n\n"
        var i = 0
        while text.utf8.count < 80_000 {
            text += (0..<12).map { String(words[($0 + i) % words.count]) }.joined(separator: " ") + ".\n"
            if i % 7 == 6 { text += "\n" }
            i += 1
        }
        var samples: [Double] = []
        for _ in 0..<max(1, runs / 3) {
            _ = Reducer.reduce(
                &st, .engine(.requestStarted(provider: .openaiCodex, model: "gpt-5.5", profileId: nil, step: 1)))
            var rest = Substring(text)
            while !rest.isEmpty {
                let chunk = rest.prefix(1_000)
                rest = rest.dropFirst(chunk.count)
                _ = Reducer.reduce(&st, .engine(.textDelta(String(chunk))))
                let t = now()
                (_, scroll) = ScreenRenderer.render(st, cache: cache)
                samples.append((now() - t) * 1000)
                st.conversation.scroll = scroll
            }
            _ = Reducer.reduce(
                &st,
                .engine(
                    .turnDone(
                        TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5.5"))
                ))
        }
        return Row(
            name: "TUI frame while an 80 KB answer streams (1 KB per frame)", unit: "ms", samples: samples, budget: 8,
            higherIsBetter: false)
    }
}
