import Foundation
import SXCore
import SXAuth

/// Decodes the Messages SSE stream (docs/protocol/anthropic.md#stream-events) into `ProviderEvent`s, dispatching on
/// the JSON `type` (some proxies send no `event:` lines). Text and thinking stream from their deltas; each block
/// becomes a history item at its `content_block_stop`, with the signature or the accumulated `input_json_delta`
/// arguments.
public struct AnthropicStreamDecoder: StreamDecoder {
    public let provider: ProviderID
    public private(set) var completed = false
    public private(set) var producedOutput = false

    private struct Block {
        var type: String
        var text = ""
        var signature = ""
        var json = ""
        var id = ""
        var name = ""
        var data = ""
    }
    private var blocks: [Int: Block] = [:]
    private var messageId: String?
    private var usage = Usage()
    private var stopReason: String?

    public init(provider: ProviderID = .anthropic) { self.provider = provider }

    public mutating func handle(_ event: SSEEvent, now: Date, _ emit: (ProviderEvent) -> Void) throws {
        guard !completed else { return }
        // Nearly every event is a `content_block_delta`: read by FlatJSON (Foundation's reader costs several
        // microseconds an event on Linux); anything it does not recognise takes the general path below.
        if event.event == "content_block_delta" || event.event == nil, event.data.utf8.count < 16384,
            let f = FlatJSON.parse(event.data, nested: true), case .string("content_block_delta")? = f["type"],
            case .int(let index)? = f["index"], case .object(let delta)? = f["delta"],
            case .string(let kind)? = delta["type"]
        {
            applyDelta(index: index, kind: kind, emit) { key in if case .string(let v)? = delta[key] { v } else { nil }
            }
            return
        }
        guard let obj = (try? JSONParser.parse(event.data))?.objectValue else { return }
        let type = obj["type"]?.stringValue ?? event.event ?? ""
        switch type {
        case "message_start":
            let message = obj["message"]
            messageId = message?["id"]?.stringValue
            if let u = message?["usage"]?.objectValue { mergeUsage(u) }
        case "content_block_start":
            guard let index = obj["index"]?.intValue, let cb = obj["content_block"]?.objectValue else { return }
            var b = Block(type: cb["type"]?.stringValue ?? "")
            b.id = cb["id"]?.stringValue ?? ""
            b.name = cb["name"]?.stringValue ?? ""
            b.data = cb["data"]?.stringValue ?? ""
            b.text = cb["text"]?.stringValue ?? cb["thinking"]?.stringValue ?? ""
            b.signature = cb["signature"]?.stringValue ?? ""
            if !b.text.isEmpty { emitDelta(b.type, b.text, emit) }
            blocks[index] = b
        case "content_block_delta":
            guard let index = obj["index"]?.intValue, let delta = obj["delta"]?.objectValue else { return }
            applyDelta(index: index, kind: delta["type"]?.stringValue, emit) { delta[$0]?.stringValue }
        case "content_block_stop":
            guard let index = obj["index"]?.intValue, let b = blocks.removeValue(forKey: index) else { return }
            finish(b, emit)
        case "message_delta":
            if let u = obj["usage"]?.objectValue { mergeUsage(u) }
            stopReason = obj["delta"]?["stop_reason"]?.stringValue ?? stopReason
        case "message_stop":
            // Blocks a proxy never closed are still part of the answer.
            for index in blocks.keys.sorted() { finish(blocks[index]!, emit) }
            blocks.removeAll()
            emit(.usage(usage))
            completed = true
            // A cut answer is never shown as complete (DECISIONS 4), as Codex does with `response.incomplete`.
            if let why = stopReason, why == "max_tokens" || why == "model_context_window_exceeded" {
                throw ProviderFailure(
                    reason: .format, provider: provider, message: "the response stopped early (\(why))",
                    afterOutput: producedOutput)
            }
            emit(.completed(responseId: messageId))
        case "error":
            throw FailureClassifier.streamError(provider: provider, json: obj, afterOutput: producedOutput, now: now)
        default:
            break  // ping
        }
    }

    /// One `content_block_delta`: `field` reads the delta's string fields.
    private mutating func applyDelta(
        index: Int, kind: String?, _ emit: (ProviderEvent) -> Void, field: (String) -> String?
    ) {
        // Taken out of the dictionary while it grows: a copy left behind would make every `+=` copy the whole text.
        var b = blocks.removeValue(forKey: index) ?? Block(type: "text")
        switch kind {
        case "text_delta":
            let t = field("text") ?? ""
            b.text += t
            emitDelta("text", t, emit)
        case "thinking_delta":
            let t = field("thinking") ?? ""
            b.text += t
            emitDelta("thinking", t, emit)
        case "signature_delta":
            b.signature += field("signature") ?? ""
        case "input_json_delta":
            b.json += field("partial_json") ?? ""
        default:
            break  // citations_delta: not shown
        }
        blocks[index] = b
    }

    private mutating func emitDelta(_ type: String, _ text: String, _ emit: (ProviderEvent) -> Void) {
        guard !text.isEmpty else { return }
        producedOutput = true
        emit(type == "thinking" ? .thinkingDelta(text) : .textDelta(text))
    }

    private mutating func finish(_ b: Block, _ emit: (ProviderEvent) -> Void) {
        switch b.type {
        case "thinking":
            emit(
                .outputItem(
                    .thinking(
                        Thinking(
                            text: b.text, signature: b.signature.isEmpty ? nil : b.signature,
                            provider: AnthropicRequestBuilder.family))))
        case "redacted_thinking":
            emit(
                .outputItem(
                    .thinking(Thinking(text: "", redactedData: b.data, provider: AnthropicRequestBuilder.family))))
        case "tool_use":
            let args = b.json.trimmingCharacters(in: .whitespaces).isEmpty ? "{}" : b.json
            let call = ToolCall(id: b.id, name: b.name, arguments: args)
            producedOutput = true
            emit(.toolCall(call))
            emit(.outputItem(.toolCall(call)))
        case "text":
            emit(.outputItem(.text(b.text)))
        default:
            break  // server tools (sx enables none) run at Anthropic: nothing for the session to do or echo
        }
    }

    /// Counts are cumulative: a later event overwrites what an earlier one said. A router that sends zeros in
    /// `message_start` and the real counts in `message_delta` (docs/protocol/router.md#what-routers-do-differently)
    /// is covered by the same rule.
    /// `inputTokens` is the whole prompt (uncached + cache reads + cache writes), as OpenAI counts it.
    private mutating func mergeUsage(_ u: JSONObject) {
        var uncached = usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens
        if let v = u["input_tokens"]?.intValue, v > 0 || uncached == 0 { uncached = v }
        if let v = u["cache_read_input_tokens"]?.intValue { usage.cachedInputTokens = v }
        if let v = u["cache_creation_input_tokens"]?.intValue { usage.cacheWriteTokens = v }
        if let v = u["output_tokens"]?.intValue { usage.outputTokens = v }
        usage.inputTokens = uncached + usage.cachedInputTokens + usage.cacheWriteTokens
    }
}
