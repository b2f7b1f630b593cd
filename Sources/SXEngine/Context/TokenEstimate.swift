import Foundation

/// A local token count, used between the server's own counts (docs/protocol/context.md#counting). Four bytes of
/// UTF-8 to a token is what Codex CLI assumes for its own estimate; it runs high for code and English prose, which
/// is the safe side for a limit. An image counts as a flat 1,500 (a 1,000 × 1,000 picture on Anthropic's formula
/// is ~1,300; OpenAI's high-detail tiles land near it).
public enum TokenEstimate {
    public static let bytesPerToken = 4
    public static let perImage = 1_500
    /// Role markers and part framing the servers add per message.
    public static let perMessage = 4

    public static func text(_ s: String) -> Int { (s.utf8.count + bytesPerToken - 1) / bytesPerToken }

    /// The tool definitions a request offers (names, descriptions, schemas).
    public static func tools(_ specs: [ToolSpec]) -> Int {
        specs.reduce(0) { $0 + text($1.name + $1.description + $1.parametersSchema) }
    }

    public static func message(_ m: Message) -> Int {
        m.parts.reduce(perMessage) { $0 + part($1) }
    }

    public static func part(_ p: Part) -> Int {
        switch p {
        case .text(let t): text(t)
        case .image: perImage
        // Encrypted reasoning is sent back as it came: its base64 length is what the server reads.
        case .thinking(let t): text(t.text) + text(t.encryptedContent ?? "") / 2
        case .toolCall(let c): text(c.name) + text(c.arguments) + 8
        case .toolResult(let r): text(r.output) + r.images.count * perImage + 8
        }
    }
}
