import Foundation

/// Builds Codex Responses SSE streams with the event shapes of docs/protocol/codex.md#stream-events, byte for byte
/// as the backend frames them (`event: <type>\ndata: <json>\n\n`).
public struct CodexSSE: Sendable {
    public private(set) var events: [String] = []
    private var outputIndex = 0
    public let responseId: String

    public init(responseId: String = "resp_mock_1") {
        self.responseId = responseId
        add(["type": "response.created", "response": ["id": responseId, "object": "response", "status": "in_progress"]])
        add([
            "type": "response.in_progress",
            "response": ["id": responseId, "object": "response", "status": "in_progress"]
        ])
    }

    public mutating func add(_ obj: [String: Any]) {
        let data =
            (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        events.append(
            "event: \(obj["type"] as? String ?? "message")\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }

    /// A reasoning item whose summary streams in `deltas`, with encrypted content to echo back.
    public mutating func reasoning(
        _ deltas: [String], id: String = "rs_mock_1", encrypted: String = "gAAAAB-mock-encrypted-reasoning"
    ) {
        let i = outputIndex
        outputIndex += 1
        add([
            "type": "response.output_item.added", "output_index": i,
            "item": ["type": "reasoning", "id": id, "summary": [Any]()]
        ])
        add([
            "type": "response.reasoning_summary_part.added", "item_id": id, "output_index": i, "summary_index": 0,
            "part": ["type": "summary_text", "text": ""]
        ])
        for d in deltas {
            add([
                "type": "response.reasoning_summary_text.delta", "item_id": id, "output_index": i, "summary_index": 0,
                "delta": d
            ])
        }
        let text = deltas.joined()
        add([
            "type": "response.reasoning_summary_text.done", "item_id": id, "output_index": i, "summary_index": 0,
            "text": text
        ])
        add([
            "type": "response.output_item.done", "output_index": i,
            "item": [
                "type": "reasoning", "id": id, "summary": [["type": "summary_text", "text": text]],
                "encrypted_content": encrypted
            ]
        ])
    }

    /// An assistant message whose text streams in `deltas`.
    public mutating func message(_ deltas: [String], id: String = "msg_mock_1") {
        let i = outputIndex
        outputIndex += 1
        add([
            "type": "response.output_item.added", "output_index": i,
            "item": ["type": "message", "id": id, "role": "assistant", "status": "in_progress", "content": [Any]()]
        ])
        add([
            "type": "response.content_part.added", "item_id": id, "output_index": i, "content_index": 0,
            "part": ["type": "output_text", "text": "", "annotations": [Any]()]
        ])
        for d in deltas {
            add(["type": "response.output_text.delta", "item_id": id, "output_index": i, "content_index": 0, "delta": d]
            )
        }
        let text = deltas.joined()
        add(["type": "response.output_text.done", "item_id": id, "output_index": i, "content_index": 0, "text": text])
        add([
            "type": "response.content_part.done", "item_id": id, "output_index": i, "content_index": 0,
            "part": ["type": "output_text", "text": text, "annotations": [Any]()]
        ])
        add([
            "type": "response.output_item.done", "output_index": i,
            "item": [
                "type": "message", "id": id, "role": "assistant", "status": "completed",
                "content": [["type": "output_text", "text": text, "annotations": [Any]()]]
            ]
        ])
    }

    /// A function call whose arguments stream in two halves.
    public mutating func functionCall(
        name: String, arguments: String, callId: String = "call_mock_1", id: String = "fc_mock_1"
    ) {
        toolCall(
            type: "function_call", field: "arguments", events: "response.function_call_arguments", name: name,
            text: arguments, callId: callId, id: id)
    }

    /// A freeform (`custom`) tool call, as Codex's `apply_patch` comes: the input streams as plain text.
    public mutating func customToolCall(
        name: String, input: String, callId: String = "call_mock_1", id: String = "ctc_mock_1"
    ) {
        toolCall(
            type: "custom_tool_call", field: "input", events: "response.custom_tool_call_input", name: name,
            text: input, callId: callId, id: id)
    }

    /// A call item of `type` whose `field` streams in two halves as `<events>.delta`, then `<events>.done`.
    private mutating func toolCall(
        type: String, field: String, events: String, name: String, text: String, callId: String, id: String
    ) {
        let i = outputIndex
        outputIndex += 1
        func item(_ value: String, _ status: String) -> [String: Any] {
            ["type": type, "id": id, "call_id": callId, "name": name, field: value, "status": status]
        }
        add(["type": "response.output_item.added", "output_index": i, "item": item("", "in_progress")])
        let mid = text.index(text.startIndex, offsetBy: text.count / 2)
        for part in [String(text[..<mid]), String(text[mid...])] where !part.isEmpty {
            add(["type": events + ".delta", "item_id": id, "output_index": i, "delta": part])
        }
        add(["type": events + ".done", "item_id": id, "output_index": i, field: text])
        add(["type": "response.output_item.done", "output_index": i, "item": item(text, "completed")])
    }

    public mutating func completed(input: Int = 120, cached: Int = 0, output: Int = 30, reasoning: Int = 10) {
        add([
            "type": "response.completed",
            "response": [
                "id": responseId, "object": "response", "status": "completed",
                "usage": [
                    "input_tokens": input, "input_tokens_details": ["cached_tokens": cached], "output_tokens": output,
                    "output_tokens_details": ["reasoning_tokens": reasoning], "total_tokens": input + output
                ]
            ]
        ])
    }

    public mutating func failed(code: String, message: String) {
        add([
            "type": "response.failed",
            "response": [
                "id": responseId, "status": "failed",
                "error": ["code": code, "message": message]
            ]
        ])
    }

    public var text: String { events.joined() }

    /// The usual reply: some thinking, then `text` split into `deltas` pieces, then completion.
    public static func reply(_ text: String, thinking: [String] = [], deltas: Int = 4) -> String {
        var s = CodexSSE()
        if !thinking.isEmpty { s.reasoning(thinking) }
        s.message(split(text, into: deltas))
        s.completed()
        return s.text
    }

    public static func split(_ text: String, into n: Int) -> [String] {
        let chars = Array(text)
        guard n > 1, chars.count > 1 else { return [text] }
        let size = max(1, (chars.count + n - 1) / n)
        return stride(from: 0, to: chars.count, by: size).map { String(chars[$0..<min($0 + size, chars.count)]) }
    }

    /// The rate-limit headers of a response (docs/protocol/codex.md#rate-limit-headers).
    public static func rateLimitHeaders(
        primaryUsed: Double = 42, secondaryUsed: Double = 12, primaryResetAt: Int = 1_900_000_000,
        secondaryResetAt: Int = 1_900_500_000
    ) -> [(String, String)] {
        [
            ("x-codex-primary-used-percent", String(primaryUsed)), ("x-codex-primary-window-minutes", "300"),
            ("x-codex-primary-reset-at", String(primaryResetAt)),
            ("x-codex-secondary-used-percent", String(secondaryUsed)), ("x-codex-secondary-window-minutes", "10080"),
            ("x-codex-secondary-reset-at", String(secondaryResetAt))
        ]
    }

    /// The 429 the backend sends when the plan's usage limit is reached (docs/protocol/codex.md#errors-and-retries).
    public static func usageLimitReply(resetsAt: Int, plan: String = "plus") -> MockReply {
        .json(
            429,
            [
                "error": [
                    "type": "usage_limit_reached", "message": "The usage limit has been reached", "plan_type": plan,
                    "resets_at": resetsAt, "resets_in_seconds": 17000
                ]
            ],
            headers: rateLimitHeaders(primaryUsed: 100, primaryResetAt: resetsAt) + [("x-request-id", "req_mock_429")])
    }
}
