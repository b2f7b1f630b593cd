import Foundation
import SXCore

/// A saved conversation as the `/resume` picker lists it (the engine host reads them from the transcripts).
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
}

/// What `/new` and `/resume` ask the engine host for: a fresh session (or the saved one `resumeId` names) that keeps what
/// the person chose in this one — provider and model, pinned profile, reasoning effort.
public struct SessionRequest: Sendable, Equatable {
    public var resumeId: String?
    public var provider: ProviderID?
    public var model: String?
    public var profile: String?
    public var effort: String?

    public init(
        resumeId: String? = nil, provider: ProviderID? = nil, model: String? = nil, profile: String? = nil,
        effort: String? = nil
    ) {
        self.resumeId = resumeId
        self.provider = provider
        self.model = model
        self.profile = profile
        self.effort = effort
    }
}
