/// What one list picker lists and what choosing does; `ListPicker` does the rest (filter, selection, scrolling).
/// The model, profile, theme and session pickers are each one of these.
protocol PickerSource: Sendable {
    associatedtype Item: Equatable & Sendable
    var kind: PopupKind { get }
    var title: String { get }
    var empty: String { get }
    func items(_ state: AppState, query: String) -> [Item]
    func row(_ item: Item, _ state: AppState) -> ListPicker<Self>.Row
    /// Enter on `item`; the picker closes after it.
    func choose(_ item: Item, _ state: AppState) -> PopupOutcome
    /// After any other key (the theme picker previews the selected theme here).
    func selectionChanged(from: Item?, to: Item?, _ state: AppState) -> [Effect]
    /// Esc, Ctrl+C or a replaced session closed the picker without a choice.
    func cancelled(_ state: AppState) -> [Effect]
}

extension PickerSource {
    func selectionChanged(from: Item?, to: Item?, _ state: AppState) -> [Effect] { [] }
    func cancelled(_ state: AppState) -> [Effect] { [] }
}

/// A centred popup with a filter line and a scrolling list over `Source`'s items.
struct ListPicker<Source: PickerSource>: Popup {
    struct Row {
        var name: String
        var nameStyle: Style
        var detail: StyledLine
    }

    var source: Source
    var picker: PickerState

    init(_ source: Source, selected: Int = 0) {
        self.source = source
        picker = PickerState()
        picker.selected = selected
    }

    var kind: PopupKind { source.kind }
    var listState: PickerState? { picker }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        let list = source.items(state, query: picker.query)
        switch key {
        case .escape:
            return PopupOutcome(close: true, effects: source.cancelled(state))
        case .enter:
            guard picker.selected < list.count else { return .close }
            var outcome = source.choose(list[picker.selected], state)
            outcome.close = true
            return outcome
        default:
            let before = picker.selected < list.count ? list[picker.selected] : nil
            _ = picker.navigate(key, count: list.count)
            let filtered = source.items(state, query: picker.query)
            let after = picker.selected < filtered.count ? filtered[picker.selected] : nil
            return PopupOutcome(effects: source.selectionChanged(from: before, to: after, state))
        }
    }

    func cancelled(_ state: AppState) -> [Effect] { source.cancelled(state) }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        let rows = source.items(state, query: picker.query).map { source.row($0, state) }
        let rect = buf.bounds.centered(width: 60, height: min(buf.height - 2, rows.count + 4))
        let bg = Style(bg: .backgroundPanel)
        let inner = buf.drawBox(rect, title: source.title, style: Style(fg: .borderActive), background: bg)
        guard inner.height >= 1 else { return }
        var line = StyledLine("› ", Style(fg: .primary, .bold))
        line.append(picker.query, Style(fg: .text))
        buf.write(line, x: inner.x, y: inner.y, base: bg, clip: inner)
        buf.cursor = (x: min(inner.maxX - 1, inner.x + line.width), y: inner.y)
        let listRect = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        guard !listRect.isEmpty else { return }
        if rows.isEmpty {
            buf.write(
                source.empty, x: listRect.x, y: listRect.y, style: bg.merged(with: Style(fg: .textMuted)),
                clip: listRect)
            return
        }
        // The window scrolls only as far as keeps the selection on its last row.
        let selected = picker.selected
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
