import Foundation
import SXCore
import SXAuth

/// Builds a `streamGenerateContent` request (docs/protocol/gemini.md#request-body): camelCase on the wire, the model
/// turn echoed with every `thoughtSignature` on the part it came on (docs/protocol/gemini.md#signatures-and-echo),
/// function results as `functionResponse` parts of a user turn.
public struct GeminiRequestBuilder: Sendable {
    /// The documented stand-in signature for function calls that did not come from Gemini (history from another
    /// provider after a model switch); without one, Gemini 3 rejects the request.
    public static let skipSignature = "skip_thought_signature_validator"
    /// Thinking is echoed only when Gemini produced it.
    public static let family = "google"

    public init() {}

    public func body(_ request: ProviderRequest) throws -> Data {
        JSONBody.encode(try requestBody(request).json)
    }

    public func requestBody(_ request: ProviderRequest) throws -> GeminiRequestBody {
        let caps = (request.capabilities ?? ModelCatalog.capabilities(provider: .google, model: request.model))
        return GeminiRequestBody(
            contents: Self.contents(request.messages),
            systemInstruction: request.systemPrompt.isEmpty ? nil : request.systemPrompt,
            functionDeclarations: try request.tools.map(Self.declaration),
            thinkingConfig: Self.thinkingConfig(caps, effort: request.reasoningEffort))
    }

    /// By the model's form (docs/protocol/gemini.md#thinking-config): Gemini 3 takes `thinkingLevel` and no budget;
    /// 2.5 a `thinkingBudget` inside the model's own range (out of range is a 400), `-1` letting the model decide.
    static func thinkingConfig(_ caps: ModelCapabilities, effort: String?) -> GeminiRequestBody.ThinkingConfig? {
        typealias Config = GeminiRequestBody.ThinkingConfig
        guard caps.thinking else { return nil }
        let level = caps.clampEffort(effort)
        let off = level.map(ReasoningLevels.off.contains) ?? false
        switch caps.thinkingForm {
        case .geminiLevel:
            guard let level else { return Config(includeThoughts: true) }
            return Config(includeThoughts: true, thinkingLevel: off || level == "minimal" ? "low" : level)
        case .geminiBudget(let lo, let hi, let canDisable):
            if off { return canDisable ? Config(thinkingBudget: 0) : Config(includeThoughts: true, thinkingBudget: lo) }
            let wanted = thinkingBudget(level)
            return Config(includeThoughts: true, thinkingBudget: wanted < 0 ? -1 : min(hi, max(lo, wanted)))
        default:
            return Config(includeThoughts: true, thinkingBudget: thinkingBudget(level))
        }
    }

    /// `-1` is dynamic (the model decides); an effort picks a fixed budget, clamped to the model's range after.
    static func thinkingBudget(_ effort: String?) -> Int {
        switch effort?.lowercased() {
        case "minimal": 512
        case "low": 2048
        case "medium": 8192
        case "high": 24576
        case "xhigh", "max", "ultra": 32768
        default: -1
        }
    }

    /// Our schemas are JSON Schema, so they go in `parametersJsonSchema` rather than the OpenAPI-subset `parameters`,
    /// cut to the keywords Gemini takes (an MCP server's schema may carry others).
    static func declaration(_ spec: ToolSpec) throws -> GeminiRequestBody.FunctionDeclaration {
        .init(
            name: spec.name, description: spec.description,
            parametersJsonSchema: GeminiSchema.simplified(try spec.parameters()))
    }

    static func contents(_ history: [Message]) -> [GeminiContent] {
        // Which calls had a Gemini id: their responses must carry it back; generated ids stay local.
        var realIds: [String: String] = [:]
        for m in history where m.role == .assistant {
            for case .toolCall(let c) in m.parts { if let id = c.itemId { realIds[c.id] = id } }
        }
        var out: [GeminiContent] = []
        for m in history {
            let role = m.role == .user ? "user" : "model"
            let parts = m.role == .user ? userParts(m, realIds: realIds) : modelParts(m)
            guard !parts.isEmpty else { continue }
            if let last = out.last, last.role == role {
                out[out.count - 1].parts += parts
            } else {
                out.append(GeminiContent(role: role, parts: parts))
            }
        }
        return out
    }

    static func userParts(_ m: Message, realIds: [String: String]) -> [GeminiPart] {
        var responses: [GeminiPart] = []
        var rest: [GeminiPart] = []
        for part in m.parts {
            switch part {
            case .text(let t) where !t.isEmpty: rest.append(.text(t))
            case .image(let img): rest.append(inline(img))
            case .toolResult(let r):
                responses.append(
                    .functionResponse(name: r.name, id: realIds[r.callId], output: r.output, isError: r.isError))
                rest += r.images.map(inline)
            default: break
            }
        }
        return responses + rest
    }

    static func inline(_ img: ImageData) -> GeminiPart {
        .inlineData(mimeType: img.mediaType, data: img.base64)
    }

    /// The model turn with its parts unchanged. A turn that did not come from Gemini gets the stand-in signature on
    /// its first function call, which is the part Gemini 3 checks.
    static func modelParts(_ m: Message) -> [GeminiPart] {
        let fromGemini = m.parts.contains { p in
            switch p {
            case .thinking(let th): th.provider == family
            case .toolCall(let c): c.thoughtSignature != nil
            default: false
            }
        }
        var signedFirstCall = fromGemini
        var parts: [GeminiPart] = []
        for part in m.parts {
            switch part {
            case .thinking(let th):
                guard th.provider == family else { continue }
                // An empty part that only carried a signature goes back as it came: not a thought.
                parts.append(.text(th.text, thought: !th.text.isEmpty, signature: th.signature))
            case .text(let t) where !t.isEmpty:
                parts.append(.text(t))
            case .toolCall(let c):
                var signature = c.thoughtSignature
                if signature == nil && !signedFirstCall {
                    signature = skipSignature
                    signedFirstCall = true
                }
                parts.append(
                    .functionCall(
                        name: c.name, args: c.argumentsObject,
                        id: c.itemId, signature: signature))
            default: break
            }
        }
        return parts
    }
}
