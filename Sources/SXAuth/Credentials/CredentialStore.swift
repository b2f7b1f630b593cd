import Crypto
import Foundation
import SXCore

/// The store-backed `CredentialProviding`: hands out credentials, refreshing OAuth logins when needed.
///
/// Single flight: within the process, concurrent requests for one profile share one task (`inFlight`); across
/// processes, a refresh happens only while holding that profile's refresh lock (`refreshLockURL`) and the store lock,
/// after re-reading the file (`CredentialStore+Refresh.swift`). Both are held for the duration of the refresh call:
/// refresh tokens rotate, so letting a second process (sx, or an OpenClaw sharing the store, which refreshes inside
/// the store lock) read the old refresh token while the first spends it would make one of them fail with
/// `refresh_token_reused` and kill the login. The call is bounded (`refreshCallTimeout`) below the store lock's
/// stale time, and waiters wait longer than that.
public actor CredentialStore: CredentialProviding {
    public nonisolated let store: ProfileStore
    public nonisolated let settings: AuthSettings
    nonisolated let http: AuthHTTP
    nonisolated let clock: any SXClock

    /// Refresh when the access token expires within this margin (docs/protocol/profiles.md#token-refresh).
    public static let refreshMargin: TimeInterval = 300
    /// A forced refresh right after one this process made is served from that one (two 401s, one refresh).
    static let recentRefresh: TimeInterval = 30
    /// Longer than one refresh call, so a process queued behind another's refresh gets its result.
    static let refreshLockTimeout: Double = 75
    /// The token call made while holding the store lock ends within this many seconds: well under the lock's stale
    /// time (`StoreLock.staleAfter`, OpenClaw's 30 s), so no waiter takes the lock over from a slow refresh, and under
    /// the store's own lock wait (35 s), so a writer queued behind a refresh does not time out.
    static let refreshCallTimeout: Int64 = 20

    public static let codexCLIProfileId = "openai-codex:codex-cli"
    public static let claudeCLIProfileId = "anthropic:claude-cli"
    public static let remoteProfileId = "openai-codex:remote"
    public static let sshProfileId = "openai-codex:ssh"

    private var inFlight: [String: Task<ResolvedCredential, any Error>] = [:]
    var lastRefresh: [String: Date] = [:]
    /// Digests of refresh tokens the issuer called dead: asking again would only repeat the failure.
    var deadRefreshTokens: Set<String> = []

    public init(paths: SXPaths, settings: AuthSettings, pool: HTTPClientPool, clock: any SXClock = SystemClock()) {
        self.init(
            store: ProfileStore(paths: paths, clock: clock), settings: settings, http: AuthHTTP(pool: pool),
            clock: clock)
    }

    public init(store: ProfileStore, settings: AuthSettings, http: AuthHTTP, clock: any SXClock = SystemClock()) {
        self.store = store
        self.settings = settings
        self.http = http
        self.clock = clock
    }

    // MARK: CredentialProviding

    /// A call that arrives while another for the same profile is running shares that call's result.
    public func credential(profileId: String, forceRefresh: Bool) async throws -> ResolvedCredential {
        if let running = inFlight[profileId] { return try await running.value }
        let task = Task { try await self.resolve(profileId, force: forceRefresh) }
        inFlight[profileId] = task
        defer { inFlight[profileId] = nil }
        return try await task.value
    }

    private func resolve(_ id: String, force: Bool) async throws -> ResolvedCredential {
        switch id {
        case Self.remoteProfileId, Self.sshProfileId:
            return try await fetchedCredential(id, fetcher: try makeFetcher(id), force: force)
        default:
            break
        }
        let doc = try store.load()
        guard var p = doc.profile(id) else {
            if id == Self.codexCLIProfileId { return try codexCLICredential() }
            throw CredentialError.unknownProfile(id)
        }
        if p.type == .oauth { p = try await adoptNewerCLILogin(p) }
        guard let provider = p.provider else { throw CredentialError.unusable(profileId: id, why: "unknown provider") }
        let now = clock.now()
        switch p.type {
        case .apiKey:
            guard let key = p.key else { throw CredentialError.unusable(profileId: id, why: "the API key is empty") }
            return ResolvedCredential(profileId: id, provider: provider, kind: .apiKey, secret: key, email: p.email)
        case .token:
            guard let t = p.token else { throw CredentialError.unusable(profileId: id, why: "the token is empty") }
            if let e = p.expires, e <= now {
                throw CredentialError.unusable(profileId: id, why: "the static token expired; add a new one")
            }
            return ResolvedCredential(
                profileId: id, provider: provider, kind: .token, secret: t, email: p.email,
                expiresAt: p.expires)
        case .oauth:
            if !force, p.access != nil, !Self.isStale(p, now: now) { return Self.resolved(p) }
            if force, let last = lastRefresh[id], now.timeIntervalSince(last) < Self.recentRefresh, p.access != nil {
                return Self.resolved(p)
            }
            return try await refreshUnderLock(id, seenAccess: p.access, force: force)
        case nil:
            throw CredentialError.unusable(profileId: id, why: "unknown credential type")
        }
    }

    static func isStale(_ p: AuthProfile, now: Date) -> Bool {
        guard let e = p.expires else { return true }
        return e.timeIntervalSince(now) < refreshMargin
    }

    static func resolved(_ p: AuthProfile) -> ResolvedCredential {
        ResolvedCredential(
            profileId: p.id, provider: p.provider ?? .openaiCodex, kind: .oauth, secret: p.access ?? "",
            accountId: p.accountId, email: p.email, expiresAt: p.expires)
    }

    // MARK: refresh

    /// `$SX_HOME/auth-profiles.refresh.<profile>.lock`: one lock file per profile, so refreshes of different
    /// profiles run side by side and none of them blocks the store lock.
    public static func refreshLockURL(_ paths: SXPaths, profileId: String) -> URL {
        let safe = String(
            profileId.unicodeScalars.map { c -> Character in
                CharacterSet.alphanumerics.contains(c) && c.isASCII || c == "-" || c == "_" || c == "."
                    ? Character(c) : "_"
            }.prefix(64))
        // The digest keeps two ids that sanitize alike (`a:b`, `a_b`) apart.
        let tag = SHA256.hash(data: Data(profileId.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        return paths.home.appendingPathComponent("auth-profiles.refresh.\(safe).\(tag).lock")
    }

    // MARK: token sources

    nonisolated func makeFetcher(_ id: String) throws -> any CodexTokenFetcher {
        if id == Self.remoteProfileId {
            return try RemoteTokenFetcher(
                urlString: settings.remoteURL, bearer: settings.remoteToken, http: http, clock: clock)
        }
        guard let ssh = settings.ssh else {
            throw AuthSettingsError.missing(key: "CODEX_SSH_HOST", why: "CODEX_TOKEN_SOURCE=ssh")
        }
        return SSHTokenFetcher(settings: ssh, clock: clock)
    }

    /// Remote and ssh tokens: cached in the store, fetched again when (nearly) expired or after a 401.
    private func fetchedCredential(_ id: String, fetcher: any CodexTokenFetcher, force: Bool) async throws
        -> ResolvedCredential
    {
        let now = clock.now()
        let cached = try store.load().profile(id)
        if let c = cached, c.access != nil {
            let fresh = c.expires.map { $0.timeIntervalSince(now) > 60 } ?? false
            let recent = lastRefresh[id].map { now.timeIntervalSince($0) < Self.recentRefresh } ?? false
            if (!force && fresh) || (force && recent) { return Self.resolved(c) }
        }
        let t: FetchedToken
        do {
            t = try await fetcher.fetch()
        } catch {
            // The owner is unreachable but the cached token still works: use it until it expires.
            if !force, let c = cached, c.access != nil, let e = c.expires, e > now { return Self.resolved(c) }
            throw error
        }
        if let e = t.expiresAt, e <= now { throw TokenSourceError.expired(source: id) }
        let claims = JWTClaims.merged(idToken: t.idToken, accessToken: t.accessToken)
        var obj = AuthProfile.oauthObject(
            provider: .openaiCodex, access: t.accessToken, refresh: nil,
            expires: t.expiresAt ?? now.addingTimeInterval(3600),
            accountId: t.accountId ?? claims.accountId, email: claims.email,
            plan: claims.planType)
        // No refresh token is kept: the owner refreshes. The marker keeps sx from ever trying.
        obj["refresh"] = nil
        obj["source"] = .string(id == Self.remoteProfileId ? "remote" : "ssh")
        try await store.updateAsync { doc in doc.setProfile(id, obj) }
        lastRefresh[id] = now
        return Self.resolved(AuthProfile(id: id, raw: obj))
    }

    /// Codex CLI's own login, read only, never refreshed by sx.
    nonisolated func codexCLICredential() throws -> ResolvedCredential {
        let f = try CodexAuthFile.read(settings.codexAuthFile)
        if let e = f.expires, e <= clock.now() {
            throw CredentialError.codexCLIExpired(path: settings.codexAuthFile.path)
        }
        let c = f.claims
        return ResolvedCredential(
            profileId: Self.codexCLIProfileId, provider: .openaiCodex, kind: .oauth,
            secret: f.accessToken, accountId: f.accountId, email: c.email, expiresAt: f.expires)
    }
}
