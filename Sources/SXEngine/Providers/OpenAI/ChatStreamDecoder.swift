import Foundation
import SXCore
import SXAuth

/// Decodes a Chat Completions stream (docs/protocol/openai.md#chat-completions-stream) and the router quirks
/// (docs/protocol/router.md#what-routers-do-differently): tool-call fragments are joined per `index` (id and name come
/// only in the first), a tool call counts even when `finish_reason` says `stop`, the usage chunk may carry
/// `choices: [{delta: {}}]` instead of `[]`, `reasoning_content`/`reasoning` deltas of compatible servers are thinking,
/// and an `error` object in a `data:` line is a classified failure.
public struct ChatStreamDecoder: StreamDecoder {
    public let provider: ProviderID
    public private(set) var completed = false
    public private(set) var producedOutput = false

    private struct CallFragment {
        var id = ""
        var name = ""
        var arguments = ""
    }
    private var text = ""
    private var thinking = ""
    private var calls: [Int: CallFragment] = [:]
    private var finishReason: String?
    private var usage: Usage?
    private var responseId: String?

    public init(provider: ProviderID) { self.provider = provider }

    public mutating func handle(_ event: SSEEvent, now: Date, _ emit: (ProviderEvent) -> Void) throws {
        guard !completed else { return }
        // (Only short data can be the marker: trimming every chunk with Foundation cost more than decoding it.)
        if event.data.utf8.count <= 32 && event.data.trimmingCharacters(in: .whitespaces) == "[DONE]" {
            try finish(emit)
            return
        }
        if let fast = Self.textChunk(event.data) {
            responseId = responseId ?? fast.id
            for choice in fast.choices {
                applyText(reasoning: choice.reasoning, content: choice.content, emit)
                if let reason = choice.finishReason { finishReason = reason }
            }
            if finishReason != nil && usage != nil { try finish(emit) }
            return
        }
        guard let obj = (try? JSONParser.parse(event.data))?.objectValue else { return }
        if obj["error"]?.objectValue != nil || obj["error"]?.stringValue != nil {
            throw FailureClassifier.streamError(provider: provider, json: obj, afterOutput: producedOutput, now: now)
        }
        responseId = responseId ?? obj["id"]?.stringValue
        for choice in obj["choices"]?.arrayValue ?? [] {
            if let delta = choice["delta"]?.objectValue { apply(delta, emit) }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        }
        if let u = obj["usage"]?.objectValue { usage = Self.usage(u) }
        // Without `[DONE]` (some servers), the usage after the finish reason is the end.
        if finishReason != nil && usage != nil { try finish(emit) }
    }

    /// The common chunk, read by FlatJSON: text or reasoning deltas (and perhaps a finish reason), no tool calls,
    /// no usage, no error. Nil for anything else, which Foundation's reader then handles.
    struct TextChunk {
        struct Choice {
            var reasoning: String?
            var content: String?
            var finishReason: String?
        }
        var id: String?
        var choices: [Choice]
    }

    static func textChunk(_ data: String) -> TextChunk? {
        guard data.utf8.count < 16384, let f = FlatJSON.parse(data, nested: true), case .array(let list)? = f["choices"]
        else {
            return nil
        }
        func absent(_ v: FlatJSON.Value?) -> Bool { v == nil || v == .null }
        guard absent(f["error"]), absent(f["usage"]) else { return nil }
        var chunk = TextChunk(id: nil, choices: [])
        if case .string(let id)? = f["id"] { chunk.id = id }
        for item in list {
            guard case .object(let choice) = item else { return nil }
            func str(_ o: [String: FlatJSON.Value], _ k: String) -> String? {
                if case .string(let v)? = o[k] { v } else { nil }
            }
            var c = TextChunk.Choice(finishReason: str(choice, "finish_reason"))
            switch choice["delta"] {
            case .object(let delta)?:
                guard absent(delta["tool_calls"]), absent(delta["function_call"]) else { return nil }
                c.reasoning = str(delta, "reasoning_content") ?? str(delta, "reasoning")
                c.content = str(delta, "content")
            case nil, .null?:
                break
            default:
                return nil
            }
            chunk.choices.append(c)
        }
        return chunk
    }

    private mutating func apply(_ delta: JSONObject, _ emit: (ProviderEvent) -> Void) {
        applyText(
            reasoning: delta["reasoning_content"]?.stringValue ?? delta["reasoning"]?.stringValue,
            content: delta["content"]?.stringValue, emit)
        applyToolCalls(delta, emit)
    }

    private mutating func applyText(reasoning: String?, content: String?, _ emit: (ProviderEvent) -> Void) {
        if let r = reasoning, !r.isEmpty {
            thinking += r
            producedOutput = true
            emit(.thinkingDelta(r))
        }
        if let t = content, !t.isEmpty {
            text += t
            producedOutput = true
            emit(.textDelta(t))
        }
    }

    private mutating func applyToolCalls(_ delta: JSONObject, _ emit: (ProviderEvent) -> Void) {
        for frag in delta["tool_calls"]?.arrayValue ?? [] {
            // Servers that leave out `index` send either whole calls (each with an id) or pieces of the last one.
            let index =
                frag["index"]?.intValue ?? (frag["id"]?.stringValue != nil ? calls.count : max(0, calls.count - 1))
            var c = calls[index] ?? CallFragment()
            if let id = frag["id"]?.stringValue, !id.isEmpty { c.id = id }
            let fn = frag["function"]
            if let name = fn?["name"]?.stringValue, !name.isEmpty { c.name = name }
            c.arguments += fn?["arguments"]?.stringValue ?? ""
            calls[index] = c
            producedOutput = true
        }
    }

    private mutating func finish(_ emit: (ProviderEvent) -> Void) throws {
        if !thinking.isEmpty { emit(.outputItem(.thinking(Thinking(text: thinking, provider: provider.rawValue)))) }
        if !text.isEmpty { emit(.outputItem(.text(text))) }
        for index in calls.keys.sorted() {
            let c = calls[index]!
            let call = ToolCall(
                id: c.id.isEmpty ? "call_\(index)" : c.id, name: c.name,
                arguments: c.arguments.isEmpty ? "{}" : c.arguments)
            emit(.toolCall(call))
            emit(.outputItem(.toolCall(call)))
        }
        if let usage { emit(.usage(usage)) }
        completed = true
        if finishReason == "length" || finishReason == "content_filter" {
            throw ProviderFailure(
                reason: .format, provider: provider,
                message: "the response stopped early (\(finishReason!))", afterOutput: producedOutput)
        }
        emit(.completed(responseId: responseId))
    }

    /// `prompt_tokens` includes the cached ones; `completion_tokens` includes reasoning.
    static func usage(_ u: JSONObject) -> Usage {
        Usage(
            inputTokens: u["prompt_tokens"]?.intValue ?? 0,
            cachedInputTokens: u["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0,
            outputTokens: u["completion_tokens"]?.intValue ?? 0,
            reasoningTokens: u["completion_tokens_details"]?["reasoning_tokens"]?.intValue ?? 0)
    }
}
