import Foundation
import SXCore
import SXAuth

/// A saved conversation as the `/resume` picker lists it (read from the transcripts by the app's wiring).
public struct SavedSession: Sendable, Equatable {
    public var id: String
    public var modified: Date
    public var firstPrompt: String?
    public var model: String?
    public var messages: Int

    public init(id: String, modified: Date, firstPrompt: String?, model: String?, messages: Int) {
        self.id = id
        self.modified = modified
        self.firstPrompt = firstPrompt
        self.model = model
        self.messages = messages
    }

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

/// What `/new` and `/resume` ask the wiring for: a fresh session (or the saved one `resumeId` names) that keeps what
/// the person chose in this one — provider and model, pinned profile, reasoning effort.
public struct SessionRequest: Sendable, Equatable {
    public var resumeId: String?
    public var provider: ProviderID?
    public var model: String?
    public var profile: String?
    public var effort: String?

    public init(resumeId: String? = nil, provider: ProviderID? = nil, model: String? = nil, profile: String? = nil,
                effort: String? = nil) {
        self.resumeId = resumeId
        self.provider = provider
        self.model = model
        self.profile = profile
        self.effort = effort
    }
}
