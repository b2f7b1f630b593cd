import Foundation
import SXCore
import SXAuth

public struct ModelAliasError: Error, Equatable, CustomStringConvertible {
    public let entry: String
    public let reason: String
    public var description: String {
        "MODEL_ALIASES: \"\(entry)\" \(reason) (expected name=provider/model, comma-separated)"
    }
}

/// Model aliases and capabilities. Built-in aliases (`sonnet`, `opus`, `haiku`, `codex`, `sol`, `gemini-pro`,
/// `gemini-flash`, …) plus the user's own from `MODEL_ALIASES=fast=google/gemini-3.5-flash,…`. Where a provider's
/// live list is known, `LiveCatalogs.resolve` moves a version-less alias to the newest listed model of its family.
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
    public static func load(_ settings: Settings) throws -> ModelCatalog {
        try ModelCatalog(userAliases: settings.model.aliases)
    }

    /// `a=b,c=d` (spaces and empty entries ignored) → `[a: b, c: d]`.
    public static func parseAliases(_ text: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for raw in text.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            let kv = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw ModelAliasError(entry: entry, reason: "has no =")
            }
            if ModelRef.namesUnknownProvider(kv[1]) {
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
        if let ref = ModelRef(parsing: name) {
            let p = ref.provider, rest = ref.model
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
        guard let info = models.first(where: { $0.id.lowercased() == key || $0.aliases.contains(key) }) else {
            return nil
        }
        let provider = current.flatMap { c in info.providers.contains(c) ? c : nil } ?? info.provider
        return ResolvedModel(provider: provider, model: info.id, capabilities: info.capabilities)
    }

    private func sameFamily(_ a: ProviderID, _ b: ProviderID) -> Bool {
        let family: (ProviderID) -> Int = {
            [.anthropic, .claudeCode].contains($0) ? 1 : [.openai, .openaiCodex].contains($0) ? 2 : 0
        }
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

    /// Capabilities of a model id at a provider: the built-in entry, else the family rules.
    public static func capabilities(provider: ProviderID, model: String) -> ModelCapabilities {
        family(provider: provider, model: model)
    }

    /// What a model family can do and how it is asked to think (Anthropic adaptive-only models,
    /// docs/protocol/anthropic.md#thinking-forms; Gemini budget ranges and levels,
    /// docs/protocol/gemini.md#thinking-config; Codex effort levels, docs/protocol/codex.md#model-catalog). Keyed by
    /// id prefix, never by exact id.
    public static func family(provider: ProviderID, model: String) -> ModelCapabilities {
        let id = model.lowercased()
        if id.hasPrefix("claude") { return claudeFamily(id) }
        if id.hasPrefix("gemini") { return geminiFamily(id) }
        if id.hasPrefix("gpt-") || id.hasPrefix("o1") || id.hasPrefix("o3") || id.hasPrefix("o4")
            || id.contains("codex")
        {
            return openAIFamily(id, provider: provider)
        }
        // A router's model, or anything else: tools yes, the rest unknown, so not offered.
        return ModelCapabilities(thinking: false, vision: false, contextWindow: 128_000, maxOutputTokens: 8192)
    }

    /// `claude-<tier>-<major>[-<minor>]…` or the older `claude-<major>[-<minor>]-<tier>…`.
    static func claudeVersion(_ id: String) -> (tier: String, major: Int, minor: Int)? {
        let parts = id.split(separator: "-").map(String.init)
        guard parts.count >= 3 else { return nil }
        if let tier = ["opus", "sonnet", "haiku"].first(where: { $0 == parts[1] }), let major = Int(parts[2]) {
            let minor = parts.count > 3 ? Int(parts[3]).flatMap { $0 < 100 ? $0 : nil } ?? 0 : 0
            return (tier, major, minor)
        }
        if let major = Int(parts[1]) {
            let minor = Int(parts[2]) ?? 0
            let tier = parts.first { ["opus", "sonnet", "haiku"].contains($0) } ?? ""
            return (tier, major, minor)
        }
        return nil
    }

    private static func claudeFamily(_ id: String) -> ModelCapabilities {
        guard let v = claudeVersion(id) else {
            return ModelCapabilities(
                thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 32_000,
                thinkingForm: .anthropicBudget(min: 1024))
        }
        let old = v.major < 3 || (v.major == 3 && v.minor < 7)
        if old {
            return ModelCapabilities(thinking: false, vision: true, contextWindow: 200_000, maxOutputTokens: 8192)
        }
        // Opus/Sonnet 4.6 brought adaptive thinking; 4.7 and later (and every 5.x) refuse `enabled`.
        let adaptive = v.major >= 5 || (v.major == 4 && v.minor >= 6 && v.tier != "haiku")
        if adaptive {
            return ModelCapabilities(
                thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 64_000,
                thinkingForm: .anthropicAdaptive, efforts: ["low", "medium", "high", "max"])
        }
        let output = v.tier == "opus" && v.major == 4 && v.minor < 5 ? 32_000 : 64_000
        return ModelCapabilities(
            thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: output,
            thinkingForm: .anthropicBudget(min: 1024))
    }

    private static func geminiFamily(_ id: String) -> ModelCapabilities {
        let big = { (form: ThinkingForm, efforts: [String]) in
            ModelCapabilities(
                thinking: true, vision: true, contextWindow: 1_048_576, maxOutputTokens: 65_536,
                thinkingForm: form, efforts: efforts)
        }
        if id.hasPrefix("gemini-3") || id.hasPrefix("gemini-4") { return big(.geminiLevel, ["low", "high"]) }
        if id.hasPrefix("gemini-2.5-pro") {
            return big(.geminiBudget(min: 128, max: 32_768, canDisable: false), ReasoningLevels.standard)
        }
        if id.hasPrefix("gemini-2.5-flash-lite") {
            return big(.geminiBudget(min: 512, max: 24_576, canDisable: true), ReasoningLevels.standard)
        }
        if id.hasPrefix("gemini-2.5") {
            return big(.geminiBudget(min: 0, max: 24_576, canDisable: true), ReasoningLevels.standard)
        }
        return ModelCapabilities(thinking: false, vision: true, contextWindow: 1_048_576, maxOutputTokens: 8192)
    }

    private static func openAIFamily(_ id: String, provider: ProviderID) -> ModelCapabilities {
        if id.hasPrefix("gpt-4") {
            return ModelCapabilities(thinking: false, vision: true, contextWindow: 128_000, maxOutputTokens: 16_384)
        }
        // Codex catalog 0.163: the 6.x and 5.6 families list low…max (and ultra but for luna); 5.5 low…xhigh.
        var efforts = ReasoningLevels.standard
        if id.hasPrefix("gpt-6") || id.hasPrefix("gpt-5.6") {
            efforts =
                id.contains("luna")
                ? ["low", "medium", "high", "xhigh", "max"]
                : ["low", "medium", "high", "xhigh", "max", "ultra"]
        } else if id.hasPrefix("gpt-5.5") {
            efforts = ["low", "medium", "high", "xhigh"]
        } else if id.hasPrefix("gpt-5") {
            efforts = ["minimal", "low", "medium", "high"]
        }
        let codex = provider == .openaiCodex
        var caps = ModelCapabilities(
            thinking: true, vision: true, contextWindow: codex ? 272_000 : 400_000,
            maxOutputTokens: 128_000, thinkingForm: .openAIEffort, efforts: efforts,
            usablePercent: codex ? 95 : 100)
        // The captured catalog gives every model of these families `apply_patch_tool_type: freeform`; until the live
        // list is read (and it decides), they get apply_patch as Codex CLI offers it.
        if codex && ["gpt-6", "gpt-5.6", "gpt-5.5"].contains(where: id.hasPrefix) { caps.applyPatch = .freeform }
        return caps
    }

    static func guessProvider(_ id: String) -> ProviderID {
        let l = id.lowercased()
        if l.hasPrefix("claude") { return .anthropic }
        if l.hasPrefix("gemini") { return .google }
        if l.hasPrefix("gpt") || l.hasPrefix("o1") || l.hasPrefix("o3") || l.hasPrefix("o4") { return .openai }
        return .router
    }
}
