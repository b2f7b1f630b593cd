import Foundation

/// The input: a separator row (with the focus hint), then the text wrapped with a `› ` prompt. Computes where the
/// terminal cursor goes; a `/` prefix shows command completions above it.
enum ComposerPane {
    struct Row {
        var text: String
        /// Index into the composer's characters where this row starts.
        var start: Int
    }

    /// The composer's text split at newlines and wrapped (hard, by cells) to `width`.
    static func wrappedRows(_ c: ComposerState, width: Int) -> [Row] {
        var rows: [Row] = []
        var current = "", start = 0, used = 0
        for (i, ch) in c.chars.enumerated() {
            if ch == "\n" {
                rows.append(Row(text: current, start: start))
                current = ""; used = 0; start = i + 1
                continue
            }
            let w = CellWidth.of(ch)
            if used + w > width && used > 0 {
                rows.append(Row(text: current, start: start))
                current = ""; used = 0; start = i
            }
            current.append(ch)
            used += w
        }
        rows.append(Row(text: current, start: start))
        return rows
    }

    /// Queued messages shown above the input, greyed with their position: three at most, then how many more.
    static let queueShown = 3

    static func queueLines(_ state: AppState, width: Int) -> [StyledLine] {
        let queue = state.composer.queue
        guard !queue.isEmpty else { return [] }
        let style = Style(fg: .textMuted, .dim)
        var lines = queue.prefix(queueShown).enumerated().map { i, q in
            let text = q.text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            var line = StyledLine("  queued \(i + 1) · ", style)
            line.append(text + (q.names.isEmpty ? "" : " [\(q.names.count) image(s)]"), style.with(.italic))
            return line.truncated(to: width)
        }
        let hint = state.engine.busy ? "sent in order as turns end" : "Enter sends the next"
        var last = StyledLine(
            queue.count > queueShown ? "  … and \(queue.count - queueShown) more · " : "  ", style)
        last.append(hint + " · Up edits the last · Esc Esc clears", style)
        lines.append(last.truncated(to: width))
        return lines
    }

    static func draw(_ state: AppState, in rect: Rect, into buf: inout ScreenBuffer) {
        guard rect.height >= 1 else { return }
        let focused = state.chrome.focus == .composer && state.popups.isEmpty
        let (sep, all) = rect.splitTop(1)
        let queued = queueLines(state, width: all.width)
        let (queueRect, body) = all.splitTop(min(queued.count, max(0, all.height - 1)))
        for (n, line) in queued.prefix(queueRect.height).enumerated() {
            buf.write(line, x: queueRect.x, y: queueRect.y + n, clip: queueRect)
        }
        buf.drawRule(sep, style: Style(fg: focused ? .borderActive : .border))
        if !state.composer.images.isEmpty && sep.width > 20 {
            let names = state.composer.images.map(\.name).joined(separator: ", ")
            let label = StyledLine(" 📎 " + names + " ", Style(fg: .accent)).truncated(to: sep.width - 4)
            buf.write(label, x: sep.x + 2, y: sep.y, clip: sep)
        } else if state.chrome.focus != .composer && sep.width > 30 {
            buf.write(" Tab: back to input ", x: sep.x + 2, y: sep.y, style: Style(fg: .textMuted), clip: sep)
        }
        guard !body.isEmpty else { return }
        if let search = state.conversation.search {
            drawSearch(search, sep: sep, body: body, focused: focused, into: &buf)
            return
        }
        let textWidth = max(1, body.width - 2)
        let rows = wrappedRows(state.composer, width: textWidth)
        // The row holding the cursor, kept visible when the text is taller than the composer.
        let cursorRow = rows.lastIndex { $0.start <= state.composer.cursor } ?? 0
        let first = max(0, min(rows.count - body.height, cursorRow - body.height + 1))
        for (n, row) in rows[first...].prefix(body.height).enumerated() {
            let y = body.y + n
            if first + n == 0 { buf.write("› ", x: body.x, y: y, style: Style(fg: .primary, .bold), clip: body) }
            buf.write(row.text, x: body.x + 2, y: y, style: Style(fg: .text), clip: body)
        }
        if state.composer.isEmpty {
            let hint =
                state.engine.busy
                ? "Esc to interrupt · type to queue a follow-up" : "Ask anything · / for commands · Enter to send"
            buf.write(hint, x: body.x + 2, y: body.y, style: Style(fg: .textMuted, .dim), clip: body)
        }
        if focused {
            let row = rows[cursorRow]
            let col = CellWidth.of(String(state.composer.chars[row.start..<state.composer.cursor]))
            buf.cursor = (x: min(body.maxX - 1, body.x + 2 + col), y: body.y + cursorRow - first)
        }
        drawCompletions(state, above: rect, into: &buf)
    }

    static func drawCompletions(_ state: AppState, above rect: Rect, into buf: inout ScreenBuffer) {
        guard state.popups.isEmpty, state.conversation.search == nil else { return }
        let files = FileMention.suggestions(state)
        if !files.isEmpty {
            let height = min(files.count, max(0, rect.y - 1)) + 2
            guard height > 2 else { return }
            let box = Rect(x: rect.x, y: rect.y - height, width: min(rect.width, 70), height: height)
            let inner = buf.drawBox(
                box, title: "Tab to insert", style: Style(fg: .border), background: Style(bg: .backgroundPanel))
            for (n, path) in files.prefix(inner.height).enumerated() {
                let l = StyledLine("@" + path, Style(fg: n == 0 ? .primary : .text, n == 0 ? .bold : []))
                buf.write(
                    l.truncated(to: inner.width), x: inner.x, y: inner.y + n, base: Style(bg: .backgroundPanel),
                    clip: inner)
            }
            return
        }
        let matches = state.commandCompletions(for: state.composer.text)
        guard !matches.isEmpty else { return }
        let height = min(matches.count, max(0, rect.y - 1)) + 2
        guard height > 2 else { return }
        // Wider once custom commands show their source and clashes; the built-ins alone fit 60 as before.
        let custom = matches.contains { $0.source != nil || $0.note != nil }
        let width = min(rect.width, custom ? 96 : 60)
        let box = Rect(x: rect.x, y: rect.y - height, width: width, height: height)
        let inner = buf.drawBox(
            box, title: "Tab to complete", style: Style(fg: .border), background: Style(bg: .backgroundPanel))
        let nameWidth = max(10, (matches.map { $0.name.count + 3 }.max() ?? 0))
        for (n, cmd) in matches.prefix(inner.height).enumerated() {
            var l = StyledLine(
                ("/" + cmd.name).padding(toLength: nameWidth, withPad: " ", startingAt: 0), Style(fg: .primary, .bold))
            l.append(cmd.help, Style(fg: .textMuted))
            if let source = cmd.source { l.append("  (\(source))", Style(fg: .accent)) }
            if let note = cmd.note { l.append("  " + note, Style(fg: .warning)) }
            buf.write(
                l.truncated(to: inner.width), x: inner.x, y: inner.y + n, base: Style(bg: .backgroundPanel), clip: inner
            )
        }
    }

    /// The search bar in the composer's place: `find: TEXT   3/17` and, on the rule, the keys of its mode.
    static func drawSearch(_ search: SearchState, sep: Rect, body: Rect, focused: Bool, into buf: inout ScreenBuffer) {
        let hint =
            search.editing
            ? " Enter: keep · ↑↓: older/newer · Esc: back "
            : " n/N: older/newer · /: edit · Enter: stay here · Esc: back "
        if sep.width > CellWidth.of(hint) + 4 {
            buf.write(hint, x: sep.x + 2, y: sep.y, style: Style(fg: .textMuted), clip: sep)
        }
        let label = "find: "
        buf.write(label, x: body.x, y: body.y, style: Style(fg: .accent, .bold), clip: body)
        let position = search.position
        let room = max(1, body.width - CellWidth.of(label) - CellWidth.of(position) - 2)
        let shown = StyledLine(search.query, Style(fg: .text)).truncated(to: room)
        let end =
            body.x + CellWidth.of(label) + buf.write(shown, x: body.x + CellWidth.of(label), y: body.y, clip: body)
        if !position.isEmpty {
            buf.write(
                position, x: body.maxX - CellWidth.of(position), y: body.y,
                style: Style(fg: search.current == nil ? .warning : .textMuted), clip: body)
        }
        if focused && search.editing { buf.cursor = (x: min(body.maxX - 1, end), y: body.y) }
    }
}
