import Foundation
import SXAuth

/// A tool as the model sees it: a name, a description and a JSON schema of its arguments.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The JSON schema of the arguments object, as JSON text (providers embed it verbatim).
    public var parametersSchema: String {
        didSet { parsedSchema = Self.parse(parametersSchema) }
    }
    /// The schema parsed once, when set: every request embeds it, for every tool.
    private var parsedSchema: Result<JSONValue, JSONParseError>

    public init(name: String, description: String, parametersSchema: String) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.parsedSchema = Self.parse(parametersSchema)
    }

    /// The schema as a value, key order kept; a schema that is not JSON is an error naming the tool and the place.
    public func parameters() throws -> JSONValue {
        do { return try parsedSchema.get() } catch {
            throw ToolSchemaError(message: "tool \(name): parameters schema is not valid JSON: \(error)")
        }
    }

    private static func parse(_ text: String) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) in try JSONParser.parse(text) }
    }
}

public struct ToolSchemaError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A call the model asked for.
public struct ToolCall: Sendable, Codable, Equatable {
    /// The id the result must be sent back under (`call_id` for Codex/OpenAI, `tool_use` id for Anthropic).
    public var id: String
    public var name: String
    /// The arguments as JSON text, exactly as the model produced them (may be malformed).
    public var arguments: String
    /// The provider's item id (`fc_…`), echoed back in Responses history.
    public var itemId: String?
    /// Gemini's `thoughtSignature`, echoed on the same part.
    public var thoughtSignature: String?

    public init(id: String, name: String, arguments: String, itemId: String? = nil, thoughtSignature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.itemId = itemId
        self.thoughtSignature = thoughtSignature
    }
}

/// What a tool returned, sent back to the model under the call's id.
public struct ToolResult: Sendable, Codable, Equatable {
    public var callId: String
    public var name: String
    public var output: String
    public var isError: Bool
    /// Images for vision models (e.g. `read_file` of a PNG).
    public var images: [ImageData]

    public init(callId: String, name: String, output: String, isError: Bool = false, images: [ImageData] = []) {
        self.callId = callId
        self.name = name
        self.output = output
        self.isError = isError
        self.images = images
    }
}

extension ToolCall {
    /// The arguments as the object the model meant; malformed ones (an aborted stream) as `{}`, which every
    /// provider takes when the call is echoed back.
    public var argumentsObject: JSONValue {
        guard let parsed = try? JSONParser.parse(arguments), case .object = parsed else { return .object(JSONObject()) }
        return parsed
    }
}
