import Foundation
import SXAuth

/// What a model can do, so that the TUI can grey out what it cannot (thinking, images, tools) and the providers
/// can size requests (`max_tokens` is required by Anthropic).
public struct ModelCapabilities: Sendable, Equatable {
    public var thinking: Bool
    public var vision: Bool
    public var tools: Bool
    public var contextWindow: Int
    public var maxOutputTokens: Int

    public init(thinking: Bool, vision: Bool, tools: Bool = true, contextWindow: Int, maxOutputTokens: Int) {
        self.thinking = thinking
        self.vision = vision
        self.tools = tools
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
    }
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
    public var qualified: String { "\(provider.displayName)/\(model)" }
}
