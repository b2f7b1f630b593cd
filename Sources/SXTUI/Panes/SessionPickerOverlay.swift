import Foundation
import SXProtocol

/// `/resume`: saved sessions, newest first, filtered like the model picker; each row is the first prompt with the
/// model, the age and the start of the id.
enum SessionPickerOverlay {
    static func draw(_ state: AppState, picker: PickerState, into buf: inout ScreenBuffer) {
        let rows = SavedSession.filtered(state.savedSessions, query: picker.query).map { s -> ListPopup.Row in
            var detail = StyledLine()
            if let model = s.model { detail.append("  " + model, Style(fg: .textMuted, .dim)) }
            detail.append("  " + age(s.modified, now: state.now) + " · \(s.messages) msg · " + String(s.id.prefix(8)),
                          Style(fg: .textMuted, .dim))
            return ListPopup.Row(name: s.title, nameStyle: Style(fg: .text), detail: detail)
        }
        ListPopup.draw(title: "resume · type to filter · Enter to continue", query: picker.query, rows: rows,
                       selected: picker.selected, empty: "no session matches", into: &buf)
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
