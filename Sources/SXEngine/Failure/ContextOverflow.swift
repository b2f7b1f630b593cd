import Foundation

/// How each provider says "the request does not fit the context window" (docs/protocol/context.md#overflow-errors).
/// They all answer 400 (413 from some proxies) and differ only in words, so the words are the rule:
/// - OpenAI and Codex: code `context_length_exceeded`, "Your input exceeds the context window of this model";
/// - Anthropic: `invalid_request_error`, "prompt is too long: 213462 tokens > 200000 maximum";
/// - Gemini: `INVALID_ARGUMENT`, "The input token count (1196265) exceeds the maximum number of tokens allowed
///   (1048575)";
/// - OpenAI-compatible routers (vLLM, llama.cpp, LM Studio, OpenRouter): "maximum context length is N tokens",
///   "exceeds the available context size", "reduce the length of the messages", "too many tokens".
enum ContextOverflow {
    static let codes: Set<String> = ["context_length_exceeded", "request_too_large", "string_above_max_length"]

    /// Phrases, lower-cased; any one of them in the message, type or code marks an overflow.
    static let phrases = [
        "context_length_exceeded", "exceeds the context window", "prompt is too long", "input is too long",
        "input token count", "maximum context length", "context length exceeded", "exceeds the available context size",
        "greater than the context length", "reduce the length of the messages", "too many tokens",
        "token limit exceeded", "exceeds the maximum number of tokens", "model_context_window_exceeded"
    ]

    static func matches(code: String?, text: String) -> Bool {
        if let code, codes.contains(code.lowercased()) { return true }
        return phrases.contains(where: text.contains)
    }
}
