import SXCore
import SXAuth

/// A Messages API request body (docs/protocol/anthropic.md#request-body); a nil field is left out. The last
/// system block, the last tool and the flagged message's last block carry the `ephemeral` cache breakpoint.
public struct AnthropicRequestBody: Sendable, JSONRepresentable {
    public struct Tool: Sendable, JSONRepresentable {
        public var name: String
        public var description: String
        public var inputSchema: JSONValue
        public var json: JSONValue {
            ["name": .string(name), "description": .string(description), "input_schema": inputSchema]
        }
    }

    public var model: String
    public var maxTokens: Int
    /// Text blocks; empty leaves `system` out.
    public var system: [String] = []
    public var messages: [AnthropicMessage]
    public var tools: [Tool] = []
    public var thinking: AnthropicThinking.Setting?
    public var stream = true

    static let ephemeral: JSONValue = ["type": "ephemeral"]

    public var json: JSONValue {
        var o: JSONObject = ["model": .string(model), "max_tokens": .int(maxTokens)]
        if !system.isEmpty {
            o["system"] = .array(
                system.enumerated().map { i, text in
                    var block: JSONObject = ["type": "text", "text": .string(text)]
                    if i == system.count - 1 { block["cache_control"] = Self.ephemeral }
                    return .object(block)
                })
        }
        o["messages"] = .list(messages)
        if !tools.isEmpty {
            o["tools"] = .array(
                tools.enumerated().map { i, tool in
                    guard i == tools.count - 1, case .object(var last) = tool.json else { return tool.json }
                    last["cache_control"] = Self.ephemeral
                    return .object(last)
                })
            o["tool_choice"] = ["type": "auto"]
        }
        switch thinking {
        case .adaptive(let effort):
            o["thinking"] = ["type": "adaptive"]
            o["output_config"] = ["effort": .string(effort)]
        case .enabled(let budget):
            o["thinking"] = ["type": "enabled", "budget_tokens": .int(budget)]
        case nil: break
        }
        o["stream"] = .bool(stream)
        return .object(o)
    }
}

/// One message: a role and its blocks; `cacheBreakpoint` marks its last block `ephemeral`.
public struct AnthropicMessage: Sendable, JSONRepresentable {
    public enum Role: String, Sendable { case user, assistant }
    public var role: Role
    public var content: [AnthropicBlock]
    public var cacheBreakpoint = false

    public var json: JSONValue {
        var blocks = content.map(\.json)
        if cacheBreakpoint, case .object(var last)? = blocks.last {
            last["cache_control"] = AnthropicRequestBody.ephemeral
            blocks[blocks.count - 1] = .object(last)
        }
        return ["role": .string(role.rawValue), "content": .array(blocks)]
    }
}

/// A content block of a message.
public enum AnthropicBlock: Sendable, JSONRepresentable {
    case text(String)
    case image(mediaType: String, data: String)
    /// The output as a string, or with images as text + image blocks.
    case toolResult(toolUseId: String, output: String, images: [ImageData], isError: Bool)
    case thinking(String, signature: String)
    case redactedThinking(data: String)
    case toolUse(id: String, name: String, input: JSONValue)

    public var json: JSONValue {
        switch self {
        case .text(let t): return ["type": "text", "text": .string(t)]
        case .image(let mediaType, let data):
            return [
                "type": "image", "source": ["type": "base64", "media_type": .string(mediaType), "data": .string(data)]
            ]
        case .toolResult(let id, let output, let images, let isError):
            var o: JSONObject = ["type": "tool_result", "tool_use_id": .string(id)]
            o["content"] =
                images.isEmpty
                ? .string(output)
                : .array([AnthropicBlock.text(output).json] + images.map { AnthropicBlock.image($0).json })
            if isError { o["is_error"] = true }
            return .object(o)
        case .thinking(let text, let signature):
            return ["type": "thinking", "thinking": .string(text), "signature": .string(signature)]
        case .redactedThinking(let data): return ["type": "redacted_thinking", "data": .string(data)]
        case .toolUse(let id, let name, let input):
            return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        }
    }

    static func image(_ img: ImageData) -> AnthropicBlock { .image(mediaType: img.mediaType, data: img.base64) }

    var isToolResult: Bool { if case .toolResult = self { true } else { false } }
}
