import Foundation
import SXCore
import SXAuth

/// Decodes the Responses SSE stream of the Codex backend into `ProviderEvent`s, dispatching on the JSON `type`
/// (docs/protocol/codex.md#stream-events). Text and thinking are streamed from the deltas; the history items come
/// from `response.output_item.done`, which is also where the final text is taken from when no delta carried it.
public struct CodexStreamDecoder: Sendable {
    public let provider: ProviderID
    public private(set) var completed = false
    /// Whether any text, thinking or tool call reached the caller: a failure after that is "mid-stream".
    public private(set) var producedOutput = false
    private var streamedTextByItem: [String: Int] = [:]
    private var lastSummaryIndex: [String: Int] = [:]
    private var thinkingByItem: [String: Bool] = [:]

    public init(provider: ProviderID = .openaiCodex) { self.provider = provider }

    /// The fields of the streaming deltas — by far the most frequent events — decoded without building a
    /// dictionary of every value (a full `JSONParser` tree for each delta costs more than the rest of the event's handling).
    struct DeltaEvent {
        let type: String
        let delta: String?
        let item_id: String?
        let output_index: Int?
        let summary_index: Int?
        let content_index: Int?

        init(
            type: String, delta: String?, item_id: String?, output_index: Int?, summary_index: Int?, content_index: Int?
        ) {
            self.type = type
            self.delta = delta
            self.item_id = item_id
            self.output_index = output_index
            self.summary_index = summary_index
            self.content_index = content_index
        }

        /// nil unless `data` is a flat JSON object whose `type` ends in `.delta`.
        init?(_ data: String) {
            guard data.utf8.count < 16384, let f = FlatJSON.parse(data), case .string(let t)? = f["type"],
                t.hasSuffix(".delta")
            else {
                return nil
            }
            func str(_ k: String) -> String? { if case .string(let s)? = f[k] { s } else { nil } }
            func int(_ k: String) -> Int? { if case .int(let v)? = f[k] { v } else { nil } }
            self.init(
                type: t, delta: str("delta"), item_id: str("item_id"), output_index: int("output_index"),
                summary_index: int("summary_index"), content_index: int("content_index"))
        }
    }

    public mutating func handle(_ event: SSEEvent, now: Date = Date(), _ emit: (ProviderEvent) -> Void) throws {
        if event.data == "[DONE]" { return }
        if event.event?.hasSuffix(".delta") ?? true, let d = DeltaEvent(event.data) {
            handleDelta(d, emit)
            return
        }
        guard let obj = (try? JSONParser.parse(event.data))?.objectValue else {
            return  // not JSON: keep-alives and noise are ignored, as Codex does
        }
        let type = obj["type"]?.stringValue ?? event.event ?? ""
        switch type {
        case "response.output_text.delta", "response.reasoning_summary_text.delta", "response.reasoning_text.delta":
            // Only reached when the fast path could not decode the event (an unusual shape): same handling.
            let d = DeltaEvent(
                type: type, delta: obj["delta"]?.stringValue, item_id: obj["item_id"]?.stringValue,
                output_index: obj["output_index"]?.intValue, summary_index: obj["summary_index"]?.intValue,
                content_index: obj["content_index"]?.intValue)
            handleDelta(d, emit)
        case "response.output_item.done":
            guard let item = obj["item"]?.objectValue else { return }
            try outputItemDone(item, obj, emit)
        case "response.completed", "response.done":
            let response = obj["response"]?.objectValue
            if let u = response?["usage"]?.objectValue { emit(.usage(Self.usage(u))) }
            completed = true
            emit(.completed(responseId: response?["id"]?.stringValue))
        case "response.incomplete":
            let response = obj["response"]?.objectValue
            if let u = response?["usage"]?.objectValue { emit(.usage(Self.usage(u))) }
            let why = response?["incomplete_details"]?["reason"]?.stringValue ?? "unknown reason"
            throw ProviderFailure(
                reason: .format, provider: provider, message: "the response stopped early (\(why))",
                afterOutput: producedOutput)
        case "response.failed":
            let err = obj["response"]?["error"]?.objectValue ?? JSONObject()
            throw failure(code: err["code"]?.stringValue, message: err["message"]?.stringValue, now: now)
        case "error":
            let err = obj["error"]?.objectValue ?? obj
            throw failure(
                code: err["code"]?.stringValue ?? err["type"]?.stringValue, message: err["message"]?.stringValue,
                now: now)
        case "codex.rate_limits":
            if let snap = CodexRateLimits.fromEvent(obj) { emit(.rateLimits(snap)) }
        default:
            break  // created, in_progress, content_part.*, output_text.done, function_call_arguments.*: not needed
        }
    }

    private mutating func handleDelta(_ d: DeltaEvent, _ emit: (ProviderEvent) -> Void) {
        guard let delta = d.delta, !delta.isEmpty else { return }
        let key = d.item_id ?? "#\(d.output_index ?? 0)"
        switch d.type {
        case "response.output_text.delta":
            streamedTextByItem[key, default: 0] += delta.utf8.count
            producedOutput = true
            emit(.textDelta(delta))
        case "response.reasoning_summary_text.delta", "response.reasoning_text.delta":
            let index = d.summary_index ?? d.content_index ?? 0
            if let last = lastSummaryIndex[key], last != index { emit(.thinkingDelta("\n\n")) }
            lastSummaryIndex[key] = index
            thinkingByItem[key] = true
            producedOutput = true
            emit(.thinkingDelta(delta))
        default:
            break  // function_call_arguments.delta: the arguments are taken from output_item.done
        }
    }

    private func itemKey(_ obj: JSONObject) -> String {
        obj["item_id"]?.stringValue ?? "#\(obj["output_index"]?.intValue ?? 0)"
    }

    private mutating func outputItemDone(_ item: JSONObject, _ obj: JSONObject, _ emit: (ProviderEvent) -> Void) throws
    {
        let id = item["id"]?.stringValue
        let key = id ?? itemKey(obj)
        switch item["type"]?.stringValue {
        case "message":
            let parts = item["content"]?.arrayValue ?? []
            let text = parts.compactMap { p -> String? in
                let t = p["type"]?.stringValue
                return t == "output_text" || t == "text"
                    ? p["text"]?.stringValue : (t == "refusal" ? p["refusal"]?.stringValue : nil)
            }.joined()
            if streamedTextByItem[key] == nil && streamedTextByItem[itemKey(obj)] == nil && !text.isEmpty {
                producedOutput = true
                emit(.textDelta(text))
            }
            emit(.outputItem(.text(text)))
        case "reasoning":
            let summary = (item["summary"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            let text = summary.joined(separator: "\n\n")
            if thinkingByItem[key] == nil && thinkingByItem[itemKey(obj)] == nil && !text.isEmpty {
                producedOutput = true
                emit(.thinkingDelta(text))
            }
            emit(
                .outputItem(
                    .thinking(
                        Thinking(
                            text: text, encryptedContent: item["encrypted_content"]?.stringValue,
                            itemId: id, provider: provider.rawValue))))
        case "function_call":
            let call = ToolCall(
                id: item["call_id"]?.stringValue ?? id ?? UUID().uuidString,
                name: item["name"]?.stringValue ?? "",
                arguments: item["arguments"]?.stringValue ?? "{}", itemId: id)
            producedOutput = true
            emit(.toolCall(call))
            emit(.outputItem(.toolCall(call)))
        case "custom_tool_call":
            // A freeform tool (Codex's `apply_patch`): the input is plain text, not JSON arguments.
            let call = ToolCall(
                id: item["call_id"]?.stringValue ?? id ?? UUID().uuidString,
                name: item["name"]?.stringValue ?? "",
                arguments: item["input"]?.stringValue ?? "", itemId: id, freeform: true)
            producedOutput = true
            emit(.toolCall(call))
            emit(.outputItem(.toolCall(call)))
        default:
            break
        }
    }

    private func failure(code: String?, message: String?, now: Date) -> ProviderFailure {
        let msg = message ?? code ?? "the response failed"
        var f = ProviderFailure(
            reason: .unknown, provider: provider, message: FailureClassifier.oneLine(msg),
            afterOutput: producedOutput)
        switch code ?? "" {
        case "context_length_exceeded": f.reason = .context
        case "rate_limit_exceeded", "usage_limit_reached":
            f.reason = .rateLimit
            f.usageLimit = code == "usage_limit_reached"
            f.resetsAt = RetryHint.seconds(inMessage: msg).map { now.addingTimeInterval($0) }
        case "insufficient_quota", "usage_not_included": f.reason = .billing
        case "server_is_overloaded", "slow_down": f.reason = .overloaded; f.retryable = true
        case "invalid_prompt", "invalid_request_error": f.reason = .format
        default: f.reason = .timeout; f.retryable = true
        }
        return f
    }

    static func usage(_ u: JSONObject) -> Usage {
        Usage(
            inputTokens: u["input_tokens"]?.intValue ?? 0,
            cachedInputTokens: u["input_tokens_details"]?["cached_tokens"]?.intValue ?? 0,
            outputTokens: u["output_tokens"]?.intValue ?? 0,
            reasoningTokens: u["output_tokens_details"]?["reasoning_tokens"]?.intValue ?? 0)
    }
}
