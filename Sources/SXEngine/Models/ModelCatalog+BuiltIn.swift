import SXAuth

extension ModelCatalog {
    /// The models sx knows by name. Output limits are the documented maxima; `max_tokens` is required by Anthropic
    /// and these keep long edits from being cut.
    public static let builtIn: [ModelInfo] = [
        ModelInfo(id: "claude-sonnet-4-5", providers: [.anthropic, .claudeCode], aliases: ["sonnet", "claude-sonnet", "sonnet-4.5"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 64_000)),
        ModelInfo(id: "claude-opus-4-5", providers: [.anthropic, .claudeCode], aliases: ["opus", "claude-opus", "opus-4.5"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 64_000)),
        ModelInfo(id: "claude-opus-4-1", providers: [.anthropic, .claudeCode], aliases: ["opus-4.1"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 32_000)),
        ModelInfo(id: "claude-haiku-4-5", providers: [.anthropic, .claudeCode], aliases: ["haiku", "claude-haiku", "haiku-4.5"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 64_000)),
        ModelInfo(id: "gpt-5.5", providers: [.openaiCodex, .openai], aliases: ["gpt5.5"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 400_000, maxOutputTokens: 128_000)),
        ModelInfo(id: "gpt-5.3-codex", providers: [.openaiCodex, .openai], aliases: ["codex", "gpt-codex"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 400_000, maxOutputTokens: 128_000)),
        ModelInfo(id: "gpt-5", providers: [.openai, .openaiCodex], aliases: ["gpt5"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 400_000, maxOutputTokens: 128_000)),
        ModelInfo(id: "gpt-5-mini", providers: [.openai], aliases: ["gpt-mini"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 400_000, maxOutputTokens: 128_000)),
        ModelInfo(id: "gpt-4.1", providers: [.openai], aliases: ["gpt4.1"],
                  capabilities: ModelCapabilities(thinking: false, vision: true, contextWindow: 1_047_576, maxOutputTokens: 32_768)),
        ModelInfo(id: "gemini-2.5-pro", providers: [.google], aliases: ["gemini-pro", "gemini"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 1_048_576, maxOutputTokens: 65_536)),
        ModelInfo(id: "gemini-2.5-flash", providers: [.google], aliases: ["gemini-flash", "flash"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 1_048_576, maxOutputTokens: 65_536)),
        ModelInfo(id: "gemini-3-pro-preview", providers: [.google], aliases: ["gemini-3-pro", "gemini-3"],
                  capabilities: ModelCapabilities(thinking: true, vision: true, contextWindow: 1_048_576, maxOutputTokens: 65_536)),
    ]
}
