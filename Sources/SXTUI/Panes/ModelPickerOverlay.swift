import Foundation

/// Ctrl+L / `/model`: a fuzzy-filtered list, recent models first; models whose provider has every profile cooling
/// down are greyed with the time until one is free.
enum ModelPickerOverlay {
    static func draw(_ state: AppState, picker: PickerState, into buf: inout ScreenBuffer) {
        let list = FuzzyMatch.filter(state.pickerModels, query: picker.query)
        let rect = buf.bounds.centered(width: 60, height: min(buf.height - 2, list.count + 4))
        let bg = Style(bg: .backgroundPanel)
        let inner = buf.drawBox(rect, title: "model · type to filter · Enter to switch", style: Style(fg: .borderActive), background: bg)
        guard inner.height >= 1 else { return }
        var query = StyledLine("› ", Style(fg: .primary, .bold))
        query.append(picker.query, Style(fg: .text))
        buf.write(query, x: inner.x, y: inner.y, base: bg, clip: inner)
        buf.cursor = (x: min(inner.maxX - 1, inner.x + query.width), y: inner.y)
        let listRect = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        if list.isEmpty {
            buf.write("no model matches", x: listRect.x, y: listRect.y, style: bg.merged(with: Style(fg: .textMuted)), clip: listRect)
            return
        }
        let start = max(0, min(list.count - listRect.height, picker.selected - listRect.height + 1))
        for (n, model) in list[start...].prefix(listRect.height).enumerated() {
            let index = start + n
            let selected = index == picker.selected
            let rowStyle = selected ? Style(bg: .selection) : bg
            let y = listRect.y + n
            buf.fill(Rect(x: listRect.x, y: y, width: listRect.width, height: 1), style: rowStyle)
            var line = StyledLine(selected ? "▸ " : "  ", Style(fg: .primary))
            let current = model == state.activeModel
            let cooling = state.modelProviders[model].flatMap { state.cooldownUntil(provider: $0) }
            line.append(model, Style(fg: cooling != nil ? .disabled : current ? .primary : .text, current ? .bold : []))
            if let until = cooling {
                line.append("  cooling down · free in " + StatusPane.countdown(until.timeIntervalSince(state.now)), Style(fg: .cooldown, .dim))
            } else if state.recentModels.contains(model) {
                line.append("  recent", Style(fg: .textMuted, .dim))
            }
            if let provider = state.modelProviders[model] { line.append("  " + provider, Style(fg: .textMuted, .dim)) }
            buf.write(line.truncated(to: listRect.width), x: listRect.x, y: y, base: rowStyle, clip: listRect)
        }
    }
}
