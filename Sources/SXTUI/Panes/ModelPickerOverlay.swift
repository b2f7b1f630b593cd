import Foundation

/// Ctrl+L / `/model`: a fuzzy-filtered list, recent models first; models whose provider has every profile cooling
/// down are greyed with the time until one is free.
enum ModelPickerOverlay {
    static func draw(_ state: AppState, picker: PickerState, into buf: inout ScreenBuffer) {
        let rows = state.pickerList(query: picker.query).map { model -> ListPopup.Row in
            let current = model == state.activeModel
            let cooling = state.modelProviders[model].flatMap { state.cooldownUntil(provider: $0) }
            var detail = StyledLine()
            if let until = cooling {
                detail.append("  cooling down · free in " + StatusPane.countdown(until.timeIntervalSince(state.now)), Style(fg: .cooldown, .dim))
            } else if state.recentModels.contains(model) {
                detail.append("  recent", Style(fg: .textMuted, .dim))
            }
            if let provider = state.modelProviders[model] { detail.append("  " + provider, Style(fg: .textMuted, .dim)) }
            return ListPopup.Row(name: model, nameStyle: Style(fg: cooling != nil ? .disabled : current ? .primary : .text, current ? .bold : []), detail: detail)
        }
        ListPopup.draw(title: "model · type to filter · Enter to switch", query: picker.query, rows: rows,
                       selected: picker.selected, empty: "no model matches", into: &buf)
    }

    /// Ctrl+P / `/profile`: pin a profile for the session, or "auto" to let failover choose.
    static func drawProfiles(_ state: AppState, picker: PickerState, into buf: inout ScreenBuffer) {
        let rows = FuzzyMatch.filter(state.profileChoices, query: picker.query).map { id -> ListPopup.Row in
            let pinned = id == (state.pinnedProfile ?? "auto")
            var detail = StyledLine(pinned ? "  pinned" : "", Style(fg: .primary, .dim))
            if let p = state.profiles.first(where: { $0.id == id }) {
                detail.append("  " + p.provider + " ·", Style(fg: .textMuted, .dim))
                detail.spans += StatusPane.profileLine(p, state: state).spans.dropFirst(2)
            } else {
                detail.append("  failover chooses", Style(fg: .textMuted, .dim))
            }
            return ListPopup.Row(name: id, nameStyle: Style(fg: pinned ? .primary : .text, pinned ? .bold : []), detail: detail)
        }
        ListPopup.draw(title: "profile · Enter to pin for this session", query: picker.query, rows: rows,
                       selected: picker.selected, empty: "no profile matches", into: &buf)
    }

    /// `/theme`: moving the selection previews the theme; Enter keeps it, Esc goes back.
    static func drawThemes(_ state: AppState, picker: PickerState, into buf: inout ScreenBuffer) {
        let rows = FuzzyMatch.filter(state.themes, query: picker.query).map { name in
            ListPopup.Row(name: name, nameStyle: Style(fg: name == state.themeName ? .primary : .text),
                          detail: name == state.themeBeforePreview ? StyledLine("  current", Style(fg: .textMuted, .dim)) : StyledLine())
        }
        ListPopup.draw(title: "theme · ↑↓ preview · Enter keep · Esc back", query: picker.query, rows: rows,
                       selected: picker.selected, empty: "no theme matches", into: &buf)
    }
}
