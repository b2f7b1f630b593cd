import Foundation
import SXCore
import SXAuth

/// One model as a provider's own list endpoint describes it. Every fact is optional: a field the list does not
/// carry comes from the built-in family rules (`ModelCatalog.family`), and `sx models list` says which was which.
public struct LiveModel: Codable, Sendable, Equatable {
    public var id: String
    public var displayName: String?
    /// Codex `visibility: "hide"` models are served but not offered (the picker shows them only when typed).
    public var hidden: Bool
    /// Codex `priority`: lower comes first.
    public var priority: Int?
    /// Anthropic `created_at` (RFC 3339): the newest model of a family wins an alias.
    public var createdAt: String?
    public var defaultEffort: String?
    public var efforts: [String]?
    public var contextWindow: Int?
    public var usablePercent: Int?
    public var maxOutputTokens: Int?
    public var imageInput: Bool?
    public var thinking: Bool?
    /// Codex `upgrade.model`: the model the provider suggests moving to.
    public var upgrade: String?
    /// Codex `apply_patch_tool_type` (`freeform` or `function`): the model is trained to edit with `apply_patch`.
    public var applyPatchToolType: String?

    public init(
        id: String, displayName: String? = nil, hidden: Bool = false, priority: Int? = nil,
        createdAt: String? = nil, defaultEffort: String? = nil, efforts: [String]? = nil,
        contextWindow: Int? = nil, usablePercent: Int? = nil, maxOutputTokens: Int? = nil,
        imageInput: Bool? = nil, thinking: Bool? = nil, upgrade: String? = nil, applyPatchToolType: String? = nil
    ) {
        self.id = id
        self.displayName = displayName
        self.hidden = hidden
        self.priority = priority
        self.createdAt = createdAt
        self.defaultEffort = defaultEffort
        self.efforts = efforts
        self.contextWindow = contextWindow
        self.usablePercent = usablePercent
        self.maxOutputTokens = maxOutputTokens
        self.imageInput = imageInput
        self.thinking = thinking
        self.upgrade = upgrade
        self.applyPatchToolType = applyPatchToolType
    }
}

/// A provider's model list as last read, the content of `$SX_HOME/models/<provider>.json`.
public struct LiveCatalog: Codable, Sendable, Equatable {
    public var provider: String
    /// When the list was last read or confirmed (a 304 renews it).
    public var fetchedAt: Date
    public var etag: String?
    /// In the provider's order of preference: Codex by priority, Anthropic newest first, the others as listed.
    public var models: [LiveModel]
    /// Why the last refresh failed (kept until one succeeds), for `sx models list`.
    public var lastError: String?
    public var failedAt: Date?

    public init(
        provider: ProviderID, fetchedAt: Date, etag: String? = nil, models: [LiveModel],
        lastError: String? = nil, failedAt: Date? = nil
    ) {
        self.provider = provider.rawValue
        self.fetchedAt = fetchedAt
        self.etag = etag
        self.models = models
        self.lastError = lastError
        self.failedAt = failedAt
    }

    /// Whether a list is known: only then is a model it lacks refused before any request.
    public var isKnown: Bool { !models.isEmpty }

    public func model(_ id: String) -> LiveModel? {
        let key = id.lowercased()
        return models.first { $0.id.lowercased() == key }
    }

    /// Older than `maxAge` since the last read or the last failed try (a broken endpoint is not asked every start).
    public func isStale(now: Date, maxAge: TimeInterval) -> Bool {
        now.timeIntervalSince(max(fetchedAt, failedAt ?? .distantPast)) >= maxAge
    }
}

extension SXPaths {
    /// `$SX_HOME/models`: one cached list per provider, and which upgrade hints were shown.
    public var modelCatalogs: URL { home.appendingPathComponent("models") }
}
