import Foundation
import SXCore

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
