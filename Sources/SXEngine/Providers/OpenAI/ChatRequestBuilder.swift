import Foundation
import SXAuth

/// Builds a Chat Completions request (docs/protocol/openai.md#chat-completions-request), for OpenAI with
/// `OPENAI_API=chat` and for local routers.
public struct ChatRequestBuilder: Sendable {
    /// Send OpenAI-only fields (`reasoning_effort`, `prompt_cache_key`); routers may reject fields they don't know.
    public var openAIExtensions: Bool

    public init(openAIExtensions: Bool) { self.openAIExtensions = openAIExtensions }

    public func body(_ request: ProviderRequest) throws -> Data {
        var body: [String: Any] = [
            "model": request.model,
            "stream": true,
            "stream_options": ["include_usage": true],
            "messages": Self.messages(request),
        ]
        if !request.tools.isEmpty {
            body["tools"] = try request.tools.map(Self.tool)
            body["tool_choice"] = "auto"
        }
        if openAIExtensions {
            body["prompt_cache_key"] = request.sessionId
            if let effort = request.reasoningEffort,
               (request.capabilities ?? ModelCatalog.capabilities(provider: .openai, model: request.model)).thinking {
                body["reasoning_effort"] = effort
            }
        }
        return try JSONBody.encode(body)
    }

    static func tool(_ spec: ToolSpec) throws -> [String: Any] {
        let schema = try JSONSerialization.jsonObject(with: Data(spec.parametersSchema.utf8))
        return ["type": "function", "function": ["name": spec.name, "description": spec.description, "parameters": schema]]
    }

    static func messages(_ request: ProviderRequest) -> [[String: Any]] {
        var out: [[String: Any]] = []
        if !request.systemPrompt.isEmpty { out.append(["role": "system", "content": request.systemPrompt]) }
        for m in request.messages {
            switch m.role {
            case .user: out += userMessages(m)
            case .assistant: if let a = assistantMessage(m) { out.append(a) }
            }
        }
        return out
    }

    /// Tool results become `tool` messages; text and images one user message (a plain string when it is text only,
    /// which every server accepts). Images a tool returned follow in a user message, since `tool` content is text.
    static func userMessages(_ m: Message) -> [[String: Any]] {
        var out: [[String: Any]] = []
        var content: [[String: Any]] = []
        var toolImages: [[String: Any]] = []
        for part in m.parts {
            switch part {
            case .text(let t): content.append(["type": "text", "text": t])
            case .image(let img): content.append(imagePart(img))
            case .toolResult(let r):
                out.append(["role": "tool", "tool_call_id": r.callId, "content": r.output])
                toolImages += r.images.map(imagePart)
            default: break
            }
        }
        if !toolImages.isEmpty {
            out.append(["role": "user", "content": [["type": "text", "text": "Images returned by the tool calls above:"]] + toolImages])
        }
        if content.contains(where: { $0["type"] as? String == "image_url" }) {
            out.append(["role": "user", "content": content])
        } else if !content.isEmpty {
            out.append(["role": "user", "content": content.compactMap { $0["text"] as? String }.joined(separator: "\n")])
        }
        return out
    }

    static func imagePart(_ img: ImageData) -> [String: Any] {
        ["type": "image_url", "image_url": ["url": img.dataURL]]
    }

    /// Chat Completions has no reasoning to echo: thinking is left out.
    static func assistantMessage(_ m: Message) -> [String: Any]? {
        let text = m.parts.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
        let calls = m.parts.compactMap { p -> [String: Any]? in
            guard case .toolCall(let c) = p else { return nil }
            return ["id": c.id, "type": "function", "function": ["name": c.name, "arguments": c.arguments]]
        }
        guard !text.isEmpty || !calls.isEmpty else { return nil }
        var msg: [String: Any] = ["role": "assistant", "content": text.isEmpty ? NSNull() : text]
        if !calls.isEmpty { msg["tool_calls"] = calls }
        return msg
    }
}
