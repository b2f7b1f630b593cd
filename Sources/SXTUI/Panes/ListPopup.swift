/// A centred popup with a filter line and a scrolling list; the model and theme pickers are both this.
enum ListPopup {
    struct Row {
        var name: String
        var nameStyle: Style
        var detail: StyledLine
    }

    static func draw(title: String, query: String, rows: [Row], selected: Int, empty: String, into buf: inout ScreenBuffer) {
        let rect = buf.bounds.centered(width: 60, height: min(buf.height - 2, rows.count + 4))
        let bg = Style(bg: .backgroundPanel)
        let inner = buf.drawBox(rect, title: title, style: Style(fg: .borderActive), background: bg)
        guard inner.height >= 1 else { return }
        var line = StyledLine("› ", Style(fg: .primary, .bold))
        line.append(query, Style(fg: .text))
        buf.write(line, x: inner.x, y: inner.y, base: bg, clip: inner)
        buf.cursor = (x: min(inner.maxX - 1, inner.x + line.width), y: inner.y)
        let listRect = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        guard !listRect.isEmpty else { return }
        if rows.isEmpty {
            buf.write(empty, x: listRect.x, y: listRect.y, style: bg.merged(with: Style(fg: .textMuted)), clip: listRect)
            return
        }
        let start = max(0, min(rows.count - listRect.height, selected - listRect.height + 1))
        for (n, row) in rows[start...].prefix(listRect.height).enumerated() {
            let isSelected = start + n == selected
            let rowStyle = isSelected ? Style(bg: .selection) : bg
            let y = listRect.y + n
            buf.fill(Rect(x: listRect.x, y: y, width: listRect.width, height: 1), style: rowStyle)
            var l = StyledLine(isSelected ? "▸ " : "  ", Style(fg: .primary))
            l.append(row.name, row.nameStyle)
            l.spans += row.detail.spans
            buf.write(l.truncated(to: listRect.width), x: listRect.x, y: y, base: rowStyle, clip: listRect)
        }
    }
}
