import Foundation

/// Scripted conversations for the key-based providers, shared by tests and end-to-end runs (`sx-mock` can serve them):
/// `ok` (thinking, then text, with cached input tokens), `tool` (the documented thinking + text + `read_file` call, then
/// an answer), `rate-limit` (the provider's own 429 with its reset). `environment` gives the config lines that point
/// sx at the mock.
public enum ProviderScenarios {
    public enum Kind: String, CaseIterable, Sendable {
        case anthropic, claudeCode = "claude-code", openai, openaiChat = "openai-chat", google, router
    }

    /// When the rate-limit scenarios say the limit resets (2026-11-22T04:00:00Z).
    public static let resetsAt = 1_795_320_000
    /// The cached input tokens every `ok` reply reports.
    public static let cachedTokens = 1536

    public static func replies(_ kind: Kind, scenario: String, text: String = "Here is the answer.") -> [MockReply] {
        if scenario == "overflow" {
            return [overflowReply(kind)] + replies(kind, scenario: "ok", text: "Goal: the summary.")
                + replies(kind, scenario: "ok", text: text)
        }
        switch (kind, scenario) {
        case (.anthropic, "rate-limit"), (.claudeCode, "rate-limit"):
            let iso = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(resetsAt)))
            return kind == .claudeCode
                ? [AnthropicSSE.subscriptionLimitReply(resetsAt: resetsAt)]
                : [AnthropicSSE.rateLimitReply(requestsReset: iso, retryAfter: 30)]
        case (.anthropic, _), (.claudeCode, _):
            let answer = MockReply.sse(
                AnthropicSSE.reply(text, thinking: ["Thinking it over."], cacheRead: cachedTokens),
                headers: kind == .claudeCode ? AnthropicSSE.unifiedHeaders() : AnthropicSSE.rateLimitHeaders())
            return scenario == "tool" ? [.sse(AnthropicSSE.documentedExample), answer] : [answer]
        case (.openai, "rate-limit"), (.openaiChat, "rate-limit"), (.router, "rate-limit"):
            return kind == .router ? [OpenAIChatSSE.routerThrottlingReply()] : [OpenAIChatSSE.rateLimitReply()]
        case (.openai, _):
            var ok = CodexSSE()
            ok.reasoning(["Thinking it over."])
            ok.message(CodexSSE.split(text, into: 3))
            ok.completed(input: 2000, cached: cachedTokens)
            let answer = MockReply.sse(ok.text, headers: OpenAIChatSSE.rateLimitHeaders())
            guard scenario == "tool" else { return [answer] }
            var tool = CodexSSE()
            tool.reasoning(["Need to read the file."])
            tool.message(["Let me look."])
            tool.functionCall(name: "read_file", arguments: #"{"path":"README.md"}"#, callId: "call_1", id: "fc_1")
            tool.completed(input: 70, output: 120, reasoning: 64)
            return [.sse(tool.text), answer]
        case (.openaiChat, _), (.router, _):
            var ok = OpenAIChatSSE()
            ok.reasoning("Thinking it over.")
            for (i, p) in CodexSSE.split(text, into: 3).enumerated() { ok.content(p, role: i == 0) }
            ok.finish("stop")
            ok.usage(prompt: 2000, completion: 8, cached: cachedTokens, reasoning: 0, routerStyle: kind == .router)
            ok.done()
            let answer = MockReply.sse(ok.text, headers: kind == .router ? [] : OpenAIChatSSE.rateLimitHeaders())
            return scenario == "tool" ? [.sse(OpenAIChatSSE.documentedExample), answer] : [answer]
        case (.google, "rate-limit"):
            return [GeminiSSE.rateLimitReply(retryDelay: "46s")]
        case (.google, _):
            let answer = MockReply.sse(GeminiSSE.reply(text, thoughts: ["Thinking it over."], cached: cachedTokens))
            return scenario == "tool" ? [.sse(GeminiSSE.documentedExample), answer] : [answer]
        }
    }

    /// The provider's refusal of an input longer than the model's window (docs/protocol/context.md#overflow-errors).
    public static func overflowReply(_ kind: Kind) -> MockReply {
        switch kind {
        case .anthropic, .claudeCode:
            .json(
                400,
                [
                    "type": "error",
                    "error": [
                        "type": "invalid_request_error",
                        "message": "prompt is too long: 213462 tokens > 200000 maximum"
                    ]
                ])
        case .openai, .openaiChat:
            .json(
                400,
                [
                    "error": [
                        "message":
                            "Your input exceeds the context window of this model. Please adjust your input and try again.",
                        "type": "invalid_request_error", "param": "input", "code": "context_length_exceeded"
                    ]
                ])
        case .google:
            .json(
                400,
                [
                    "error": [
                        "code": 400, "status": "INVALID_ARGUMENT",
                        "message":
                            "The input token count (1196265) exceeds the maximum number of tokens allowed (1048575)."
                    ]
                ])
        case .router:
            .json(
                400,
                [
                    "object": "error", "type": "BadRequestError", "param": NSNull(), "code": 400,
                    "message":
                        "This model's maximum context length is 32768 tokens. However, you requested 40211 tokens (40011 in the messages, 200 in the completion). Please reduce the length of the messages or completion."
                ])
        }
    }

    /// The config lines (`KEY=value`) that point sx at a mock of `kind` listening at `baseURL`.
    public static func environment(_ kind: Kind, baseURL: String) -> [String] {
        switch kind {
        case .anthropic, .claudeCode: ["ANTHROPIC_BASE_URL=\(baseURL)"]
        case .openai: ["OPENAI_BASE_URL=\(baseURL)/v1", "OPENAI_API=responses"]
        case .openaiChat: ["OPENAI_BASE_URL=\(baseURL)/v1", "OPENAI_API=chat"]
        case .google: ["GEMINI_BASE_URL=\(baseURL)"]
        case .router: ["ROUTER_URL=\(baseURL)/v1"]
        }
    }
}
