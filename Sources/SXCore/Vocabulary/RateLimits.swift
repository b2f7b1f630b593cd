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

    public init(
        primary: RateLimitWindow? = nil, secondary: RateLimitWindow? = nil, hasCredits: Bool? = nil,
        unlimitedCredits: Bool? = nil, creditBalance: String? = nil, other: [String: String] = [:]
    ) {
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

    /// A short name for a window from its length: `5h` for 300 minutes, `week` for 10080, else `Nh` / `Nd` / `Nm`.
    public static func windowLabel(_ w: RateLimitWindow, fallback: String) -> String {
        guard let m = w.windowMinutes, m > 0 else { return fallback }
        if (10000...10200).contains(m) { return "week" }
        if m % 1440 == 0 { return "\(m / 1440)d" }
        if m % 60 == 0 { return "\(m / 60)h" }
        return "\(m)m"
    }
}
