import SXCore
import SXAuth

/// A `streamGenerateContent` request body (docs/protocol/gemini.md#request-body), camelCase on the wire; a nil
/// field is left out. With a context cache, `cachedContent` names it and the cached prefix is left out.
public struct GeminiRequestBody: Sendable, JSONRepresentable {
    public struct FunctionDeclaration: Sendable, JSONRepresentable {
        public var name: String
        public var description: String
        /// JSON Schema, so `parametersJsonSchema` rather than the OpenAPI-subset `parameters`.
        public var parametersJsonSchema: JSONValue
        public var json: JSONValue {
            ["name": .string(name), "description": .string(description), "parametersJsonSchema": parametersJsonSchema]
        }
    }

    /// docs/protocol/gemini.md#thinking-config: Gemini 3 takes a level, 2.5 a budget (`-1`: the model decides).
    public struct ThinkingConfig: Sendable, Equatable, JSONRepresentable {
        public var includeThoughts: Bool?
        public var thinkingBudget: Int?
        public var thinkingLevel: String?
        public var json: JSONValue {
            var o = JSONObject()
            o["includeThoughts"] = includeThoughts.map(JSONValue.bool)
            o["thinkingBudget"] = thinkingBudget.map { JSONValue.int($0) }
            o["thinkingLevel"] = thinkingLevel.map(JSONValue.string)
            return .object(o)
        }
    }

    public var contents: [GeminiContent]
    public var systemInstruction: String?
    /// Empty leaves `tools` and `toolConfig` out; otherwise function calling is `AUTO`.
    public var functionDeclarations: [FunctionDeclaration] = []
    public var thinkingConfig: ThinkingConfig?
    public var cachedContent: String?

    /// The parts a context cache stores besides the turns; `.null` for what is absent.
    var header: JSONValue {
        let o = fields
        return [
            "systemInstruction": o["systemInstruction"] ?? .null, "tools": o["tools"] ?? .null,
            "toolConfig": o["toolConfig"] ?? .null
        ]
    }

    var fields: JSONObject {
        var o: JSONObject = ["contents": .list(contents)]
        if let systemInstruction { o["systemInstruction"] = ["parts": [["text": .string(systemInstruction)]]] }
        if !functionDeclarations.isEmpty {
            o["tools"] = [["functionDeclarations": .list(functionDeclarations)]]
            o["toolConfig"] = ["functionCallingConfig": ["mode": "AUTO"]]
        }
        if let thinkingConfig { o["generationConfig"] = ["thinkingConfig": thinkingConfig.json] }
        o["cachedContent"] = cachedContent.map(JSONValue.string)
        return o
    }

    public var json: JSONValue { .object(fields) }
}

/// One turn: `user` or `model`, and its parts.
public struct GeminiContent: Sendable, JSONRepresentable {
    public var role: String
    public var parts: [GeminiPart]
    public var json: JSONValue { ["role": .string(role), "parts": .list(parts)] }
}

/// A part of a turn. A `thoughtSignature` goes back on the part it came on (docs/protocol/gemini.md#signatures-and-echo).
public enum GeminiPart: Sendable, JSONRepresentable {
    /// Text, a thought (`thought: true`), or an empty part that only carried a signature.
    case text(String, thought: Bool = false, signature: String? = nil)
    case functionCall(name: String, args: JSONValue, id: String?, signature: String?)
    case functionResponse(name: String, id: String?, output: String, isError: Bool)
    case inlineData(mimeType: String, data: String)

    public var json: JSONValue {
        switch self {
        case .text(let text, let thought, let signature):
            var o: JSONObject = ["text": .string(text)]
            if thought { o["thought"] = true }
            o["thoughtSignature"] = signature.map(JSONValue.string)
            return .object(o)
        case .functionCall(let name, let args, let id, let signature):
            var call: JSONObject = ["name": .string(name), "args": args]
            call["id"] = id.map(JSONValue.string)
            var o: JSONObject = ["functionCall": .object(call)]
            o["thoughtSignature"] = signature.map(JSONValue.string)
            return .object(o)
        case .functionResponse(let name, let id, let output, let isError):
            var response: JSONObject = [
                "name": .string(name), "response": isError ? ["error": .string(output)] : ["content": .string(output)]
            ]
            response["id"] = id.map(JSONValue.string)
            return ["functionResponse": .object(response)]
        case .inlineData(let mimeType, let data):
            return ["inlineData": ["mimeType": .string(mimeType), "data": .string(data)]]
        }
    }

    var isFunctionResponse: Bool { if case .functionResponse = self { true } else { false } }
}
