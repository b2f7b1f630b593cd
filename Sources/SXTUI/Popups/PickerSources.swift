import Foundation

/// Ctrl+L / `/model`: a fuzzy-filtered list, recent models first; models whose provider has every profile cooling
/// down are greyed with the time until one is free.
struct ModelSource: PickerSource {
    var kind: PopupKind { .modelPicker }
    var title: String { "model · type to filter · Enter to switch" }
    var empty: String { "no model matches" }

    func items(_ state: AppState, query: String) -> [String] { state.engine.pickerList(query: query) }

    func row(_ model: String, _ state: AppState) -> ListPicker<Self>.Row {
        let current = model == state.engine.activeModel
        let cooling = state.engine.modelProviders[model].flatMap { state.engine.cooldownUntil(provider: $0) }
        var detail = StyledLine()
        if let until = cooling {
            detail.append(
                "  cooling down · free in " + StatusPane.countdown(until.timeIntervalSince(state.chrome.now)),
                Style(fg: .cooldown, .dim))
        } else if state.engine.recentModels.contains(model) {
            detail.append("  recent", Style(fg: .textMuted, .dim))
        }
        if let provider = state.engine.modelProviders[model] {
            detail.append("  " + provider, Style(fg: .textMuted, .dim))
        }
        return .init(
            name: model,
            nameStyle: Style(fg: cooling != nil ? .disabled : current ? .primary : .text, current ? .bold : []),
            detail: detail)
    }

    func choose(_ model: String, _ state: AppState) -> PopupOutcome {
        PopupOutcome(effects: [.switchModel(model)], intents: [.rememberModel(model)])
    }
}

/// Ctrl+P / `/profile`: pin a profile for the session, or "auto" to let failover choose.
struct ProfileSource: PickerSource {
    var kind: PopupKind { .profilePicker }
    var title: String { "profile · Enter to pin for this session" }
    var empty: String { "no profile matches" }

    func items(_ state: AppState, query: String) -> [String] {
        FuzzyMatch.filter(state.engine.profileChoices, query: query)
    }

    func row(_ id: String, _ state: AppState) -> ListPicker<Self>.Row {
        let pinned = id == (state.engine.pinnedProfile ?? "auto")
        var detail = StyledLine(pinned ? "  pinned" : "", Style(fg: .primary, .dim))
        if let p = state.engine.profiles.first(where: { $0.id == id }) {
            detail.append("  " + p.provider + " ·", Style(fg: .textMuted, .dim))
            detail.spans += StatusPane.profileLine(p, state: state).spans.dropFirst(2)
        } else {
            detail.append("  failover chooses", Style(fg: .textMuted, .dim))
        }
        return .init(name: id, nameStyle: Style(fg: pinned ? .primary : .text, pinned ? .bold : []), detail: detail)
    }

    func choose(_ id: String, _ state: AppState) -> PopupOutcome {
        let pin = id == "auto" ? nil : id
        return PopupOutcome(effects: [.pinProfile(pin)], intents: [.pinProfile(pin)])
    }
}

/// `/theme`: moving the selection previews the theme; Enter keeps it, Esc goes back to `original`. The picker
/// carries the theme it started from, so closing it by any path (Esc, Ctrl+C, a replaced session) can restore it.
struct ThemeSource: PickerSource {
    var original: String
    var kind: PopupKind { .themePicker }
    var title: String { "theme · ↑↓ preview · Enter keep · Esc back" }
    var empty: String { "no theme matches" }

    func items(_ state: AppState, query: String) -> [String] { FuzzyMatch.filter(state.chrome.themes, query: query) }

    func row(_ name: String, _ state: AppState) -> ListPicker<Self>.Row {
        .init(
            name: name, nameStyle: Style(fg: name == state.chrome.themeName ? .primary : .text),
            detail: name == original ? StyledLine("  current", Style(fg: .textMuted, .dim)) : StyledLine())
    }

    func choose(_ name: String, _ state: AppState) -> PopupOutcome { PopupOutcome(effects: [.setTheme(name)]) }

    func selectionChanged(from before: String?, to after: String?, _ state: AppState) -> [Effect] {
        guard let after, after != before || after != state.chrome.themeName else { return [] }
        return [.previewTheme(after)]
    }

    func cancelled(_ state: AppState) -> [Effect] {
        original == state.chrome.themeName ? [] : [.previewTheme(original)]
    }
}
