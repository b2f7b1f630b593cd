/// Every tool call, newest at the bottom: status, name, arguments, duration and exit; the running call's live tail.
enum ToolLogPane {
    static func draw(_ state: AppState, in rect: Rect, into buf: inout ScreenBuffer, focused: Bool) {
        let inner = buf.drawBox(
            rect, title: "tools (\(state.toolLog.entries.count))",
            style: Style(fg: focused ? .borderActive : .border),
            titleStyle: Style(fg: focused ? .borderActive : .textMuted, .bold))
        guard !inner.isEmpty else { return }
        let lines = content(state, width: inner.width, rows: inner.height)
        if lines.isEmpty {
            buf.write(
                StyledLine("no tool calls yet", Style(fg: .textMuted, .dim)).truncated(to: inner.width), x: inner.x,
                y: inner.y, clip: inner)
            return
        }
        // Keep the selection (or the newest call) in view.
        let selectedRow = lines.lastIndex { $0.selected } ?? lines.count - 1
        let start = max(0, min(lines.count - inner.height, selectedRow - inner.height + 2))
        for (row, entry) in lines[start...].prefix(inner.height).enumerated() {
            let base: Style = entry.selected && focused ? Style(bg: .selection) : .plain
            if entry.selected && focused {
                buf.fill(Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1), style: base)
            }
            buf.write(entry.line, x: inner.x, y: inner.y + row, base: base, clip: inner)
        }
    }

    struct Row {
        var line: StyledLine
        var selected: Bool
    }

    /// Rows for the entries around the selection (or the newest): at most `rows` entries either side, so a
    /// session with thousands of calls costs a frame what a screenful costs.
    static func content(_ state: AppState, width: Int, rows visible: Int) -> [Row] {
        var rows: [Row] = []
        let selected = state.toolLog.selection ?? state.toolLog.entries.count - 1
        let window = max(0, selected - visible)..<min(state.toolLog.entries.count, selected + visible + 1)
        for i in window {
            let entry = state.toolLog.entries[i]
            let (icon, token) = ItemRenderer.statusMark(entry.status)
            var line = StyledLine()
            line.append(icon + " ", Style(fg: token, .bold))
            line.append(entry.name + " ", Style(fg: token))
            let suffix = " " + ItemRenderer.durationText(entry, now: state.chrome.now)
            let counts = entry.changeCounts.map { [" +\($0.added)", " \u{2212}\($0.removed)"] } ?? []
            let budget = max(0, width - line.width - CellWidth.of(suffix) - counts.reduce(0) { $0 + CellWidth.of($1) })
            line.spans += StyledLine(entry.argumentSummary, Style(fg: .text)).truncated(to: budget).spans
            if counts.count == 2 {
                line.append(counts[0], Style(fg: .diffAdded))
                line.append(counts[1], Style(fg: .diffRemoved))
            }
            line.append(suffix, Style(fg: .textMuted, .dim))
            rows.append(Row(line: line.truncated(to: width), selected: i == selected))
            if entry.status == .running, !entry.lastOutputLine.isEmpty {
                rows.append(
                    Row(
                        line: StyledLine("  " + entry.lastOutputLine, Style(fg: .textMuted, .dim)).truncated(to: width),
                        selected: false))
            }
        }
        return rows
    }

    /// The full output of one call, in a popup.
    static func drawDetail(_ state: AppState, callId: String, into buf: inout ScreenBuffer) {
        guard let entry = state.toolLog.entry(callId) else { return }
        let rect = buf.bounds.centered(width: buf.width - 4, height: buf.height - 2)
        let title = "\(entry.name) · \(ItemRenderer.durationText(entry, now: state.chrome.now)) · Esc to close"
        let inner = buf.drawBox(
            rect, title: title, style: Style(fg: .borderActive), background: Style(bg: .backgroundPanel))
        guard !inner.isEmpty else { return }
        var lines = LineWrapper.wrap(StyledLine(entry.argumentSummary, Style(fg: .accent)), width: inner.width)
        for l in entry.output.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += LineWrapper.hardWrap(
                StyledLine(String(l), Style(fg: entry.status == .failed ? .toolError : .text)), width: inner.width)
        }
        for (row, line) in lines.suffix(inner.height).enumerated() {
            buf.write(line, x: inner.x, y: inner.y + row, base: Style(bg: .backgroundPanel), clip: inner)
        }
    }
}
