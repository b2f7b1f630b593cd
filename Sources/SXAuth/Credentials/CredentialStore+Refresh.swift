import Crypto
import Foundation
import SXCore
import NIOCore

extension CredentialStore {
    /// One refresh, holding across the token call the profile's refresh lock (sx processes queue there, then find
    /// the new tokens) and the store lock. The store lock because OpenClaw refreshes inside it (openclaw
    /// `src/agents/auth-profiles/oauth.ts` `refreshOAuthTokenWithLock`: `withFileLock(authPath,
    /// AUTH_STORE_LOCK_OPTIONS, …)` around re-read, token call and save; later versions nest that inside their
    /// cross-agent refresh lock): holding it is what keeps an OpenClaw sharing the file from spending the same
    /// rotating refresh token. Other writers wait for the call, which ends within `refreshCallTimeout`.
    func refreshUnderLock(_ id: String, seenAccess: String?, force: Bool) async throws -> ResolvedCredential {
        try store.paths.ensureHome()
        let refreshLock = try await FileLock.acquireAsync(
            Self.refreshLockURL(store.paths, profileId: id).path,
            timeout: Self.refreshLockTimeout)
        defer { withExtendedLifetime(refreshLock) {} }
        let lock = try await store.lockAsync()
        defer { withExtendedLifetime(lock) {} }
        // Under the store lock no writer (sx or OpenClaw) can change the file: this read is current. A mirrored CLI
        // file that holds a newer login (the CLI refreshed or logged in again) is adopted first.
        let cli = CLILoginFile.kind(forProfile: id).flatMap { CLILoginFile.read($0, cliLoginURL($0)) }
        if let cli, let p = try store.load().profile(id), Self.cliIsNewer(cli, than: p) {
            try store.updateLocked(lock) { doc in try Self.adopt(cli, as: id, into: &doc) }
        }
        guard let p = try store.load().profile(id), let provider = p.provider else {
            throw CredentialError.unknownProfile(id)
        }
        let now = clock.now()
        // Someone (another process) refreshed while we waited for the lock: use theirs.
        if p.access != nil, p.access != seenAccess, !Self.isStale(p, now: now) { return Self.resolved(p) }
        if !force, p.access != nil, !Self.isStale(p, now: now) { return Self.resolved(p) }
        guard let rt = p.refresh else {
            if !force, p.access != nil, let e = p.expires, e > now { return Self.resolved(p) }
            throw CredentialError.reloginNeeded(profileId: id, reason: "no refresh token stored")
        }
        let digest = Self.digest(id, rt)
        if deadRefreshTokens.contains(digest) {
            throw CredentialError.reloginNeeded(profileId: id, reason: "the refresh token was rejected earlier")
        }
        let tokens: OAuthTokens
        do {
            tokens = try await callRefresh(provider: provider, refreshToken: rt)
        } catch let e as OAuthError {
            if case .permanent(let code, let status) = e {
                deadRefreshTokens.insert(digest)
                try? store.updateLocked(lock) { doc in
                    guard doc.profile(id)?.refresh == rt else { return }
                    var s = doc.usageStats(id)
                    CooldownPolicy.applyFailure(&s, reason: .authPermanent, until: nil, model: nil, now: now)
                    doc.setUsageStats(id, s)
                }
                throw CredentialError.reloginNeeded(profileId: id, reason: code ?? "HTTP \(status)")
            }
            // A transient failure while the old token still works: keep using it, try again next time.
            if !force, p.access != nil, let exp = p.expires, exp > now { return Self.resolved(p) }
            throw CredentialError.refreshFailed(profileId: id, message: e.description)
        } catch let e as AuthHTTPError {
            if !force, p.access != nil, let exp = p.expires, exp > now { return Self.resolved(p) }
            throw CredentialError.refreshFailed(profileId: id, message: e.description)
        }
        // The old refresh token is dead now: persist the new pair before anyone uses the new access token, first in
        // the store (ours, under our lock), then in the mirrored CLI's own file.
        let claims = JWTClaims.merged(idToken: tokens.idToken, accessToken: tokens.accessToken)
        let expires = tokens.expiry(now: now) ?? now.addingTimeInterval(3600)
        try store.updateLocked(lock) { doc in
            try doc.editProfile(id) { c in
                c["access"] = .string(tokens.accessToken)
                if let r = tokens.refreshToken, !r.isEmpty { c["refresh"] = .string(r) }
                c["expires"] = .int(expires.epochMillis)
                if let a = claims.accountId { c["accountId"] = .string(a) }
                if let e = claims.email { c["email"] = .string(e) }
                if let pl = claims.planType { c["plan"] = .string(pl) }
            }
            var s = doc.usageStats(id)
            if s.disabledReason == .authPermanent || s.disabledReason == .auth {
                s.disabledUntil = nil
                s.disabledReason = nil
                doc.setUsageStats(id, s)
            }
        }
        lastRefresh[id] = clock.now()
        if let cli, cli.refresh == rt {
            do {
                try cli.updated(with: tokens, expires: expires, now: now).writeBack(paths: store.paths, now: now)
            } catch {
                // The file is as it was (the write is a rename); the new pair is safe in the store.
                throw CredentialError.mirrorWriteBackFailed(
                    profileId: id, path: cli.url.path,
                    reason: Redact.scrub(String(describing: error), secrets: [rt]))
            }
        }
        guard let saved = try store.load().profile(id) else { throw CredentialError.unknownProfile(id) }
        return Self.resolved(saved)
    }

    func callRefresh(provider: ProviderID, refreshToken: String) async throws -> OAuthTokens {
        var bounded = http
        bounded.timeout = .seconds(Self.refreshCallTimeout)
        switch provider {
        case .openaiCodex:
            return try await OpenAIOAuth(
                issuer: settings.issuer, http: bounded, originator: settings.originator,
                userAgent: "sx"
            ).refresh(refreshToken: refreshToken)
        case .claudeCode, .anthropic:
            return try await ClaudeOAuth(authBase: settings.claudeAuthURL, http: bounded).refresh(
                refreshToken: refreshToken)
        default:
            throw CredentialError.unusable(
                profileId: provider.rawValue, why: "sx cannot refresh OAuth logins of this provider")
        }
    }

    static func digest(_ id: String, _ token: String) -> String {
        SHA256.hash(data: Data((id + "\u{0}" + token).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
