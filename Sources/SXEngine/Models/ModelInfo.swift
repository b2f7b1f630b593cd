import Foundation
import SXCore
import SXAuth

/// How a model is asked to think. Each provider has its own forms, and a model accepts only some of them
/// (docs/protocol/anthropic.md#thinking-forms: Anthropic's adaptive-only models refuse `enabled`;
/// docs/protocol/gemini.md#thinking-config: Gemini 2.5 takes a budget in a per-model range, Gemini 3 a level).
public enum ThinkingForm: Sendable, Equatable {
    /// No thinking control (the request carries none).
    case none
    /// OpenAI / Codex `reasoning.effort` (Chat Completions `reasoning_effort`).
    case openAIEffort
    /// Anthropic `thinking: {type: "enabled", budget_tokens}` with `budget_tokens` ≥ `min` and below `max_tokens`.
    case anthropicBudget(min: Int)
    /// Anthropic `thinking: {type: "adaptive"}` plus `output_config: {effort}`; `enabled` is refused.
    case anthropicAdaptive
    /// Gemini `thinkingConfig.thinkingBudget` within `min...max` (`-1` is dynamic); 0 turns thinking off only where
    /// `canDisable`.
    case geminiBudget(min: Int, max: Int, canDisable: Bool)
    /// Gemini 3 `thinkingConfig.thinkingLevel` (`low` / `high`).
    case geminiLevel
}

/// What a model can do, so that the TUI can grey out what it cannot (thinking, images, tools) and the providers
/// can size requests (`max_tokens` is required by Anthropic).
public struct ModelCapabilities: Sendable, Equatable {
    public var thinking: Bool
    public var vision: Bool
    public var tools: Bool
    public var contextWindow: Int
    public var maxOutputTokens: Int
    /// The request form thinking takes for this model.
    public var thinkingForm: ThinkingForm
    /// Reasoning efforts the model accepts, lowest first (empty: no effort setting). An effort outside the list is
    /// clamped to the nearest listed one before a request.
    public var efforts: [String]
    /// The effort used when none is configured (nil: send none, the server decides).
    public var defaultEffort: String?
    /// Share of `contextWindow` usable for the conversation (Codex lists 95 %), for the context meter.
    public var usablePercent: Int
    /// The model edits with `apply_patch` (its catalog entry says so) instead of `edit_file`, in this form.
    public var applyPatch: ApplyPatchForm?

    public init(
        thinking: Bool, vision: Bool, tools: Bool = true, contextWindow: Int, maxOutputTokens: Int,
        thinkingForm: ThinkingForm? = nil, efforts: [String]? = nil, defaultEffort: String? = nil,
        usablePercent: Int = 100
    ) {
        self.thinking = thinking
        self.vision = vision
        self.tools = tools
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.thinkingForm = thinkingForm ?? (thinking ? .openAIEffort : .none)
        self.efforts = efforts ?? (thinking ? ReasoningLevels.standard : [])
        self.defaultEffort = defaultEffort
        self.usablePercent = usablePercent
    }

    /// `wanted` clamped to the levels this model lists: kept when listed, else the nearest listed level by the
    /// order of `ReasoningLevels.all` (`ultra` on a model that stops at `xhigh` becomes `xhigh`). `none`/`off`
    /// stay as they are (they mean "no thinking", which every form can express by omission).
    public func clampEffort(_ wanted: String?) -> String? {
        guard let wanted = wanted?.lowercased(), !wanted.isEmpty else { return defaultEffort }
        if ReasoningLevels.off.contains(wanted) { return wanted }
        guard !efforts.isEmpty else { return nil }
        if efforts.contains(wanted) { return wanted }
        guard let rank = ReasoningLevels.all.firstIndex(of: wanted) else { return defaultEffort ?? efforts.first }
        return efforts.min { a, b in
            let da = abs((ReasoningLevels.all.firstIndex(of: a) ?? 0) - rank)
            let db = abs((ReasoningLevels.all.firstIndex(of: b) ?? 0) - rank)
            return da != db
                ? da < db : (ReasoningLevels.all.firstIndex(of: a) ?? 0) > (ReasoningLevels.all.firstIndex(of: b) ?? 0)
        }
    }
}

/// How a model that edits with `apply_patch` wants it offered (Codex catalog `apply_patch_tool_type`).
public enum ApplyPatchForm: String, Sendable, Equatable {
    /// A Responses `custom` tool: the model writes the patch as plain text in a lark grammar.
    case freeform
    /// A function with one string argument holding the patch.
    case function
}

/// The reasoning effort names the providers use, lowest first.
public enum ReasoningLevels {
    public static let all = ["minimal", "low", "medium", "high", "xhigh", "max", "ultra"]
    public static let standard = ["low", "medium", "high"]
    public static let off: Set<String> = ["none", "off", "disabled"]
}

/// One known model: its id at its providers, the aliases people type, and its capabilities.
public struct ModelInfo: Sendable, Equatable {
    public var id: String
    /// Providers that serve this id, the preferred one first (`sonnet` → anthropic, also claude-code).
    public var providers: [ProviderID]
    public var aliases: [String]
    public var capabilities: ModelCapabilities

    public init(id: String, providers: [ProviderID], aliases: [String] = [], capabilities: ModelCapabilities) {
        self.id = id
        self.providers = providers
        self.aliases = aliases
        self.capabilities = capabilities
    }

    public var provider: ProviderID { providers[0] }
}

/// A model choice after alias resolution.
public struct ResolvedModel: Sendable, Equatable {
    public var provider: ProviderID
    public var model: String
    public var capabilities: ModelCapabilities

    public init(provider: ProviderID, model: String, capabilities: ModelCapabilities) {
        self.provider = provider
        self.model = model
        self.capabilities = capabilities
    }

    /// `provider/model`, the form `--model` and `FALLBACK_MODELS` accept.
    public var qualified: String { ModelRef(provider: provider, model: model).description }
}
