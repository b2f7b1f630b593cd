import Foundation
import SXProtocol

/// `/resume`: saved sessions, newest first, filtered like the model picker; each row is the first prompt with the
/// model, the age and the start of the id.
struct SessionSource: PickerSource {
    var kind: PopupKind { .sessionPicker }
    var title: String { "resume · type to filter · Enter to continue" }
    var empty: String { "no session matches" }

    func items(_ state: AppState, query: String) -> [SavedSession] {
        SavedSession.filtered(state.engine.savedSessions, query: query)
    }

    func row(_ s: SavedSession, _ state: AppState) -> ListPicker<Self>.Row {
        var detail = StyledLine()
        if let model = s.model { detail.append("  " + model, Style(fg: .textMuted, .dim)) }
        detail.append(
            "  " + Self.age(s.modified, now: state.chrome.now) + " · \(s.messages) msg · " + String(s.id.prefix(8)),
            Style(fg: .textMuted, .dim))
        return .init(name: s.title, nameStyle: Style(fg: .text), detail: detail)
    }

    func choose(_ s: SavedSession, _ state: AppState) -> PopupOutcome {
        PopupOutcome(effects: [.switchSession(state.sessionRequest(resume: s.id))])
    }

    /// `just now`, `5m ago`, `3h ago`, `2d ago`.
    static func age(_ date: Date, now: Date) -> String {
        let s = max(0, Int(now.timeIntervalSince(date)))
        if s < 60 { return "just now" }
        if s < 3600 { return "\(s / 60)m ago" }
        if s < 86_400 { return "\(s / 3600)h ago" }
        return "\(s / 86_400)d ago"
    }
}
