import Foundation
import SXCore
import SXAuth

/// Decodes `streamGenerateContent?alt=sse` (docs/protocol/gemini.md#stream): every event is a whole
/// `GenerateContentResponse`, there is no `[DONE]`, so the chunk with a `finishReason` ends the response. Thought parts
/// are thinking, a `thoughtSignature` stays on the part it came on (function call, thought, or an empty text part), and
/// an error object — also one written as a bare JSON line without `data:` — is a classified failure.
public struct GeminiStreamDecoder: StreamDecoder {
    public let provider: ProviderID
    public private(set) var completed = false
    public private(set) var producedOutput = false

    private enum Segment { case none, thinking, text }
    private var items: [Part] = []
    private var segment = Segment.none
    private var buffer = ""
    private var signature: String?
    private var usage: Usage?
    private var responseId: String?
    private var callCount = 0

    public init(provider: ProviderID = .google) { self.provider = provider }

    public mutating func handle(_ event: SSEEvent, now: Date, _ emit: (ProviderEvent) -> Void) throws {
        guard !completed else { return }
        // Nearly every chunk is plain answer text: read by FlatJSON. Anything else (thoughts, calls, signatures,
        // errors, the chunk with the finish reason) goes through Foundation below.
        if let chunk = Self.plainTextChunk(event.data) {
            responseId = responseId ?? chunk.responseId
            if let u = chunk.usage { usage = Self.usage { u[$0] } }
            for text in chunk.texts { answer(text, signature: nil, emit) }
            return
        }
        let parsed = try? JSONParser.parse(event.data)
        // A bare error line may be the array form of the non-streaming API: `[{"error": …}]`.
        guard let obj = parsed?.objectValue ?? parsed?.arrayValue?.first?.objectValue else {
            // The first line of a pretty-printed error object (the SDK collects those by brace balancing; the SSE
            // parser hands over single lines only): the stream is over, say so rather than wait for its end.
            if event.isBareJSON {
                throw ProviderFailure(
                    reason: .timeout, provider: provider, message: "Gemini wrote an error into the stream",
                    afterOutput: producedOutput, retryable: true)
            }
            return
        }
        if obj["error"]?.objectValue != nil {
            throw FailureClassifier.streamError(provider: provider, json: obj, afterOutput: producedOutput, now: now)
        }
        responseId = responseId ?? obj["responseId"]?.stringValue
        if let u = obj["usageMetadata"]?.objectValue { usage = Self.usage { u[$0]?.intValue } }
        let candidate = obj["candidates"]?.arrayValue?.first
        for part in candidate?["content"]?["parts"]?.arrayValue ?? [] {
            if let part = part.objectValue { apply(part, emit) }
        }
        if let reason = candidate?["finishReason"]?.stringValue { try finish(reason, emit) }
    }

    private mutating func apply(_ part: JSONObject, _ emit: (ProviderEvent) -> Void) {
        let sig = part["thoughtSignature"]?.stringValue
        if let fc = part["functionCall"]?.objectValue {
            close()
            callCount += 1
            let realId = fc["id"]?.stringValue
            // The arguments as the server wrote them, key order kept.
            let json = String(decoding: JSONBody.encode(fc["args"] ?? .object(JSONObject())), as: UTF8.self)
            producedOutput = true
            items.append(
                .toolCall(
                    ToolCall(
                        id: realId ?? "gemini_call_\(callCount)", name: fc["name"]?.stringValue ?? "",
                        arguments: json, itemId: realId, thoughtSignature: sig)))
            return
        }
        guard let text = part["text"]?.stringValue else { return }
        if part["thought"]?.boolValue == true {
            if segment != .thinking { close(); segment = .thinking }
            buffer += text
            if let sig { signature = sig }
            if !text.isEmpty { producedOutput = true; emit(.thinkingDelta(text)) }
        } else {
            answer(text, signature: sig, emit)
        }
    }

    /// A part of the answer (not a thought), with the signature it came with.
    private mutating func answer(_ text: String, signature sig: String?, _ emit: (ProviderEvent) -> Void) {
        if text.isEmpty {
            // A signature-only part at the end of a thought run: kept on its own so it is echoed as it came.
            guard let sig else { return }
            close()
            items.append(.thinking(Thinking(text: "", signature: sig, provider: GeminiRequestBuilder.family)))
            return
        }
        if segment != .text { close(); segment = .text }
        buffer += text
        producedOutput = true
        emit(.textDelta(text))
        if let sig {
            close()
            items.append(.thinking(Thinking(text: "", signature: sig, provider: GeminiRequestBuilder.family)))
        }
    }

    private mutating func close() {
        switch segment {
        case .thinking:
            items.append(.thinking(Thinking(text: buffer, signature: signature, provider: GeminiRequestBuilder.family)))
        case .text: items.append(.text(buffer))
        case .none: break
        }
        segment = .none
        buffer = ""
        signature = nil
    }

    private mutating func finish(_ reason: String, _ emit: (ProviderEvent) -> Void) throws {
        close()
        for item in items {
            if case .toolCall(let c) = item { emit(.toolCall(c)) }
            emit(.outputItem(item))
        }
        if let usage { emit(.usage(usage)) }
        completed = true
        // A function call also ends with STOP. A cut answer, or a stop with nothing to show (SAFETY,
        // MALFORMED_FUNCTION_CALL, …), is a failure rather than an empty or partial "complete" answer.
        let answered = items.contains { if case .thinking = $0 { false } else { true } }
        if reason == "MAX_TOKENS" || (reason != "STOP" && !answered) {
            throw ProviderFailure(
                reason: .format, provider: provider, message: "the response stopped early (\(reason))",
                afterOutput: producedOutput)
        }
        emit(.completed(responseId: responseId))
    }

    /// A chunk whose candidate has only text parts and no finish reason: its texts, id and usage. Nil for
    /// anything else, which the caller reads with Foundation.
    static func plainTextChunk(_ data: String) -> (texts: [String], responseId: String?, usage: [String: Int]?)? {
        guard data.utf8.first == UInt8(ascii: "{"), let top = FlatJSON.parse(data, nested: true),
            case .array(let candidates)? = top["candidates"], candidates.count == 1,
            case .object(let candidate) = candidates[0], candidate["finishReason"] == nil,
            case .object(let content)? = candidate["content"], case .array(let parts)? = content["parts"],
            top.keys.allSatisfy(plainChunkKeys.contains)
        else { return nil }
        var texts: [String] = []
        for part in parts {
            guard case .object(let fields) = part, fields.count == 1, case .string(let text)? = fields["text"] else {
                return nil
            }
            texts.append(text)
        }
        var responseId: String?
        if let id = top["responseId"] {
            guard case .string(let s) = id else { return nil }
            responseId = s
        }
        var usage: [String: Int]?
        if let u = top["usageMetadata"] {
            guard case .object(let fields) = u else { return nil }
            var counts: [String: Int] = [:]
            for (k, v) in fields { if case .int(let n) = v { counts[k] = n } }
            usage = counts
        }
        return (texts, responseId, usage)
    }

    private static let plainChunkKeys: Set<String> = [
        "candidates", "usageMetadata", "modelVersion", "responseId", "createTime"
    ]

    /// `usageMetadata` read through `count` (a field's integer value). `promptTokenCount` includes the cached
    /// tokens; thoughts are counted as output, as OpenAI does.
    static func usage(_ count: (String) -> Int?) -> Usage {
        let thoughts = count("thoughtsTokenCount") ?? 0
        return Usage(
            inputTokens: count("promptTokenCount") ?? 0,
            cachedInputTokens: count("cachedContentTokenCount") ?? 0,
            outputTokens: (count("candidatesTokenCount") ?? 0) + thoughts,
            reasoningTokens: thoughts)
    }
}
