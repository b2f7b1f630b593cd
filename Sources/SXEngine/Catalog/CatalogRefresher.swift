import Foundation
import SXCore
import SXAuth

/// Reads a provider's list with its usual credential and keeps the cache: a new list replaces it, a 304 renews
/// its time, a failure keeps it (with the reason, for `sx models list`).
public struct CatalogRefresher: Sendable {
    /// Lists change a few times a month; reading them hourly at most costs nothing and never gets in the way.
    public static let maxAge: TimeInterval = 3600

    public enum Outcome: Sendable {
        /// The cache is younger than `maxAge`: nothing was asked.
        case current(LiveCatalog)
        case updated(LiveCatalog)
        /// 304 Not Modified: the cached list, with a new time.
        case confirmed(LiveCatalog)
        /// Nothing usable came back; `kept` is the cached list still in force (nil: the built-in table).
        case failed(String, kept: LiveCatalog?)
    }

    public let registry: ProviderRegistry
    public let credentials: CredentialProviding
    public let cache: CatalogCache
    public let fetcher: CatalogFetcher

    public init(
        registry: ProviderRegistry, credentials: CredentialProviding, cache: CatalogCache, fetcher: CatalogFetcher
    ) {
        self.registry = registry
        self.credentials = credentials
        self.cache = cache
        self.fetcher = fetcher
    }

    public func refresh(_ provider: ProviderID, force: Bool = false, now: Date = Date()) async -> Outcome {
        let old = cache.load(provider)
        if !force, let old, !old.isStale(now: now, maxAge: Self.maxAge) { return .current(old) }
        let kept = old.flatMap { $0.isKnown ? $0 : nil }
        guard let listing = (try? registry.provider(for: provider)) as? CatalogListing else {
            return .failed("\(provider.displayName) has no model list", kept: kept)
        }
        var credential: ResolvedCredential?
        if provider.needsCredential {
            guard let id = try? await credentials.profileIds(for: provider).first else {
                return .failed("no \(provider.displayName) login to read its model list with", kept: kept)
            }
            do {
                credential = try await credentials.credential(profileId: id, forceRefresh: false)
            } catch {
                return .failed("\(error)", kept: kept)
            }
        }
        guard let endpoint = listing.catalogEndpoint(credential: credential) else {
            return .failed("no \(provider.displayName) login to read its model list with", kept: kept)
        }
        let secrets = [credential?.secret].compactMap { $0 }
        switch await fetcher.fetch(provider, endpoint: endpoint, etag: kept?.etag, secrets: secrets) {
        case .models(let models, let etag):
            let fresh = LiveCatalog(provider: provider, fetchedAt: now, etag: etag, models: models)
            try? cache.save(fresh)
            return .updated(fresh)
        case .notModified:
            guard var c = kept else { return .failed("304 without a cached list", kept: nil) }
            c.fetchedAt = now
            c.lastError = nil
            c.failedAt = nil
            try? cache.save(c)
            return .confirmed(c)
        case .failed(let why):
            // Remember the failure so the next start does not ask again at once; the entries stay as they were.
            var c = kept ?? LiveCatalog(provider: provider, fetchedAt: .distantPast, models: [])
            c.lastError = why
            c.failedAt = now
            try? cache.save(c)
            return .failed(why, kept: kept)
        }
    }

    /// Refreshes the stale or missing lists of `providers` one after the other, off the caller's path: a session
    /// start reads the cache only and leaves this running. Cancel it before the HTTP pool shuts down.
    public func refreshInBackground(_ providers: [ProviderID]) -> Task<Void, Never> {
        Task.detached(priority: .utility) {
            for p in providers {
                if Task.isCancelled { return }
                _ = await refresh(p)
            }
        }
    }
}
