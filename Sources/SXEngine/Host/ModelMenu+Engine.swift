import Foundation
import SXCore

/// The model picker's entries: each provider's live list where one is cached (hidden models kept apart, shown only
/// when typed), else its built-in models; with the efforts each model lists, for Ctrl+T.
extension ModelMenu {
    public static func build(engine: Engine) -> ModelMenu {
        var out = ModelMenu()
        let builtIn = (try? ModelCatalog.load(engine.settings)) ?? (try? ModelCatalog())
        for p in engine.registry.available.sorted(by: { $0.rawValue < $1.rawValue }) {
            if let list = engine.catalogs.known(p) {
                for m in list.models { out.add(provider: p, model: m.id, hidden: m.hidden, catalogs: engine.catalogs) }
            } else {
                for m in builtIn?.models(for: p) ?? [] {
                    out.add(provider: p, model: m.id, hidden: false, catalogs: engine.catalogs)
                }
            }
        }
        return out
    }

    mutating func add(
        provider: ProviderID, model: String, hidden isHidden: Bool, catalogs: LiveCatalogs, first: Bool = false
    ) {
        let q = ModelRef(provider: provider, model: model).description
        guard providers[q] == nil else { return }
        if first { models.insert(q, at: 0) } else { models.append(q) }
        providers[q] = provider.rawValue
        efforts[q] = catalogs.capabilities(provider: provider, model: model).efforts
        if isHidden { hidden.insert(q) }
    }

    /// The session's model is always offered (first), even when no list names it.
    public mutating func ensure(provider: ProviderID, model: String, catalogs: LiveCatalogs) {
        let q = ModelRef(provider: provider, model: model).description
        hidden.remove(q)
        add(provider: provider, model: model, hidden: false, catalogs: catalogs, first: true)
    }
}
