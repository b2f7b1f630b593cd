import Foundation

/// One usage window of a provider's rate limit (Codex: the 5-hour "primary" and weekly "secondary").
public struct RateLimitWindow: Sendable, Codable, Equatable {
    public var usedPercent: Double
    public var windowMinutes: Int?
    public var resetsAt: Date?

    public init(usedPercent: Double, windowMinutes: Int? = nil, resetsAt: Date? = nil) {
        self.usedPercent = usedPercent
        self.windowMinutes = windowMinutes
        self.resetsAt = resetsAt
    }
}

/// What the latest response said about the profile's limits (`x-codex-*`, `anthropic-ratelimit-*`, …).
public struct RateLimitSnapshot: Sendable, Codable, Equatable {
    public var primary: RateLimitWindow?
    public var secondary: RateLimitWindow?
    public var hasCredits: Bool?
    public var unlimitedCredits: Bool?
    public var creditBalance: String?
    /// Free-form limits of other providers: name → (remaining, limit, reset).
    public var other: [String: String]

    public init(primary: RateLimitWindow? = nil, secondary: RateLimitWindow? = nil, hasCredits: Bool? = nil,
                unlimitedCredits: Bool? = nil, creditBalance: String? = nil, other: [String: String] = [:]) {
        self.primary = primary
        self.secondary = secondary
        self.hasCredits = hasCredits
        self.unlimitedCredits = unlimitedCredits
        self.creditBalance = creditBalance
        self.other = other
    }

    public var isEmpty: Bool { primary == nil && secondary == nil && hasCredits == nil && other.isEmpty }

    /// The highest used percentage over the windows, for proactive rotation.
    public var maxUsedPercent: Double? {
        [primary?.usedPercent, secondary?.usedPercent].compactMap { $0 }.max()
    }
}
