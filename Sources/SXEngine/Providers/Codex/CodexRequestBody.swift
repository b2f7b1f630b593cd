import SXCore
import SXAuth

/// A Responses request body (docs/protocol/codex.md#request-body), for the ChatGPT Codex backend and the public
/// Responses API. Fields go in the order Codex CLI sends them; a nil field is left out.
public struct CodexRequestBody: Sendable, JSONRepresentable {
    public struct Reasoning: Sendable {
        public var effort: String?
        public var summary: String?
    }

    /// A tool the model may call; `strict: false`, as Codex sends its own. With a grammar it is a freeform
    /// `custom` tool whose input is plain text in that lark grammar (Codex's `apply_patch`).
    public struct FunctionTool: Sendable, JSONRepresentable {
        public var name: String
        public var description: String
        public var parameters: JSONValue
        public var grammar: String?
        public var json: JSONValue {
            if let grammar {
                return [
                    "type": "custom", "name": .string(name), "description": .string(description),
                    "format": ["type": "grammar", "syntax": "lark", "definition": .string(grammar)]
                ]
            }
            return [
                "type": "function", "name": .string(name), "description": .string(description), "strict": false,
                "parameters": parameters
            ]
        }
    }

    public var model: String
    public var instructions: String?
    public var stream = true
    /// The history, made one message's items at a time while the body is written (DECISIONS 20).
    public var input: CodexInput
    public var tools: [FunctionTool]?
    public var toolChoice: String?
    public var parallelToolCalls: Bool?
    public var reasoning: Reasoning?
    public var store = false
    public var include: [String]?
    public var promptCacheKey: String?

    public var json: JSONValue {
        var o: JSONObject = ["model": .string(model)]
        o["instructions"] = instructions.map(JSONValue.string)
        o["stream"] = .bool(stream)
        o["input"] = input.json
        o["tools"] = tools.map { JSONValue.list($0) }
        o["tool_choice"] = toolChoice.map(JSONValue.string)
        o["parallel_tool_calls"] = parallelToolCalls.map(JSONValue.bool)
        if let reasoning {
            var r = JSONObject()
            r["effort"] = reasoning.effort.map(JSONValue.string)
            r["summary"] = reasoning.summary.map(JSONValue.string)
            o["reasoning"] = .object(r)
        }
        o["store"] = .bool(store)
        o["include"] = include.map { JSONValue.array($0.map(JSONValue.string)) }
        o["prompt_cache_key"] = promptCacheKey.map(JSONValue.string)
        return .object(o)
    }
}

/// The `input` array as groups made on demand: `make(g)` must give the same items every time.
public struct CodexInput: Sendable, JSONRepresentable {
    public let groups: Int
    public let make: @Sendable (Int) -> [CodexInputItem]

    public var items: [CodexInputItem] { (0..<groups).flatMap(make) }
    public var json: JSONValue {
        let make = make
        return .lazyArray(JSONLazyArray(groups: groups) { make($0).map(\.json) })
    }
}

/// One item of `input`, in the shapes Codex sends (docs/protocol/codex.md#request-body).
public enum CodexInputItem: Sendable, JSONRepresentable {
    public enum Role: String, Sendable { case developer, user, assistant }
    public enum Content: Sendable, JSONRepresentable {
        case inputText(String)
        case inputImage(url: String)
        case outputText(String)

        public var json: JSONValue {
            switch self {
            case .inputText(let t): ["type": "input_text", "text": .string(t)]
            case .inputImage(let url): ["type": "input_image", "image_url": .string(url)]
            case .outputText(let t): ["type": "output_text", "text": .string(t)]
            }
        }
    }

    case message(role: Role, content: [Content])
    /// Encrypted reasoning echoed back; `summary` holds the summary texts.
    case reasoning(id: String?, summary: [String], encryptedContent: String)
    case functionCall(id: String?, name: String, arguments: String, callId: String)
    case functionCallOutput(callId: String, output: String)
    /// A freeform tool's call and its answer.
    case customToolCall(id: String?, name: String, input: String, callId: String)
    case customToolCallOutput(callId: String, output: String)

    public var json: JSONValue {
        switch self {
        case .message(let role, let content):
            return ["type": "message", "role": .string(role.rawValue), "content": .list(content)]
        case .reasoning(let id, let summary, let encrypted):
            var o: JSONObject = ["type": "reasoning"]
            o["id"] = id.map(JSONValue.string)
            o["summary"] = .array(summary.map { ["type": "summary_text", "text": .string($0)] })
            o["encrypted_content"] = .string(encrypted)
            return .object(o)
        case .functionCall(let id, let name, let arguments, let callId):
            var o: JSONObject = ["type": "function_call"]
            o["id"] = id.map(JSONValue.string)
            o["name"] = .string(name)
            o["arguments"] = .string(arguments)
            o["call_id"] = .string(callId)
            return .object(o)
        case .functionCallOutput(let callId, let output):
            return ["type": "function_call_output", "call_id": .string(callId), "output": .string(output)]
        case .customToolCall(let id, let name, let input, let callId):
            var o: JSONObject = ["type": "custom_tool_call"]
            o["id"] = id.map(JSONValue.string)
            o["name"] = .string(name)
            o["input"] = .string(input)
            o["call_id"] = .string(callId)
            return .object(o)
        case .customToolCallOutput(let callId, let output):
            return ["type": "custom_tool_call_output", "call_id": .string(callId), "output": .string(output)]
        }
    }
}
