import Foundation
import SXCore

/// A profile as the status pane shows it. The engine host builds these from the profile store; a front end never
/// reads the store itself.
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
    /// The newest usage windows known for the profile (Codex: response headers or the usage endpoint).
    public var usage: RateLimitSnapshot?
    /// When `usage` was seen, or when the read that made it unknown failed.
    public var usageAt: Date?
    /// The newest usage read failed: the pane says "usage unknown" (never "exhausted").
    public var usageUnknown: Bool

    public init(
        id: String, provider: String, state: State, lastUsed: Date? = nil, usage: RateLimitSnapshot? = nil,
        usageAt: Date? = nil, usageUnknown: Bool = false
    ) {
        self.id = id
        self.provider = provider
        self.state = state
        self.lastUsed = lastUsed
        self.usage = usage
        self.usageAt = usageAt
        self.usageUnknown = usageUnknown
    }
}
