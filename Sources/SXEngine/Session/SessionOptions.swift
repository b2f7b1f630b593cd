import Foundation
import SXCore
import SXAuth

public struct SessionOptions: Sendable {
    public var sessionId: String
    public var provider: ProviderID
    public var model: String
    public var reasoningEffort: String?
    public var maxSteps: Int
    /// sx's instructions (`SystemPrompt.instructions`), and the workspace context that follows them.
    public var systemPrompt: String
    public var systemContext: String = ""
    /// Retries of the same request on the same profile for 5xx and dropped connections.
    public var maxRetries: Int
    /// Base of the exponential backoff between those retries, in milliseconds.
    public var retryBaseMs: Int
    /// A profile the user pinned: never rotated away from.
    public var pinnedProfile: String?
    /// `FALLBACK_MODELS`: tried in order when the preferred model's provider has nothing usable.
    public var fallbacks: [ModelRef]
    /// `ROTATE_AT_PERCENT`: at this usage (from the provider's rate-limit headers) the next turn moves on.
    public var rotateAtPercent: Int = 95
    /// `RETRY_WAIT_MAX`: the longest sx waits for a rate limit instead of failing, in seconds (0: never).
    public var retryWaitMax: TimeInterval = 60
    /// Same-profile retries of a plain rate limit (no far reset) before it counts as a cooldown.
    public var rateLimitRetries = 4
    /// Base of their backoff when the server gave no time, in milliseconds.
    public var rateLimitBaseMs = 1000
    /// The providers' model lists as read at the start: capabilities and effort levels of each request.
    public var catalogs = LiveCatalogs()
    /// `AUTO_COMPACT_PERCENT`: the history is compacted before a request would carry this share of the model's
    /// usable window; nil (`AUTO_COMPACT=0`) compacts only when the server refuses a request as too long.
    public var autoCompactPercent: Int? = 90

    public init(
        sessionId: String = SessionOptions.newSessionId(), provider: ProviderID, model: String,
        reasoningEffort: String? = nil, maxSteps: Int = 50, systemPrompt: String = "", maxRetries: Int = 3,
        retryBaseMs: Int = 200, pinnedProfile: String? = nil,
        fallbacks: [ModelRef] = []
    ) {
        self.sessionId = sessionId
        self.provider = provider
        self.model = model
        self.reasoningEffort = reasoningEffort
        self.maxSteps = maxSteps
        self.systemPrompt = systemPrompt
        self.maxRetries = maxRetries
        self.retryBaseMs = retryBaseMs
        self.pinnedProfile = pinnedProfile
        self.fallbacks = fallbacks
    }

    /// A time-ordered UUID (v7), like Codex's thread ids: sessions sort by creation.
    public static func newSessionId(now: Date = Date()) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let ms = UInt64(now.timeIntervalSince1970 * 1000)
        for i in 0..<6 { bytes[i] = UInt8((ms >> (8 * (5 - UInt64(i)))) & 0xFF) }
        var rng = SystemRandomNumberGenerator()
        for i in 6..<16 { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let c = Array(hex)
        return
            "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }
}

extension ProviderID {
    /// Providers that work without any credential.
    public var needsCredential: Bool { self != .demo && self != .router }
}
