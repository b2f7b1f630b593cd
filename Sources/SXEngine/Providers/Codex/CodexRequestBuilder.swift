import Foundation
import SXCore
import SXAuth

/// Builds the Responses request the ChatGPT Codex backend takes (docs/protocol/codex.md#request-body).
public struct CodexRequestBuilder: Sendable {
    public var originator: String
    public var userAgent: String
    /// Which provider's reasoning items may be echoed back (they are encrypted for one backend).
    public var provider: ProviderID = .openaiCodex
    /// Send sx's instructions as the top-level `instructions` (the ChatGPT backend answers
    /// `400 {"detail":"Instructions are required"}` without it, docs/protocol/codex.md#request-body) and only the
    /// context as the first developer message. Off for the public Responses API, which gets the whole prompt as that
    /// message.
    public var topLevelInstructions = true

    public init(originator: String, userAgent: String) {
        self.originator = originator
        self.userAgent = userAgent
    }

    public func headers(_ request: ProviderRequest, credential: ResolvedCredential) -> [(String, String)] {
        var h: [(String, String)] = [
            ("authorization", "Bearer \(credential.secret)")
        ]
        if let account = credential.accountId { h.append(("chatgpt-account-id", account)) }
        h += [
            ("accept", "text/event-stream"),
            ("content-type", "application/json"),
            ("originator", originator),
            ("user-agent", userAgent),
            ("session-id", request.sessionId),
            ("x-client-request-id", request.sessionId)
        ]
        return h
    }

    public func body(_ request: ProviderRequest) throws -> Data {
        JSONBody.encode(try requestBody(request).json)
    }

    /// The typed body; the provider streams it with `JSONBodyPieces`, the OpenAI provider trims it first.
    public func requestBody(_ request: ProviderRequest) throws -> CodexRequestBody {
        CodexRequestBody(
            model: request.model,
            // Never empty: a request built without a prompt (tests, tools) still gets sx's own.
            instructions: topLevelInstructions
                ? (request.instructions.isEmpty ? SystemPrompt.base : request.instructions) : nil,
            input: input(request),
            tools: try request.tools.map(Self.tool),
            toolChoice: "auto",
            parallelToolCalls: false,
            reasoning: .init(effort: request.reasoningEffort, summary: "auto"),
            include: ["reasoning.encrypted_content"],
            promptCacheKey: request.sessionId)
    }

    static func tool(_ spec: ToolSpec) throws -> CodexRequestBody.FunctionTool {
        .init(name: spec.name, description: spec.description, parameters: try spec.parameters(), grammar: spec.grammar)
    }

    /// The whole history, every time (`store: false`): the context (or the whole system prompt, without top-level
    /// instructions) as the first developer message, then messages, reasoning items with their encrypted content,
    /// function calls and their outputs. Made one message's items at a time (group 0 is the system prompt) while
    /// the body is written, so a long history is never built as one tree per request.
    func input(_ request: ProviderRequest) -> CodexInput {
        CodexInput(groups: request.messages.count + 1) { self.inputItems(request, group: $0) }
    }

    private func inputItems(_ request: ProviderRequest, group: Int) -> [CodexInputItem] {
        guard group > 0 else {
            let text = topLevelInstructions ? request.context : request.systemPrompt
            guard !text.isEmpty else { return [] }
            return [.message(role: .developer, content: [.inputText(text)])]
        }
        let message = request.messages[group - 1]
        switch message.role {
        case .user: return userItems(message)
        case .assistant: return assistantItems(message)
        }
    }

    private func userItems(_ message: Message) -> [CodexInputItem] {
        var items: [CodexInputItem] = []
        var content: [CodexInputItem.Content] = []
        var followUpImages: [CodexInputItem.Content] = []
        for part in message.parts {
            switch part {
            case .text(let t): content.append(.inputText(t))
            case .image(let img): content.append(.inputImage(url: img.dataURL))
            case .toolResult(let r):
                items.append(
                    r.freeform == true
                        ? .customToolCallOutput(callId: r.callId, output: r.output)
                        : .functionCallOutput(callId: r.callId, output: r.output))
                followUpImages += r.images.map { .inputImage(url: $0.dataURL) }
            case .thinking, .toolCall: break
            }
        }
        if !followUpImages.isEmpty {
            // function_call_output carries text only; images a tool produced follow as a user message.
            items.append(
                .message(
                    role: .user, content: [.inputText("Images returned by the tool calls above:")] + followUpImages))
        }
        if !content.isEmpty { items.append(.message(role: .user, content: content)) }
        return items
    }

    private func assistantItems(_ message: Message) -> [CodexInputItem] {
        var items: [CodexInputItem] = []
        for part in message.parts {
            switch part {
            case .text(let t) where !t.isEmpty:
                items.append(.message(role: .assistant, content: [.outputText(t)]))
            case .thinking(let th):
                // Encrypted reasoning is only valid for the backend that produced it.
                guard th.provider == provider.rawValue, let enc = th.encryptedContent else { continue }
                items.append(
                    .reasoning(id: th.itemId, summary: th.text.isEmpty ? [] : [th.text], encryptedContent: enc))
            case .toolCall(let c):
                items.append(
                    c.freeform == true
                        ? .customToolCall(id: c.itemId, name: c.name, input: c.arguments, callId: c.id)
                        : .functionCall(id: c.itemId, name: c.name, arguments: c.arguments, callId: c.id))
            default: break
            }
        }
        return items
    }
}
