/// The providers sx speaks to. Raw values are the ids used in `auth-profiles.json` (OpenClaw's names).
public enum ProviderID: String, CaseIterable, Sendable, Codable, Hashable {
    case openaiCodex = "openai-codex"
    case claudeCode = "claude-code"
    case anthropic
    case openai
    case google
    case router
    /// The offline scripted provider; never has profiles.
    case demo

    /// Accepts the ids above plus the short names people type (`codex`, `claude`, `gemini`).
    public init?(userInput: String) {
        switch userInput.lowercased() {
        case "openai-codex", "codex", "chatgpt": self = .openaiCodex
        case "claude-code", "claude": self = .claudeCode
        case "anthropic": self = .anthropic
        case "openai": self = .openai
        case "google", "gemini": self = .google
        case "router": self = .router
        case "demo": self = .demo
        default: return nil
        }
    }

    /// The name shown to people and accepted by `--provider`.
    public var displayName: String {
        switch self {
        case .openaiCodex: "codex"
        case .claudeCode: "claude-code"
        default: rawValue
        }
    }
}
