import Foundation
import SXCore
import SXAuth

/// Builds a Chat Completions request (docs/protocol/openai.md#chat-completions-request), for OpenAI with
/// `OPENAI_API=chat` and for local routers.
public struct ChatRequestBuilder: Sendable {
    /// Send OpenAI-only fields (`reasoning_effort`, `prompt_cache_key`); routers may reject fields they don't know.
    public var openAIExtensions: Bool

    public init(openAIExtensions: Bool) { self.openAIExtensions = openAIExtensions }

    public func body(_ request: ProviderRequest) throws -> Data {
        JSONBody.encode(try requestBody(request).json)
    }

    public func requestBody(_ request: ProviderRequest) throws -> ChatRequestBody {
        var body = ChatRequestBody(model: request.model, messages: Self.messages(request))
        if !request.tools.isEmpty {
            body.tools = try request.tools.map(Self.tool)
            body.toolChoice = "auto"
        }
        if openAIExtensions {
            body.promptCacheKey = request.sessionId
            if let effort = request.reasoningEffort,
                (request.capabilities ?? ModelCatalog.capabilities(provider: .openai, model: request.model)).thinking
            {
                body.reasoningEffort = effort
            }
        }
        return body
    }

    static func tool(_ spec: ToolSpec) throws -> ChatRequestBody.Tool {
        .init(name: spec.name, description: spec.description, parameters: try spec.parameters())
    }

    static func messages(_ request: ProviderRequest) -> [ChatMessage] {
        var out: [ChatMessage] = []
        if !request.systemPrompt.isEmpty { out.append(.system(request.systemPrompt)) }
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
    static func userMessages(_ m: Message) -> [ChatMessage] {
        var out: [ChatMessage] = []
        var content: [ChatMessage.Part] = []
        var toolImages: [ChatMessage.Part] = []
        var texts: [String] = []
        var hasImage = false
        for part in m.parts {
            switch part {
            case .text(let t):
                content.append(.text(t))
                texts.append(t)
            case .image(let img):
                content.append(.imageURL(img.dataURL))
                hasImage = true
            case .toolResult(let r):
                out.append(.tool(callId: r.callId, content: r.output))
                toolImages += r.images.map { .imageURL($0.dataURL) }
            default: break
            }
        }
        if !toolImages.isEmpty {
            out.append(.userParts([.text("Images returned by the tool calls above:")] + toolImages))
        }
        if hasImage {
            out.append(.userParts(content))
        } else if !content.isEmpty {
            out.append(.userText(texts.joined(separator: "\n")))
        }
        return out
    }

    /// Chat Completions has no reasoning to echo: thinking is left out.
    static func assistantMessage(_ m: Message) -> ChatMessage? {
        let text = m.parts.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
        let calls = m.parts.compactMap { p -> ToolCall? in if case .toolCall(let c) = p { c } else { nil } }
        guard !text.isEmpty || !calls.isEmpty else { return nil }
        return .assistant(text: text.isEmpty ? nil : text, toolCalls: calls)
    }
}
