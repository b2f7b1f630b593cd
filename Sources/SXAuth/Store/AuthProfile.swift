import Foundation
import SXCore

/// The kinds of stored credential (the `type` field).
public enum CredentialType: String, Sendable, CaseIterable {
    case oauth
    case apiKey = "api_key"
    case token
}

/// A typed view of one stored credential; `raw` is the full JSON object including fields sx does not know.
public struct AuthProfile: Sendable, Equatable {
    public let id: String
    public var raw: JSONObject

    public init(id: String, raw: JSONObject) {
        self.id = id
        self.raw = raw
    }

    /// `nil` for an unknown type: such profiles stay on disk but are never used.
    public var type: CredentialType? { raw["type"]?.stringValue.flatMap(CredentialType.init(rawValue:)) }
    public var providerRaw: String? { raw["provider"]?.stringValue }
    public var provider: ProviderID? { providerRaw.flatMap(ProviderID.init(rawValue:)) }
    /// The part after `<provider>:`.
    public var name: String { id.firstIndex(of: ":").map { String(id[id.index(after: $0)...]) } ?? id }

    public var access: String? { nonEmpty("access") }
    public var refresh: String? { nonEmpty("refresh") }
    public var key: String? { nonEmpty("key") }
    public var token: String? { nonEmpty("token") }
    public var accountId: String? { nonEmpty("accountId") }
    public var email: String? { nonEmpty("email") }
    public var plan: String? { nonEmpty("plan") }
    public var expires: Date? { raw["expires"]?.int64Value.map(Date.init(epochMillis:)) }

    /// The secret a request would carry, whatever the type.
    public var secret: String? {
        switch type {
        case .oauth: access
        case .apiKey: key
        case .token: token
        case nil: nil
        }
    }

    /// docs/protocol/profiles.md#candidate-order, step 2: an empty key, an expired static token or an OAuth login
    /// with neither access nor refresh token cannot be used.
    public func isUsable(now: Date) -> Bool {
        guard provider != nil else { return false }
        switch type {
        case .apiKey: return key != nil
        case .token:
            guard token != nil else { return false }
            if let e = expires { return e > now }
            return true
        case .oauth: return access != nil || refresh != nil
        case nil: return false
        }
    }

    private func nonEmpty(_ k: String) -> String? {
        guard let s = raw[k]?.stringValue, !s.isEmpty else { return nil }
        return s
    }

    /// A new OAuth credential object in OpenClaw's field order.
    public static func oauthObject(
        provider: ProviderID, access: String, refresh: String?, expires: Date?,
        accountId: String?, email: String?, plan: String?
    ) -> JSONObject {
        var o = JSONObject()
        o["type"] = .string(CredentialType.oauth.rawValue)
        o["provider"] = .string(provider.rawValue)
        o["access"] = .string(access)
        o["refresh"] = .string(refresh ?? "")
        o["expires"] = .int((expires ?? Date(timeIntervalSince1970: 0)).epochMillis)
        if let accountId { o["accountId"] = .string(accountId) }
        if let email { o["email"] = .string(email) }
        if let plan { o["plan"] = .string(plan) }
        return o
    }

    public static func apiKeyObject(provider: ProviderID, key: String, email: String? = nil) -> JSONObject {
        var o = JSONObject()
        o["type"] = .string(CredentialType.apiKey.rawValue)
        o["provider"] = .string(provider.rawValue)
        o["key"] = .string(key)
        if let email { o["email"] = .string(email) }
        return o
    }

    /// Splits `<provider>:<name>`; the provider part must be a known id and the name non-empty.
    public static func parseId(_ id: String) -> (ProviderID, String)? {
        guard let i = id.firstIndex(of: ":"), let p = ProviderID(rawValue: String(id[..<i])) else { return nil }
        let name = String(id[id.index(after: i)...])
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else { return nil }
        return (p, name)
    }
}
