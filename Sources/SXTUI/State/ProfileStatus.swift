import Foundation

/// A profile as the status pane shows it. The app builds these from the engine's public snapshots; SXTUI never
/// reads the profile store itself.
public struct ProfileStatus: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case ok
        case coolingDown(until: Date)
        case disabled(reason: String)
        case needsLogin
    }

    public var id: String
    public var provider: String
    public var state: State
    public var lastUsed: Date?

    public init(id: String, provider: String, state: State, lastUsed: Date? = nil) {
        self.id = id
        self.provider = provider
        self.state = state
        self.lastUsed = lastUsed
    }
}
