import Foundation

/// Builds Anthropic Messages SSE streams with the event shapes of docs/protocol/anthropic.md#stream-events, framed as
/// the API frames them (`event: <type>\ndata: <json>\n\n`, the JSON keys in the documented order), plus its error
/// replies.
public struct AnthropicSSE: Sendable {
    public private(set) var events: [String] = []
    private var index = 0
    public let messageId: String

    public init(
        messageId: String = "msg_1", model: String = "claude-sonnet-4-5", input: Int = 812, output: Int = 1,
        cacheRead: Int = 0, cacheCreation: Int = 640
    ) {
        self.messageId = messageId
        event(
            "message_start",
            #"{"type":"message_start","message":{"id":\#(JSONText.string(messageId)),"type":"message","role":"assistant","content":[],"model":\#(JSONText.string(model)),"stop_reason":null,"usage":{"input_tokens":\#(input),"output_tokens":\#(output),"cache_read_input_tokens":\#(cacheRead),"cache_creation_input_tokens":\#(cacheCreation)}}}"#
        )
    }

    public mutating func event(_ type: String, _ json: String) {
        events.append("event: \(type)\ndata: \(json)\n\n")
    }

    private mutating func start(_ block: String) -> Int {
        let i = index
        index += 1
        event("content_block_start", #"{"type":"content_block_start","index":\#(i),"content_block":\#(block)}"#)
        return i
    }

    private mutating func delta(_ i: Int, _ delta: String) {
        event("content_block_delta", #"{"type":"content_block_delta","index":\#(i),"delta":\#(delta)}"#)
    }

    private mutating func stop(_ i: Int) {
        event("content_block_stop", #"{"type":"content_block_stop","index":\#(i)}"#)
    }

    /// A thinking block: its deltas, then the signature just before it stops.
    public mutating func thinking(_ deltas: [String], signature: String = "EqQB…") {
        let i = start(#"{"type":"thinking","thinking":"","signature":""}"#)
        for d in deltas { delta(i, #"{"type":"thinking_delta","thinking":\#(JSONText.string(d))}"#) }
        delta(i, #"{"type":"signature_delta","signature":\#(JSONText.string(signature))}"#)
        stop(i)
    }

    public mutating func redactedThinking(_ data: String) {
        let i = start(#"{"type":"redacted_thinking","data":\#(JSONText.string(data))}"#)
        stop(i)
    }

    public mutating func text(_ deltas: [String]) {
        let i = start(#"{"type":"text","text":""}"#)
        for d in deltas { delta(i, #"{"type":"text_delta","text":\#(JSONText.string(d))}"#) }
        stop(i)
    }

    /// A tool_use block whose input streams as `input_json_delta` fragments (the first may be `""`).
    public mutating func toolUse(id: String = "toolu_1", name: String, fragments: [String]) {
        let i = start(#"{"type":"tool_use","id":\#(JSONText.string(id)),"name":\#(JSONText.string(name)),"input":{}}"#)
        for f in fragments { delta(i, #"{"type":"input_json_delta","partial_json":\#(JSONText.string(f))}"#) }
        stop(i)
    }

    public mutating func ping() { event("ping", #"{"type": "ping"}"#) }

    public mutating func messageDelta(stopReason: String = "end_turn", output: Int = 87, extraUsage: String = "") {
        event(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":\#(JSONText.string(stopReason)),"stop_sequence":null},"usage":{"output_tokens":\#(output)\#(extraUsage)}}"#
        )
    }

    public mutating func messageStop() { event("message_stop", #"{"type":"message_stop"}"#) }

    /// A mid-stream error event (`overloaded_error`, `rate_limit_error`, `api_error`, …).
    public mutating func error(type: String = "overloaded_error", message: String = "Overloaded") {
        event(
            "error",
            #"{"type":"error","error":{"type":\#(JSONText.string(type)),"message":\#(JSONText.string(message))}}"#)
    }

    public var text: String { events.joined() }

    /// The documented example (docs/protocol/anthropic.md#stream-events): thinking, text, then a `read_file` tool call.
    public static var documentedExample: String {
        var s = AnthropicSSE()
        s.thinking(["Need to read the file."])
        s.text(["Let me look."])
        s.toolUse(name: "read_file", fragments: [#"{"path": "READ"#, #"ME.md"}"#])
        s.messageDelta(stopReason: "tool_use", output: 87)
        s.messageStop()
        return s.text
    }

    /// A plain answer, optionally with thinking first.
    public static func reply(_ text: String, thinking: [String] = [], cacheRead: Int = 0, cacheCreation: Int = 0)
        -> String
    {
        var s = AnthropicSSE(messageId: "msg_2", input: 900, cacheRead: cacheRead, cacheCreation: cacheCreation)
        if !thinking.isEmpty { s.thinking(thinking, signature: "sig-final") }
        s.ping()
        s.text(CodexSSE.split(text, into: 3))
        s.messageDelta(stopReason: "end_turn", output: 12)
        s.messageStop()
        return s.text
    }

    /// The `anthropic-ratelimit-*` headers of a response.
    public static func rateLimitHeaders(
        requestsRemaining: Int = 49, tokensRemaining: Int = 390_000,
        requestsReset: String = "2026-11-22T01:00:00Z",
        tokensReset: String = "2026-11-22T01:00:30Z"
    ) -> [(String, String)] {
        [
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-remaining", String(requestsRemaining)),
            ("anthropic-ratelimit-requests-reset", requestsReset),
            ("anthropic-ratelimit-tokens-limit", "400000"),
            ("anthropic-ratelimit-tokens-remaining", String(tokensRemaining)),
            ("anthropic-ratelimit-tokens-reset", tokensReset),
            ("anthropic-ratelimit-input-tokens-limit", "300000"),
            ("anthropic-ratelimit-input-tokens-remaining", "290000"),
            ("anthropic-ratelimit-input-tokens-reset", tokensReset),
            ("anthropic-ratelimit-output-tokens-limit", "100000"),
            ("anthropic-ratelimit-output-tokens-remaining", "100000"),
            ("anthropic-ratelimit-output-tokens-reset", tokensReset),
            ("request-id", "req_mock_anthropic")
        ]
    }

    /// A 429 `rate_limit_error` with the exhausted window's reset and `retry-after`.
    public static func rateLimitReply(requestsReset: String = "2026-11-22T01:00:00Z", retryAfter: Int = 30) -> MockReply
    {
        .json(
            429,
            [
                "type": "error",
                "error": [
                    "type": "rate_limit_error",
                    "message": "This request would exceed your organization's rate limit of 50 requests per minute."
                ],
                "request_id": "req_mock_429"
            ],
            headers: rateLimitHeaders(requestsRemaining: 0, requestsReset: requestsReset) + [
                ("retry-after", String(retryAfter))
            ])
    }

    /// The unified headers of a Claude subscription (claude-code): 5-hour and weekly windows, resets in Unix seconds.
    public static func unifiedHeaders(
        status: String = "allowed", fiveHourUtilization: Double = 0.42, fiveHourReset: Int = 1_900_000_000,
        sevenDayUtilization: Double = 0.13, sevenDayReset: Int = 1_900_400_000
    ) -> [(String, String)] {
        [
            ("anthropic-ratelimit-unified-status", status),
            ("anthropic-ratelimit-unified-reset", String(fiveHourReset)),
            ("anthropic-ratelimit-unified-representative-claim", "five_hour"),
            ("anthropic-ratelimit-unified-5h-status", status),
            ("anthropic-ratelimit-unified-5h-reset", String(fiveHourReset)),
            ("anthropic-ratelimit-unified-5h-utilization", String(fiveHourUtilization)),
            ("anthropic-ratelimit-unified-7d-status", "allowed"),
            ("anthropic-ratelimit-unified-7d-reset", String(sevenDayReset)),
            ("anthropic-ratelimit-unified-7d-utilization", String(sevenDayUtilization))
        ]
    }

    /// The 429 of a Claude subscription whose 5-hour window is used up.
    public static func subscriptionLimitReply(resetsAt: Int) -> MockReply {
        .json(
            429,
            [
                "type": "error",
                "error": [
                    "type": "rate_limit_error",
                    "message": "You've reached your usage limit for this 5-hour window."
                ]
            ],
            headers: unifiedHeaders(status: "rejected", fiveHourUtilization: 1.0, fiveHourReset: resetsAt) + [
                ("retry-after", "300")
            ])
    }

    /// A 529 `overloaded_error`.
    public static func overloadedReply() -> MockReply {
        .json(529, ["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]])
    }
}
