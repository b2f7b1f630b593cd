import Foundation
import SXCore

/// The changes the `sx auth` commands make, each one locked, re-read and (when it replaces or removes a
/// credential) backed up first.
extension ProfileStore {
    /// Stores a fresh OAuth login as `<provider>:<name>` and appends it to the provider's explicit order.
    @discardableResult
    public func saveOAuthLogin(provider: ProviderID, name: String, tokens: OAuthTokens) async throws -> String {
        let id = "\(provider.rawValue):\(name)"
        guard AuthProfile.parseId(id) != nil else { throw StoreError.invalidProfileId(id) }
        let now = clock.now()
        let claims = JWTClaims.merged(idToken: tokens.idToken, accessToken: tokens.accessToken)
        let obj = AuthProfile.oauthObject(
            provider: provider, access: tokens.accessToken, refresh: tokens.refreshToken,
            expires: tokens.expiry(now: now) ?? now.addingTimeInterval(3600),
            accountId: claims.accountId, email: claims.email, plan: claims.planType)
        let replaces = (try? load().profile(id)) != nil
        try await updateAsync(backup: replaces) { doc in
            var merged = doc.profile(id)?.raw ?? JSONObject()
            for (k, v) in obj.entries { merged[k] = v }
            // A new login is a clean slate: drop fields the old login had that the new one does not.
            for k in ["accountId", "email", "plan"] where obj[k] == nil { merged[k] = nil }
            doc.setProfile(id, merged)
            doc.setUsageStats(id, UsageStats())
            doc.appendToOrder(id, for: provider)
        }
        return id
    }

    /// Copies Codex's login into the store. A profile with the same account id is replaced (deduplicated);
    /// otherwise a new `openai-codex:<name>` is created. Returns the id and whether an existing one was replaced.
    public func importCodex(_ file: CodexAuthFile, name: String?) async throws -> (id: String, replaced: Bool) {
        let claims = file.claims
        let accountId = file.accountId ?? claims.accountId
        return try await updateAsync(backup: true) { doc in
            var id: String
            var replaced = false
            if let accountId, let same = doc.profiles(for: .openaiCodex).first(where: { $0.accountId == accountId }),
                name == nil || same.name == name
            {
                id = same.id
                replaced = true
            } else {
                let base = name ?? "codex"
                id = "openai-codex:\(base)"
                if doc.profile(id) != nil {
                    if name != nil {
                        replaced = true
                    } else {
                        var n = 2
                        while doc.profile("openai-codex:\(base)-\(n)") != nil { n += 1 }
                        id = "openai-codex:\(base)-\(n)"
                    }
                }
            }
            guard AuthProfile.parseId(id) != nil else { throw StoreError.invalidProfileId(id) }
            var obj = AuthProfile.oauthObject(
                provider: .openaiCodex, access: file.accessToken, refresh: file.refreshToken,
                expires: file.expires ?? clock.now(), accountId: accountId,
                email: claims.email, plan: claims.planType)
            obj["importedFrom"] = .string("codex-cli")
            doc.setProfile(id, obj)
            doc.setUsageStats(id, UsageStats())
            doc.appendToOrder(id, for: .openaiCodex)
            return (id, replaced)
        }
    }

    /// Stores an API key as `<provider>:<name>`.
    @discardableResult
    public func addKey(provider: ProviderID, name: String, key: String) async throws -> String {
        let id = "\(provider.rawValue):\(name)"
        guard AuthProfile.parseId(id) != nil else { throw StoreError.invalidProfileId(id) }
        let replaces = (try? load().profile(id)) != nil
        try await updateAsync(backup: replaces) { doc in
            doc.setProfile(id, AuthProfile.apiKeyObject(provider: provider, key: key))
            doc.appendToOrder(id, for: provider)
        }
        return id
    }

    /// Removes a profile (with a backup first).
    public func logout(_ id: String) async throws {
        try await updateAsync(backup: true) { doc in
            guard doc.allProfiles.contains(where: { $0.id == id }) else { throw StoreError.unknownProfile(id) }
            doc.removeProfile(id)
        }
    }

    /// Sets `order[provider]`; every id must be a stored profile of that provider.
    public func setOrder(_ ids: [String], for provider: ProviderID) async throws {
        try await updateAsync { doc in
            for id in ids {
                guard let p = doc.profile(id) else { throw StoreError.unknownProfile(id) }
                guard p.providerRaw == provider.rawValue else { throw StoreError.invalidProfileId(id) }
            }
            doc.setOrder(ids.isEmpty ? nil : ids, for: provider)
        }
    }
}
