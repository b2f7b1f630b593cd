import Foundation

/// A provider-neutral conversation item. Providers translate these to and from their wire formats; what one
/// provider needs echoed back (Codex encrypted reasoning, Anthropic signatures, Gemini thought signatures) rides
/// along in the part that carries it.
public struct Message: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable { case user, assistant }

    public var role: Role
    public var parts: [Part]

    public init(role: Role, parts: [Part]) {
        self.role = role
        self.parts = parts
    }

    public static func user(_ text: String) -> Message { Message(role: .user, parts: [.text(text)]) }

    /// The concatenated visible text of the message.
    public var text: String {
        parts.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
    }
}

public struct ImageData: Sendable, Codable, Equatable {
    public var mediaType: String
    /// Base64 of the image bytes.
    public var base64: String
    public init(mediaType: String, base64: String) {
        self.mediaType = mediaType
        self.base64 = base64
    }
    public var dataURL: String { "data:\(mediaType);base64,\(base64)" }
}

/// Model reasoning, shown as "thinking" and echoed back where the provider requires it.
public struct Thinking: Sendable, Codable, Equatable {
    public var text: String
    /// Anthropic's `signature` of a thinking block.
    public var signature: String?
    /// Codex/OpenAI Responses `encrypted_content` of a reasoning item.
    public var encryptedContent: String?
    /// The provider's id of the item (`rs_…`).
    public var itemId: String?
    /// Anthropic `redacted_thinking` data.
    public var redactedData: String?
    /// The provider that produced it: reasoning is only echoed to the same provider.
    public var provider: String?

    public init(
        text: String, signature: String? = nil, encryptedContent: String? = nil, itemId: String? = nil,
        redactedData: String? = nil, provider: String? = nil
    ) {
        self.text = text
        self.signature = signature
        self.encryptedContent = encryptedContent
        self.itemId = itemId
        self.redactedData = redactedData
        self.provider = provider
    }
}

public enum Part: Sendable, Codable, Equatable {
    case text(String)
    case image(ImageData)
    case thinking(Thinking)
    case toolCall(ToolCall)
    case toolResult(ToolResult)

    private enum CodingKeys: String, CodingKey { case type, text, image, thinking, call, result }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "text": self = .text(try c.decode(String.self, forKey: .text))
        case "image": self = .image(try c.decode(ImageData.self, forKey: .image))
        case "thinking": self = .thinking(try c.decode(Thinking.self, forKey: .thinking))
        case "tool_call": self = .toolCall(try c.decode(ToolCall.self, forKey: .call))
        case "tool_result": self = .toolResult(try c.decode(ToolResult.self, forKey: .result))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown part type \(other)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let t): try c.encode("text", forKey: .type); try c.encode(t, forKey: .text)
        case .image(let i): try c.encode("image", forKey: .type); try c.encode(i, forKey: .image)
        case .thinking(let t): try c.encode("thinking", forKey: .type); try c.encode(t, forKey: .thinking)
        case .toolCall(let t): try c.encode("tool_call", forKey: .type); try c.encode(t, forKey: .call)
        case .toolResult(let r): try c.encode("tool_result", forKey: .type); try c.encode(r, forKey: .result)
        }
    }
}
