import Foundation
import SXAuth

public struct ModelAliasError: Error, Equatable, CustomStringConvertible {
    public let entry: String
    public let reason: String
    public var description: String { "MODEL_ALIASES: \"\(entry)\" \(reason) (expected name=provider/model, comma-separated)" }
}

/// Model aliases and capabilities. Built-in aliases (`sonnet`, `opus`, `haiku`, `gpt-5.5`, `gpt-5.3-codex`, `codex`,
/// `gemini-pro`, `gemini-flash`, …) plus the user's own from `MODEL_ALIASES=fast=google/gemini-2.5-flash,…`.
/// Unknown ids still get capabilities, guessed from their family, so that a new model works on day one.
public struct ModelCatalog: Sendable {
    public let models: [ModelInfo]
    /// User aliases: name → `provider/model` (or a bare model id or another alias).
    public let userAliases: [String: String]

    public init(models: [ModelInfo] = ModelCatalog.builtIn, userAliases: String? = nil) throws {
        self.models = models
        self.userAliases = try userAliases.map(Self.parseAliases) ?? [:]
    }

    /// The built-in models plus the user's `MODEL_ALIASES`.
    public static func load(_ config: Config) throws -> ModelCatalog {
        try ModelCatalog(userAliases: config["MODEL_ALIASES"])
    }

    /// `a=b,c=d` (spaces and empty entries ignored) → `[a: b, c: d]`.
    public static func parseAliases(_ text: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for raw in text.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            let kv = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else { throw ModelAliasError(entry: entry, reason: "has no =") }
            if let slash = kv[1].firstIndex(of: "/"), ProviderID(userInput: String(kv[1][..<slash])) == nil {
                throw ModelAliasError(entry: entry, reason: "names an unknown provider")
            }
            out[kv[0].lowercased()] = kv[1]
        }
        return out
    }

    /// Resolves what a person typed: `provider/model`, a user alias, a built-in alias or id, else a plain model id
    /// for `current`. A model that the current provider also serves stays on it (`gpt-5.5` under codex stays codex;
    /// `sonnet` under claude-code stays claude-code).
    public func resolve(_ input: String, current: ProviderID? = nil) -> ResolvedModel {
        resolve(input, current: current, depth: 0)
    }

    private func resolve(_ input: String, current: ProviderID?, depth: Int) -> ResolvedModel {
        let name = input.trimmingCharacters(in: .whitespaces)
        if let slash = name.firstIndex(of: "/"), let p = ProviderID(userInput: String(name[..<slash])) {
            let rest = String(name[name.index(after: slash)...])
            let inner = resolveName(rest, current: p, depth: depth)
            let model = inner.flatMap { $0.provider == p || sameFamily($0.provider, p) ? $0.model : nil } ?? rest
            return ResolvedModel(provider: p, model: model, capabilities: Self.capabilities(provider: p, model: model))
        }
        if let r = resolveName(name, current: current, depth: depth) { return r }
        let p = current ?? Self.guessProvider(name)
        return ResolvedModel(provider: p, model: name, capabilities: Self.capabilities(provider: p, model: name))
    }

    private func resolveName(_ name: String, current: ProviderID?, depth: Int) -> ResolvedModel? {
        let key = name.lowercased()
        // Aliases may name aliases; a cycle stops after a few hops and falls through to the plain id.
        if depth < 4, let target = userAliases[key] {
            return resolve(target, current: current, depth: depth + 1)
        }
        guard let info = models.first(where: { $0.id.lowercased() == key || $0.aliases.contains(key) }) else { return nil }
        let provider = current.flatMap { c in info.providers.contains(c) ? c : nil } ?? info.provider
        return ResolvedModel(provider: provider, model: info.id, capabilities: info.capabilities)
    }

    private func sameFamily(_ a: ProviderID, _ b: ProviderID) -> Bool {
        let family: (ProviderID) -> Int = { [.anthropic, .claudeCode].contains($0) ? 1 : [.openai, .openaiCodex].contains($0) ? 2 : 0 }
        return family(a) != 0 && family(a) == family(b)
    }

    /// The known models a provider serves, for the picker.
    public func models(for provider: ProviderID) -> [ModelInfo] {
        models.filter { $0.providers.contains(provider) }
    }

    /// Every alias (built-in and user) with what it resolves to, for `sx models` and the picker.
    public func aliases(current: ProviderID? = nil) -> [(alias: String, target: ResolvedModel)] {
        var out: [(String, ResolvedModel)] = []
        for m in models { for a in m.aliases { out.append((a, resolve(a, current: current))) } }
        for a in userAliases.keys.sorted() { out.append((a, resolve(a, current: current))) }
        return out
    }

    /// Capabilities of a model id at a provider: the catalog entry, else a guess from the id's family.
    public static func capabilities(provider: ProviderID, model: String) -> ModelCapabilities {
        let id = model.lowercased()
        if let info = builtIn.first(where: { $0.id == id }) { return info.capabilities }
        if id.hasPrefix("claude") {
            let old = id.contains("claude-3-") && !id.contains("3-7")
            return ModelCapabilities(thinking: !old, vision: true, contextWindow: 200_000, maxOutputTokens: old ? 8192 : 32_000)
        }
        if id.hasPrefix("gemini") {
            let thinks = id.contains("2.5") || id.contains("gemini-3")
            return ModelCapabilities(thinking: thinks, vision: true, contextWindow: 1_048_576, maxOutputTokens: 65_536)
        }
        if id.hasPrefix("gpt-5") || id.hasPrefix("o1") || id.hasPrefix("o3") || id.hasPrefix("o4") || id.contains("codex") {
            return ModelCapabilities(thinking: true, vision: true, contextWindow: 400_000, maxOutputTokens: 128_000)
        }
        if id.hasPrefix("gpt-4") {
            return ModelCapabilities(thinking: false, vision: true, contextWindow: 128_000, maxOutputTokens: 16_384)
        }
        // A router's model, or anything else: tools yes, the rest unknown, so not offered.
        return ModelCapabilities(thinking: false, vision: false, contextWindow: 128_000, maxOutputTokens: 8192)
    }

    static func guessProvider(_ id: String) -> ProviderID {
        let l = id.lowercased()
        if l.hasPrefix("claude") { return .anthropic }
        if l.hasPrefix("gemini") { return .google }
        if l.hasPrefix("gpt") || l.hasPrefix("o1") || l.hasPrefix("o3") || l.hasPrefix("o4") { return .openai }
        return .router
    }
}
