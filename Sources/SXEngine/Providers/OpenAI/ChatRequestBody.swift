import SXCore
import SXAuth

/// A Chat Completions request body (docs/protocol/openai.md#chat-completions-request); a nil field is left out.
public struct ChatRequestBody: Sendable, JSONRepresentable {
    public struct Tool: Sendable, JSONRepresentable {
        public var name: String
        public var description: String
        public var parameters: JSONValue
        public var json: JSONValue {
            [
                "type": "function",
                "function": ["name": .string(name), "description": .string(description), "parameters": parameters]
            ]
        }
    }

    public var model: String
    public var messages: [ChatMessage]
    public var stream = true
    /// `stream_options.include_usage`: the last chunk carries the token counts.
    public var includeUsage = true
    public var tools: [Tool]?
    public var toolChoice: String?
    /// OpenAI-only (routers may refuse fields they don't know).
    public var promptCacheKey: String?
    public var reasoningEffort: String?

    public var json: JSONValue {
        var o: JSONObject = [
            "model": .string(model), "messages": .list(messages), "stream": .bool(stream),
            "stream_options": ["include_usage": .bool(includeUsage)]
        ]
        o["tools"] = tools.map { JSONValue.list($0) }
        o["tool_choice"] = toolChoice.map(JSONValue.string)
        o["prompt_cache_key"] = promptCacheKey.map(JSONValue.string)
        o["reasoning_effort"] = reasoningEffort.map(JSONValue.string)
        return .object(o)
    }
}

/// One message of a Chat Completions request.
public enum ChatMessage: Sendable, JSONRepresentable {
    public enum Part: Sendable, JSONRepresentable {
        case text(String)
        case imageURL(String)
        public var json: JSONValue {
            switch self {
            case .text(let t): ["type": "text", "text": .string(t)]
            case .imageURL(let url): ["type": "image_url", "image_url": ["url": .string(url)]]
            }
        }
    }

    case system(String)
    /// Plain text (every server takes it) or parts (needed for images).
    case userText(String)
    case userParts([Part])
    /// `content: null` when the turn is only tool calls.
    case assistant(text: String?, toolCalls: [ToolCall])
    case tool(callId: String, content: String)

    public var role: String {
        switch self {
        case .system: "system"
        case .userText, .userParts: "user"
        case .assistant: "assistant"
        case .tool: "tool"
        }
    }

    public var json: JSONValue {
        switch self {
        case .system(let t), .userText(let t): return ["role": .string(role), "content": .string(t)]
        case .userParts(let parts): return ["role": "user", "content": .list(parts)]
        case .assistant(let text, let calls):
            var o: JSONObject = ["role": "assistant", "content": text.map(JSONValue.string) ?? .null]
            if !calls.isEmpty {
                o["tool_calls"] = .array(
                    calls.map { c in
                        [
                            "id": .string(c.id), "type": "function",
                            "function": ["name": .string(c.name), "arguments": .string(c.arguments)]
                        ]
                    })
            }
            return .object(o)
        case .tool(let callId, let content):
            return ["role": "tool", "tool_call_id": .string(callId), "content": .string(content)]
        }
    }
}
