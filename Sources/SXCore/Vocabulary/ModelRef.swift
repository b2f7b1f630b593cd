/// A model at a provider, written `provider/model` (`codex/gpt-5.5`): the one parser and formatter of that form
/// (`--model`, `FALLBACK_MODELS`, `MODEL_ALIASES`, the model picker, "switched from … to …" notices).
public struct ModelRef: Sendable, Hashable, CustomStringConvertible {
    public var provider: ProviderID
    public var model: String

    public init(provider: ProviderID, model: String) {
        self.provider = provider
        self.model = model
    }

    /// `provider/model` when the part before the first `/` names a provider (any name `ProviderID(userInput:)`
    /// takes); nil for a bare model id, which may itself hold a `/` (a router's `meta/llama-3`).
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/"), let p = ProviderID(userInput: String(text[..<slash])) else {
            return nil
        }
        self.init(provider: p, model: String(text[text.index(after: slash)...]))
    }

    /// Whether `text` has a part before a `/` that names no provider (`nope/x`), which a setting refuses.
    public static func namesUnknownProvider(_ text: String) -> Bool {
        guard let slash = text.firstIndex(of: "/") else { return false }
        return ProviderID(userInput: String(text[..<slash])) == nil
    }

    /// The provider's display name, `/`, the model id: what `init(parsing:)` reads back.
    public var description: String { "\(provider.displayName)/\(model)" }
}
