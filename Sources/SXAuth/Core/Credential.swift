import Foundation
import SXCore

/// A credential ready to put on a request: what a provider needs, nothing more.
public struct ResolvedCredential: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case oauth, apiKey = "api_key", token, none }

    public var profileId: String
    public var provider: ProviderID
    public var kind: Kind
    /// The bearer access token, API key or static token. Never print it: use `Redact.mask`.
    public var secret: String
    /// ChatGPT account id (`chatgpt-account-id` header) for Codex.
    public var accountId: String?
    public var email: String?
    public var expiresAt: Date?

    public init(
        profileId: String, provider: ProviderID, kind: Kind, secret: String, accountId: String? = nil,
        email: String? = nil, expiresAt: Date? = nil
    ) {
        self.profileId = profileId
        self.provider = provider
        self.kind = kind
        self.secret = secret
        self.accountId = accountId
        self.email = email
        self.expiresAt = expiresAt
    }
}

/// What the engine asks of the auth layer. SXAuth's store-backed implementation is the real one; tests may hand
/// fixed credentials to a loopback mock.
public protocol CredentialProviding: Sendable {
    /// Profile ids of `provider` in the order they should be tried (usable ones only).
    func profileIds(for provider: ProviderID) async throws -> [String]
    /// A credential for the profile, refreshed first when it expires within 5 minutes or when `forceRefresh`.
    func credential(profileId: String, forceRefresh: Bool) async throws -> ResolvedCredential
    /// Until when the profile is cooling down or disabled for `model` (nil: usable now).
    func blockedUntil(profileId: String, model: String?) async -> Date?
    /// The same time when the block is a rate-limit cooldown (worth waiting for), nil for anything else: a
    /// disabled, billing or login block is not waited out.
    func rateLimitedUntil(profileId: String, model: String?) async -> Date?
    /// Bookkeeping after a request: success clears cooldowns, failure applies the cooldown rules. `rateLimits`, the
    /// usage windows the response reported, go into the same store write.
    func recordSuccess(profileId: String, rateLimits: RateLimitSnapshot?) async
    func recordFailure(
        profileId: String, reason: FailureReason, until: Date?, model: String?, rateLimits: RateLimitSnapshot?) async
    /// Remembers the usage windows a response reported for the profile (for the status pane and `sx models status`)
    /// when neither a success nor a failure is recorded for it.
    func recordRateLimits(profileId: String, snapshot: RateLimitSnapshot) async
}

extension CredentialProviding {
    public func blockedUntil(profileId: String, model: String?) async -> Date? { nil }
    public func rateLimitedUntil(profileId: String, model: String?) async -> Date? { nil }
    public func recordSuccess(profileId: String, rateLimits: RateLimitSnapshot?) async {}
    public func recordFailure(
        profileId: String, reason: FailureReason, until: Date?, model: String?, rateLimits: RateLimitSnapshot?
    ) async {}
    public func recordRateLimits(profileId: String, snapshot: RateLimitSnapshot) async {}
}

/// Fixed credentials, e.g. from `--api-key`-style environment variables or tests.
public struct StaticCredentials: CredentialProviding {
    public let credentials: [ResolvedCredential]
    public init(_ credentials: [ResolvedCredential]) { self.credentials = credentials }

    public func profileIds(for provider: ProviderID) async throws -> [String] {
        credentials.filter { $0.provider == provider }.map(\.profileId)
    }

    public func credential(profileId: String, forceRefresh: Bool) async throws -> ResolvedCredential {
        guard let c = credentials.first(where: { $0.profileId == profileId }) else {
            throw StaticCredentialError.unknownProfile(profileId)
        }
        return c
    }
}

public enum StaticCredentialError: Error, CustomStringConvertible {
    case unknownProfile(String)
    public var description: String {
        switch self {
        case .unknownProfile(let id): "no credential for profile \(id)"
        }
    }
}
