import Foundation
import SXCore
import SXAuth

/// Where a capability shown by `sx models list` came from.
public enum FactSource: String, Sendable { case server, builtIn = "built-in" }

/// The providers' cached lists merged with the built-in family rules: server facts win where the list gives them,
/// the family rules fill in the rest. With no list for a provider everything is the built-in table, as before.
public struct LiveCatalogs: Sendable {
    public var lists: [ProviderID: LiveCatalog]

    public init(_ lists: [ProviderID: LiveCatalog] = [:]) { self.lists = lists }

    /// Reads the cache files only (no network): safe on the path to the first frame.
    public static func load(_ cache: CatalogCache, providers: [ProviderID]) -> LiveCatalogs {
        var lists: [ProviderID: LiveCatalog] = [:]
        for p in providers { if let c = cache.load(p) { lists[p] = c } }
        return LiveCatalogs(lists)
    }

    /// The provider's list when one is known (read and not empty).
    public func known(_ provider: ProviderID) -> LiveCatalog? {
        lists[provider].flatMap { $0.isKnown ? $0 : nil }
    }

    public func capabilities(provider: ProviderID, model: String) -> ModelCapabilities {
        merged(provider: provider, model: model).capabilities
    }

    /// The model's capabilities and, per fact (`efforts`, `window`, `image input`, `thinking`), its source.
    public func merged(provider: ProviderID, model: String) -> (
        capabilities: ModelCapabilities, sources: [String: FactSource]
    ) {
        var caps = ModelCatalog.family(provider: provider, model: model)
        var src: [String: FactSource] = [
            "efforts": .builtIn, "window": .builtIn, "image input": .builtIn, "thinking": .builtIn
        ]
        guard let m = known(provider)?.model(model) else { return (caps, src) }
        if let efforts = m.efforts, !efforts.isEmpty {
            caps.efforts = efforts
            caps.thinking = true
            if caps.thinkingForm == .none { caps.thinkingForm = .openAIEffort }
            src["efforts"] = .server
            src["thinking"] = .server
        }
        if let d = m.defaultEffort, caps.efforts.contains(d) { caps.defaultEffort = d }
        // The live entry decides, a null included (the model is not trained on apply_patch).
        caps.applyPatch = m.applyPatchToolType.flatMap(ApplyPatchForm.init(rawValue:))
        if let w = m.contextWindow, w > 0 { caps.contextWindow = w; src["window"] = .server }
        if let p = m.usablePercent, (1...100).contains(p) { caps.usablePercent = p }
        if let o = m.maxOutputTokens, o > 0 { caps.maxOutputTokens = o }
        if let v = m.imageInput { caps.vision = v; src["image input"] = .server }
        if let t = m.thinking, m.efforts == nil {
            src["thinking"] = .server
            if !t {
                caps.thinking = false
                caps.thinkingForm = .none
                caps.efforts = []
            }
        }
        return (caps, src)
    }

    /// The provider's first listed model: Codex's visible model of lowest priority, Anthropic's newest (the list is
    /// newest first); for the others the built-in default while they list it, else their first. Nil without a list.
    public func defaultModel(_ provider: ProviderID) -> String? {
        guard let list = known(provider) else { return nil }
        let visible = list.models.filter { !$0.hidden }
        switch provider {
        case .openaiCodex, .anthropic, .claudeCode:
            return visible.first?.id
        default:
            let builtIn = ModelCatalog.builtInDefaultModel(for: provider)
            return list.model(builtIn) != nil ? builtIn : visible.first?.id
        }
    }
}
