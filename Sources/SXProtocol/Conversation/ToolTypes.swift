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
    /// A freeform (Responses `custom`) tool call: `arguments` is the raw input text, not JSON, and the call and its
    /// output go back as `custom_tool_call` items. Nil for function calls.
    public var freeform: Bool?

    public init(
        id: String, name: String, arguments: String, itemId: String? = nil, thoughtSignature: String? = nil,
        freeform: Bool? = nil
    ) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.itemId = itemId
        self.thoughtSignature = thoughtSignature
        self.freeform = freeform
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
    /// The files the call changed, as diffs for the person (the model reads `output`).
    public var diffs: [FileDiff]
    /// The answer to a freeform call (sent back as `custom_tool_call_output`).
    public var freeform: Bool?

    public init(
        callId: String, name: String, output: String, isError: Bool = false, images: [ImageData] = [],
        diffs: [FileDiff] = []
    ) {
        self.callId = callId
        self.name = name
        self.output = output
        self.isError = isError
        self.images = images
        self.diffs = diffs
    }

    private enum CodingKeys: String, CodingKey { case callId, name, output, isError, images, diffs, freeform }

    /// Transcripts written before diffs existed decode with none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callId = try c.decode(String.self, forKey: .callId)
        name = try c.decode(String.self, forKey: .name)
        output = try c.decode(String.self, forKey: .output)
        isError = try c.decode(Bool.self, forKey: .isError)
        images = try c.decodeIfPresent([ImageData].self, forKey: .images) ?? []
        diffs = try c.decodeIfPresent([FileDiff].self, forKey: .diffs) ?? []
        freeform = try c.decodeIfPresent(Bool.self, forKey: .freeform)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(callId, forKey: .callId)
        try c.encode(name, forKey: .name)
        try c.encode(output, forKey: .output)
        try c.encode(isError, forKey: .isError)
        try c.encode(images, forKey: .images)
        if !diffs.isEmpty { try c.encode(diffs, forKey: .diffs) }
        try c.encodeIfPresent(freeform, forKey: .freeform)
    }
}

extension ToolCall {
    /// The arguments as the object the model meant; malformed ones (an aborted stream) as `{}`, which every
    /// provider takes when the call is echoed back.
    public var argumentsObject: JSONValue {
        if freeform == true { return ["input": .string(arguments)] }
        guard let parsed = try? JSONParser.parse(arguments), case .object = parsed else { return .object(JSONObject()) }
        return parsed
    }
}
