import Foundation

/// One conversation item → wrapped, styled lines (ending with a blank separator line).
enum ItemRenderer {
    /// Lines of a tool's output shown under an expanded call: enough to see what happened; the log has the rest.
    static let expandedToolLines = 8
    /// The last lines of a `!` command's output shown under it.
    static let userCommandLines = 20
    /// Source lines of thinking shown while it streams: enough to follow the train of thought.
    static let liveThinkingLines = 6

    /// The last `n` lines of `text`, found from the end.
    static func lastLines(_ text: Substring, _ n: Int) -> Substring {
        var start = text.endIndex
        var count = 0
        while start > text.startIndex {
            let before = text.index(before: start)
            if text[before] == "\n" {
                count += 1
                if count == n { break }
            }
            start = before
        }
        return text[start...]
    }

    /// Kinds that fold part of their text away (a search match inside opens it: `SearchState.reveals`).
    static func foldsText(_ item: ConversationItem) -> Bool {
        switch item.kind {
        case .tool, .thinking, .compaction: true
        case .user, .assistant, .notice: false
        }
    }

    static func lines(_ item: ConversationItem, state: AppState, width: Int, cache: RenderCache? = nil) -> [StyledLine]
    {
        let revealed = state.conversation.search?.reveals(item.id) == true
        var out: [StyledLine]
        switch item.kind {
        case .user(let text):
            let first = StyledLine("› ", Style(fg: .userMessage, .bold))
            out = []
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += LineWrapper.wrap(
                    StyledLine(String(line), Style(fg: .userMessage)), width: width,
                    first: n == 0 ? first : StyledLine("  "), rest: StyledLine("  "))
            }
        case .assistant(let text, let streaming):
            let shown = MarkdownStream.committed(text, finished: !streaming)
            let base = Style(fg: .assistantMessage), inner = max(4, width - 2)
            let indent = { (line: StyledLine) in line.isEmpty ? line : StyledLine([Span("  ")] + line.spans) }
            if streaming, let cache {
                var stream = cache.streams[item.id] ?? StreamCache(width: inner)
                out = MarkdownStream.renderIncrementally(shown, width: inner, base: base, cache: &stream, map: indent)
                cache.streams[item.id] = stream
            } else if let cache, var stream = cache.streams[item.id], stream.width == inner {
                // The answer just finished: what streamed is already rendered, so only the tail (the last line, a
                // held-back table) is new. Re-rendering an 80 KB answer from scratch here would hold its last line
                // back by a tenth of a second.
                out = MarkdownStream.renderIncrementally(shown, width: inner, base: base, cache: &stream, map: indent)
                cache.streams[item.id] = nil
            } else {
                cache?.streams[item.id] = nil
                out = MarkdownRenderer.render(String(shown), width: inner, base: base).map(indent)
            }
            while out.last?.isEmpty == true { out.removeLast() }
            if streaming && out.isEmpty { return [] }
        case .thinking(let text, let streaming, let collapsed):
            let style = Style(fg: .thinking, [.dim, .italic])
            if collapsed && !state.conversation.expandAll && !streaming && !revealed {
                let lineCount = text.split(separator: "\n").count
                out = [
                    StyledLine(
                        "▸ thinking (\(lineCount) line\(lineCount == 1 ? "" : "s"), Ctrl+O to show)",
                        Style(fg: .thinking, .dim))
                ]
            } else {
                out = [StyledLine(streaming ? "▾ thinking…" : "▾ thinking", Style(fg: .thinking, .dim))]
                let bar = StyledLine("  │ ", Style(fg: .border))
                var body = Substring(text)
                if streaming {
                    // Live thinking shows its last lines only: it stays a glance, and its cost per frame stays
                    // flat however long the model thinks.
                    body = lastLines(MarkdownStream.committed(text, finished: false), liveThinkingLines)
                    if body.startIndex > text.startIndex {
                        out.append(StyledLine([Span("  │ ", Style(fg: .border)), Span("…", style)]))
                    }
                }
                for line in body.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    out += LineWrapper.wrap(
                        InlineMarkdown.parse(String(line), base: style), width: width, first: bar, rest: bar)
                }
            }
        case .tool(let callId):
            out = toolLines(state.toolLog.entry(callId), state: state, width: width)
            if revealed, let entry = state.toolLog.entry(callId), let query = state.conversation.search?.query {
                out += matchingToolLines(entry, query: query, width: width)
            }
        case .compaction(let r):
            let token = ThemeToken.notice
            let hint = state.conversation.expandAll ? "" : "  (Ctrl+O shows the summary)"
            out = LineWrapper.wrap(
                StyledLine(r.line + hint, Style(fg: token)), width: width,
                first: StyledLine("— ", Style(fg: token, .bold)), rest: StyledLine("  "))
            if state.conversation.expandAll || revealed {
                let bar = StyledLine("  │ ", Style(fg: .border))
                for line in r.summary.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += LineWrapper.wrap(
                        InlineMarkdown.parse(String(line), base: Style(fg: .textMuted)), width: width,
                        first: bar, rest: bar)
                }
            }
        case .notice(let text, let level):
            let (mark, token): (String, ThemeToken) =
                switch level {
                case .info: ("— ", .notice)
                case .warning: ("! ", .warning)
                case .error: ("✗ ", .error)
                }
            // A multi-line notice (e.g. every attempt of a failed turn) keeps its lines, each wrapped on its own.
            out = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += LineWrapper.wrap(
                    StyledLine(String(line), Style(fg: token)), width: width,
                    first: i == 0 ? StyledLine(mark, Style(fg: token, .bold)) : StyledLine("  "),
                    rest: StyledLine("  "))
            }
        }
        out.append(StyledLine())
        return out
    }

    static func toolLines(_ entry: ToolLogEntry?, state: AppState, width: Int) -> [StyledLine] {
        guard let entry else { return [StyledLine("⋯ tool", Style(fg: .toolRunning))] }
        var line = StyledLine()
        let (icon, token) = statusMark(entry.status)
        line.append(icon + " ", Style(fg: token, .bold))
        line.append(entry.name, Style(fg: token, .bold))
        line.append(" ")
        // A running call says so rather than showing a timer: the item is cached until the call changes, and the
        // tool log pane carries the live clock.
        let suffix = entry.status == .running ? "running…" : durationText(entry, now: state.chrome.now)
        let argsBudget = max(0, width - line.width - CellWidth.of(suffix) - 1)
        line.spans += StyledLine(entry.argumentSummary, Style(fg: .textMuted)).truncated(to: argsBudget).spans
        line.append(" " + suffix, Style(fg: .textMuted, .dim))
        var out = [line.truncated(to: width)]
        if !entry.diffs.isEmpty {
            let total = entry.diffs.reduce(0) { $0 + DiffRenderer.bodyLineCount($1) }
            let full = state.conversation.expandAll || total <= DiffRenderer.inlineLimit
            for diff in entry.diffs {
                out.append(DiffRenderer.header(diff, hint: full ? "" : "(Ctrl+O shows the diff)").truncated(to: width))
                if full { out += DiffRenderer.lines(diff, width: width) }
            }
            return out
        }
        // The person's own `!` command shows its output: they ran it to see it.
        let own = entry.name == "!"
        if state.conversation.expandAll || entry.status == .running || own {
            let limit = own ? userCommandLines : state.conversation.expandAll ? expandedToolLines : 1
            let all = entry.output.split(separator: "\n", omittingEmptySubsequences: true)
            let tail = all.suffix(limit)
            let bar = StyledLine("  │ ", Style(fg: .border))
            if own, all.count > tail.count, entry.status != .running {
                out.append(
                    StyledLine(
                        bar.spans + [
                            Span(
                                "… \(all.count - tail.count) earlier lines: the tool log has them all",
                                Style(fg: .textMuted))
                        ]
                    ).truncated(to: width))
            }
            for l in tail {
                out.append(StyledLine(bar.spans + [Span(String(l), Style(fg: .textMuted, .dim))]).truncated(to: width))
            }
        }
        return out
    }

    /// Under a tool call holding the search's current match: the arguments in full and every output or diff line
    /// that matches (wrapped, so the match is on screen), since the call's own lines fold the output away.
    static func matchingToolLines(_ entry: ToolLogEntry, query: String, width: Int) -> [StyledLine] {
        let needle = TextSearch.Needle(query)
        let bar = StyledLine("  ⌕ ", Style(fg: .border))
        var texts: [Substring] = []
        if TextSearch.count(needle, in: entry.argumentSummary) > 0 { texts.append(Substring(entry.argumentSummary)) }
        for line in entry.output.split(separator: "\n") where TextSearch.count(needle, in: String(line)) > 0 {
            texts.append(line)
        }
        for diff in entry.diffs {
            for hunk in diff.hunks {
                for line in hunk.lines where TextSearch.count(needle, in: line.text) > 0 {
                    texts.append(Substring(line.unified))
                }
            }
        }
        // Enough to read around any one match; the tool detail (Enter in the tool log) has the whole output.
        let shown = texts.prefix(maxRevealedLines)
        var out: [StyledLine] = []
        for text in shown {
            out += LineWrapper.wrap(
                StyledLine(String(text), Style(fg: .textMuted)), width: width, first: bar, rest: bar)
        }
        if texts.count > shown.count {
            out.append(
                StyledLine("  ⌕ … \(texts.count - shown.count) more matching lines", Style(fg: .textMuted, .dim)))
        }
        return out
    }

    /// Matching lines of one tool call shown at most: 200 covers any output a person reads through with `n`.
    static let maxRevealedLines = 200

    static func statusMark(_ status: ToolLogEntry.Status) -> (String, ThemeToken) {
        switch status {
        case .running: ("⋯", .toolRunning)
        case .ok: ("✓", .toolOk)
        case .failed: ("✗", .toolError)
        }
    }

    /// `1.2s · exit 0`, or the running time so far.
    static func durationText(_ entry: ToolLogEntry, now: Date) -> String {
        // A finished call without a duration was replayed from a resumed session: its time is not known.
        if entry.status != .running && entry.durationMs == nil {
            return entry.exitCode.map { "exit \($0)" } ?? "earlier"
        }
        let ms = entry.durationMs ?? max(0, Int(now.timeIntervalSince(entry.startedAt) * 1000))
        let time = ms < 1000 ? "\(ms)ms" : String(format: "%.1fs", Double(ms) / 1000)
        if let code = entry.exitCode { return "\(time) · exit \(code)" }
        return entry.status == .running ? "\(time)…" : time
    }
}
