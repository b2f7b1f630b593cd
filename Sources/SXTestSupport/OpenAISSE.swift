import Foundation

/// Builds OpenAI Chat Completions streams (docs/protocol/openai.md#chat-completions-stream): `data: <chunk>\n\n`
/// lines ending with `data: [DONE]`, no `event:` lines, and the router variants
/// (docs/protocol/router.md#what-routers-do-differently). The Responses API streams are the Codex ones (`CodexSSE`).
/// Plus the OpenAI error replies: `rate_limit_exceeded` versus `insufficient_quota`.
public struct OpenAIChatSSE: Sendable {
    public private(set) var events: [String] = []

    public init() {}

    public mutating func data(_ json: String) { events.append("data: \(json)\n\n") }

    public mutating func content(_ text: String, role: Bool = false) {
        let r = role ? #""role":"assistant","# : ""
        data(#"{"choices":[{"index":0,"delta":{\#(r)"content":\#(JSONText.string(text))},"finish_reason":null}]}"#)
    }

    /// `reasoning_content` deltas, as some compatible servers send them.
    public mutating func reasoning(_ text: String) {
        data(#"{"choices":[{"index":0,"delta":{"reasoning_content":\#(JSONText.string(text))},"finish_reason":null}]}"#)
    }

    /// A tool call in fragments: the first names it, the next ones carry the argument pieces.
    public mutating func toolCall(index: Int = 0, id: String = "call_1", name: String, fragments: [String]) {
        data(
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),"id":\#(JSONText.string(id)),"type":"function","function":{"name":\#(JSONText.string(name)),"arguments":""}}]},"finish_reason":null}]}"#
        )
        for f in fragments {
            data(
                #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),"function":{"arguments":\#(JSONText.string(f))}}]},"finish_reason":null}]}"#
            )
        }
    }

    public mutating func finish(_ reason: String) {
        data(#"{"choices":[{"index":0,"delta":{},"finish_reason":\#(JSONText.string(reason))}]}"#)
    }

    /// The usage chunk; `routerStyle` sends LiteLLM's one-empty-delta `choices` instead of `[]`.
    public mutating func usage(
        prompt: Int = 70, completion: Int = 120, cached: Int = 0, reasoning: Int = 64, routerStyle: Bool = false
    ) {
        let choices = routerStyle ? #"[{"index":0,"delta":{}}]"# : "[]"
        let cachedPart = cached > 0 ? #","prompt_tokens_details":{"cached_tokens":\#(cached)}"# : ""
        data(
            #"{"choices":\#(choices),"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)\#(cachedPart),"completion_tokens_details":{"reasoning_tokens":\#(reasoning)}}}"#
        )
    }

    public mutating func done() { events.append("data: [DONE]\n\n") }

    public var text: String { events.joined() }

    /// The documented Chat Completions example (docs/protocol/openai.md#chat-completions-stream): text, then a
    /// `read_file` call.
    public static var documentedExample: String {
        var s = OpenAIChatSSE()
        s.content("Let me look.", role: true)
        s.toolCall(name: "read_file", fragments: [#"{"path":"README.md"}"#])
        s.finish("tool_calls")
        s.usage()
        s.done()
        return s.text
    }

    public static func reply(_ text: String, cached: Int = 0, routerStyle: Bool = false) -> String {
        var s = OpenAIChatSSE()
        let pieces = CodexSSE.split(text, into: 3)
        for (i, p) in pieces.enumerated() { s.content(p, role: i == 0) }
        s.finish("stop")
        s.usage(prompt: 2000, completion: 8, cached: cached, reasoning: 0, routerStyle: routerStyle)
        s.done()
        return s.text
    }

    /// The `x-ratelimit-*` headers of a response.
    public static func rateLimitHeaders(
        requestsRemaining: Int = 499, tokensRemaining: Int = 29_000,
        resetRequests: String = "120ms", resetTokens: String = "6m0s"
    ) -> [(String, String)] {
        [
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-remaining-requests", String(requestsRemaining)),
            ("x-ratelimit-reset-requests", resetRequests),
            ("x-ratelimit-limit-tokens", "30000"), ("x-ratelimit-remaining-tokens", String(tokensRemaining)),
            ("x-ratelimit-reset-tokens", resetTokens), ("x-request-id", "req_mock_openai")
        ]
    }

    /// A 429 `rate_limit_exceeded` on tokens: retry after the tokens window resets.
    public static func rateLimitReply(resetTokens: String = "6m0s") -> MockReply {
        .json(
            429,
            [
                "error": [
                    "message":
                        "Rate limit reached for gpt-5 on tokens per min (TPM): Limit 30000, Used 30000, Requested 500. Please try again in 6m0s.",
                    "type": "tokens", "param": NSNull(), "code": "rate_limit_exceeded"
                ]
            ],
            headers: rateLimitHeaders(tokensRemaining: 0, resetTokens: resetTokens))
    }

    /// A 429 `insufficient_quota`: billing, never retried.
    public static func insufficientQuotaReply() -> MockReply {
        .json(
            429,
            [
                "error": [
                    "message": "You exceeded your current quota, please check your plan and billing details.",
                    "type": "insufficient_quota", "param": NSNull(), "code": "insufficient_quota"
                ]
            ])
    }

    /// A router's throttling error: `type: throttling_error`, `code: "429"` as a string
    /// (docs/protocol/router.md#what-routers-do-differently).
    public static func routerThrottlingReply() -> MockReply {
        .json(
            429,
            [
                "error": [
                    "message": "Rate limited by upstream. Try again in 12s", "type": "throttling_error",
                    "param": NSNull(), "code": "429"
                ]
            ],
            headers: [("retry-after", "12"), ("x-litellm-call-id", "mock-call")])
    }
}
