import SXCore
import SXAuth

extension ModelCatalog {
    /// The offline fallback: models sx knows by name when no provider list has been read, with the aliases people
    /// type. What a provider's own list does not say (thinking form, efforts, output limit) comes from
    /// `capabilities(provider:model:)`, keyed by model family, so a model that is new tomorrow works today.
    /// Retired ids (`gpt-5` and `gpt-5.3-codex` for ChatGPT logins, `claude-opus-4-1`, `gemini-3-pro-preview`,
    /// `gemini-2.5-pro` / `-flash`) are not here, and no alias points at them.
    public static let builtIn: [ModelInfo] = [
        known("claude-sonnet-4-5", [.anthropic, .claudeCode], ["sonnet", "claude-sonnet", "sonnet-4.5"]),
        known("claude-opus-4-6", [.anthropic, .claudeCode], ["opus", "claude-opus", "opus-4.6"]),
        known("claude-opus-4-5", [.anthropic, .claudeCode], ["opus-4.5"]),
        known("claude-haiku-4-5", [.anthropic, .claudeCode], ["haiku", "claude-haiku", "haiku-4.5"]),
        known("gpt-5.5", [.openaiCodex, .openai], ["gpt5.5"]),
        known("gpt-6.1-sol", [.openaiCodex], ["codex", "gpt-codex", "sol"]),
        known("gpt-6-sol", [.openaiCodex], []),
        known("gpt-6-luna", [.openaiCodex], ["luna"]),
        known("gpt-5-mini", [.openai], ["gpt-mini"]),
        known("gpt-4.1", [.openai], ["gpt4.1"]),
        known("gemini-3.5-flash", [.google], ["gemini-flash", "flash", "gemini"]),
        known("gemini-3.1-pro-preview", [.google], ["gemini-pro", "gemini-3-pro", "gemini-3"])
    ]

    /// The built-in default model of a provider, for when no list has been read (`Engine.defaultModel(for:)`).
    static func builtInDefaultModel(for provider: ProviderID) -> String {
        switch provider {
        case .openaiCodex: "gpt-5.5"
        case .claudeCode, .anthropic: "claude-sonnet-4-5"
        case .openai: "gpt-5.5"
        case .google: "gemini-3.5-flash"
        case .router: "default"
        case .demo: "demo"
        }
    }

    private static func known(_ id: String, _ providers: [ProviderID], _ aliases: [String]) -> ModelInfo {
        ModelInfo(
            id: id, providers: providers, aliases: aliases,
            capabilities: family(provider: providers[0], model: id))
    }
}
