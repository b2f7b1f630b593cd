import Foundation
import SXCore
import SXAuth

extension Session {
    /// What the model can do: the provider's list merged with the family rules (the family rules alone without a list).
    func capabilities(_ target: ModelRef) -> ModelCapabilities {
        options.catalogs.capabilities(provider: target.provider, model: target.model)
    }

    /// The configured effort clamped to the levels the model lists (its default when none is configured). A model
    /// with no levels at all gets the setting as it is: its request builder decides whether to send it.
    func effort(_ wanted: String?, _ caps: ModelCapabilities) -> String? {
        caps.efforts.isEmpty ? wanted : caps.clampEffort(wanted)
    }

    /// A notice queued before the first prompt (the stream is unbounded, so it waits for the front end).
    public nonisolated func announceEarly(_ text: String) {
        continuation.yield(.notice(text))
    }
}

extension Engine {
    /// The provider's upgrade hint for `model` (Codex `upgrade.model`), once ever: remembered in the cache folder.
    func upgradeHint(provider: ProviderID, model: String) -> String? {
        guard let up = catalogs.known(provider)?.model(model)?.upgrade, !up.isEmpty, up != model else { return nil }
        guard catalogRefresher.cache.markShown("\(provider.rawValue)/\(model)->\(up)") else { return nil }
        return "\(provider.displayName) suggests moving from \(model) to \(up) (--model \(up), or MODEL=\(up))"
    }
}

extension Engine {
    /// Starts the background read of the lists a session may use (its provider and its fallbacks' providers,
    /// those with a login), each only when missing or older than an hour. Cancel it before `shutdown`.
    public func refreshCatalogs(for options: SessionOptions) -> Task<Void, Never> {
        var providers: [ProviderID] = []
        for p in [options.provider] + options.fallbacks.map(\.provider)
        where p != .demo && !providers.contains(p) && registry.available.contains(p) && hasLogin(p) {
            providers.append(p)
        }
        return catalogRefresher.refreshInBackground(providers)
    }
}
