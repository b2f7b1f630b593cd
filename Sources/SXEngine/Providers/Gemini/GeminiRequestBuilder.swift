import Foundation
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
        var body: [String: Any] = ["contents": Self.contents(request.messages)]
        if !request.systemPrompt.isEmpty {
            body["systemInstruction"] = ["parts": [["text": request.systemPrompt]]]
        }
        if !request.tools.isEmpty {
            body["tools"] = [["functionDeclarations": try request.tools.map(Self.declaration)]]
            body["toolConfig"] = ["functionCallingConfig": ["mode": "AUTO"]]
        }
        let caps = (request.capabilities ?? ModelCatalog.capabilities(provider: .google, model: request.model))
        if let thinking = Self.thinkingConfig(caps, effort: request.reasoningEffort) {
            body["generationConfig"] = ["thinkingConfig": thinking]
        }
        return try JSONBody.encode(body)
    }

    /// By the model's form (docs/protocol/gemini.md#thinking-config): Gemini 3 takes `thinkingLevel` and no budget;
    /// 2.5 a `thinkingBudget` inside the model's own range (out of range is a 400), `-1` letting the model decide.
    static func thinkingConfig(_ caps: ModelCapabilities, effort: String?) -> [String: Any]? {
        guard caps.thinking else { return nil }
        let level = caps.clampEffort(effort)
        let off = level.map(ReasoningLevels.off.contains) ?? false
        switch caps.thinkingForm {
        case .geminiLevel:
            guard let level else { return ["includeThoughts": true] }
            return ["includeThoughts": true, "thinkingLevel": off || level == "minimal" ? "low" : level]
        case .geminiBudget(let lo, let hi, let canDisable):
            if off { return canDisable ? ["thinkingBudget": 0] : ["includeThoughts": true, "thinkingBudget": lo] }
            let wanted = thinkingBudget(level)
            return ["includeThoughts": true, "thinkingBudget": wanted < 0 ? -1 : min(hi, max(lo, wanted))]
        default:
            return ["includeThoughts": true, "thinkingBudget": thinkingBudget(level)]
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

    /// Our schemas are JSON Schema, so they go in `parametersJsonSchema` rather than the OpenAPI-subset `parameters`.
    static func declaration(_ spec: ToolSpec) throws -> [String: Any] {
        let schema = try JSONSerialization.jsonObject(with: Data(spec.parametersSchema.utf8))
        return ["name": spec.name, "description": spec.description, "parametersJsonSchema": schema]
    }

    static func contents(_ history: [Message]) -> [[String: Any]] {
        // Which calls had a Gemini id: their responses must carry it back; generated ids stay local.
        var realIds: [String: String] = [:]
        for m in history where m.role == .assistant {
            for case .toolCall(let c) in m.parts { if let id = c.itemId { realIds[c.id] = id } }
        }
        var out: [[String: Any]] = []
        for m in history {
            let role = m.role == .user ? "user" : "model"
            let parts = m.role == .user ? userParts(m, realIds: realIds) : modelParts(m)
            guard !parts.isEmpty else { continue }
            if let last = out.last, last["role"] as? String == role, let prev = last["parts"] as? [[String: Any]] {
                out[out.count - 1]["parts"] = prev + parts
            } else {
                out.append(["role": role, "parts": parts])
            }
        }
        return out
    }

    static func userParts(_ m: Message, realIds: [String: String]) -> [[String: Any]] {
        var responses: [[String: Any]] = []
        var rest: [[String: Any]] = []
        for part in m.parts {
            switch part {
            case .text(let t) where !t.isEmpty: rest.append(["text": t])
            case .image(let img): rest.append(inline(img))
            case .toolResult(let r):
                var fr: [String: Any] = ["name": r.name, "response": r.isError ? ["error": r.output] : ["content": r.output]]
                if let id = realIds[r.callId] { fr["id"] = id }
                responses.append(["functionResponse": fr])
                rest += r.images.map(inline)
            default: break
            }
        }
        return responses + rest
    }

    static func inline(_ img: ImageData) -> [String: Any] {
        ["inlineData": ["mimeType": img.mediaType, "data": img.base64]]
    }

    /// The model turn with its parts unchanged. A turn that did not come from Gemini gets the stand-in signature on
    /// its first function call, which is the part Gemini 3 checks.
    static func modelParts(_ m: Message) -> [[String: Any]] {
        let fromGemini = m.parts.contains { p in
            switch p {
            case .thinking(let th): th.provider == family
            case .toolCall(let c): c.thoughtSignature != nil
            default: false
            }
        }
        var signedFirstCall = fromGemini
        var parts: [[String: Any]] = []
        for part in m.parts {
            switch part {
            case .thinking(let th):
                guard th.provider == family else { continue }
                // An empty part that only carried a signature goes back as it came: not a thought.
                var p: [String: Any] = ["text": th.text]
                if !th.text.isEmpty { p["thought"] = true }
                if let sig = th.signature { p["thoughtSignature"] = sig }
                parts.append(p)
            case .text(let t) where !t.isEmpty:
                parts.append(["text": t])
            case .toolCall(let c):
                let args = (try? JSONSerialization.jsonObject(with: Data(c.arguments.utf8))) as? [String: Any] ?? [:]
                var fc: [String: Any] = ["name": c.name, "args": args]
                if let id = c.itemId { fc["id"] = id }
                var p: [String: Any] = ["functionCall": fc]
                if let sig = c.thoughtSignature {
                    p["thoughtSignature"] = sig
                } else if !signedFirstCall {
                    p["thoughtSignature"] = skipSignature
                    signedFirstCall = true
                }
                parts.append(p)
            default: break
            }
        }
        return parts
    }
}
