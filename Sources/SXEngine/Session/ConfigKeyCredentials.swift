import Foundation
import SXCore
import SXAuth

/// API keys given as configuration (`ANTHROPIC_API_KEY`, `OPENAI_API_KEY`, `GEMINI_API_KEY`) as profiles
/// `<provider>:env`, tried after the stored profiles of that provider.
public struct ConfigKeyCredentials: CredentialProviding {
    public let base: CredentialProviding
    public let keys: [ProviderID: String]

    public init(base: CredentialProviding, keys settings: APIKeySettings) {
        self.base = base
        var k: [ProviderID: String] = [:]
        if let v = settings.anthropic { k[.anthropic] = v }
        if let v = settings.openai { k[.openai] = v }
        if let v = settings.gemini { k[.google] = v }
        keys = k
    }

    static func envId(_ p: ProviderID) -> String { "\(p.rawValue):env" }

    /// The providers the settings give an API key for.
    public static func providers(_ settings: APIKeySettings) -> Set<ProviderID> {
        Set(ConfigKeyCredentials(base: StaticCredentials([]), keys: settings).keys.keys)
    }

    public func profileIds(for provider: ProviderID) async throws -> [String] {
        var ids = try await base.profileIds(for: provider)
        if keys[provider] != nil { ids.append(Self.envId(provider)) }
        return ids
    }

    public func credential(profileId: String, forceRefresh: Bool) async throws -> ResolvedCredential {
        if let p = keys.keys.first(where: { Self.envId($0) == profileId }), let key = keys[p] {
            return ResolvedCredential(profileId: profileId, provider: p, kind: .apiKey, secret: key)
        }
        return try await base.credential(profileId: profileId, forceRefresh: forceRefresh)
    }

    public func hasKey(_ p: ProviderID) -> Bool { keys[p] != nil }

    public func blockedUntil(profileId: String, model: String?) async -> Date? {
        await base.blockedUntil(profileId: profileId, model: model)
    }

    public func rateLimitedUntil(profileId: String, model: String?) async -> Date? {
        await base.rateLimitedUntil(profileId: profileId, model: model)
    }

    public func recordSuccess(profileId: String, rateLimits: RateLimitSnapshot?) async {
        await base.recordSuccess(profileId: profileId, rateLimits: rateLimits)
    }

    public func recordFailure(
        profileId: String, reason: FailureReason, until: Date?, model: String?, rateLimits: RateLimitSnapshot?
    ) async {
        await base.recordFailure(
            profileId: profileId, reason: reason, until: until, model: model, rateLimits: rateLimits)
    }

    public func recordRateLimits(profileId: String, snapshot: RateLimitSnapshot) async {
        await base.recordRateLimits(profileId: profileId, snapshot: snapshot)
    }
}
