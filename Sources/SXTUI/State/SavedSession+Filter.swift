import Foundation
import SXProtocol

/// How the `/resume` picker lists and filters saved sessions.
extension SavedSession {
    /// What the picker's filter matches against: the prompt, the model and the id (which keeps keys unique).
    var filterKey: String { "\(title) · \(model ?? "") · \(id)" }

    /// The first prompt on one line, or the id when there was none.
    var title: String {
        guard let p = firstPrompt?.split(whereSeparator: \.isNewline).first else { return id }
        return String(p)
    }

    /// The picker's rows for a filter (the session picker draws them, the reducer picks from them).
    static func filtered(_ sessions: [SavedSession], query: String) -> [SavedSession] {
        let byKey = Dictionary(sessions.map { ($0.filterKey, $0) }, uniquingKeysWith: { a, _ in a })
        return FuzzyMatch.filter(sessions.map(\.filterKey), query: query).compactMap { byKey[$0] }
    }
}
