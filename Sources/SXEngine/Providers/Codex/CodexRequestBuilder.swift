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
            ("authorization", "Bearer \(credential.secret)"),
        ]
        if let account = credential.accountId { h.append(("chatgpt-account-id", account)) }
        h += [
            ("accept", "text/event-stream"),
            ("content-type", "application/json"),
            ("originator", originator),
            ("user-agent", userAgent),
            ("session-id", request.sessionId),
            ("x-client-request-id", request.sessionId),
        ]
        return h
    }

    public func body(_ request: ProviderRequest) throws -> Data {
        try JSONBody.encode(bodyObject(request))
    }

    /// The request body as the tree `body` writes (the provider streams it with `JSONBodyPieces`).
    public func bodyObject(_ request: ProviderRequest) throws -> [String: Any] {
        var reasoning: [String: Any] = ["summary": "auto"]
        if let effort = request.reasoningEffort { reasoning["effort"] = effort }
        var body: [String: Any] = [
            "model": request.model,
            "stream": true,
            "store": false,
            "input": lazyInput(request),
            "tool_choice": "auto",
            "parallel_tool_calls": false,
            "reasoning": reasoning,
            "include": ["reasoning.encrypted_content"],
            "prompt_cache_key": request.sessionId,
        ]
        if topLevelInstructions {
            // Never empty: a request built without a prompt (tests, tools) still gets sx's own.
            body["instructions"] = request.instructions.isEmpty ? SystemPrompt.base : request.instructions
        }
        body["tools"] = try request.tools.map(Self.tool)
        return body
    }

    static func tool(_ spec: ToolSpec) throws -> [String: Any] {
        let schema = try JSONSerialization.jsonObject(with: Data(spec.parametersSchema.utf8))
        return ["type": "function", "name": spec.name, "description": spec.description, "strict": false, "parameters": schema]
    }

    /// The whole history, every time (`store: false`): the context (or the whole system prompt, without top-level
    /// instructions) as the first developer message, then
    /// messages, reasoning items with their encrypted content, function calls and their outputs.
    /// The input as the body writer makes it: one message's items at a time (group 0 is the system prompt), so a
    /// long history is never built as one tree per request.
    func lazyInput(_ request: ProviderRequest) -> JSONLazyArray {
        JSONLazyArray(groups: request.messages.count + 1) { self.inputItems(request, group: $0) }
    }

    private func inputItems(_ request: ProviderRequest, group: Int) -> [[String: Any]] {
        guard group > 0 else {
            let text = topLevelInstructions ? request.context : request.systemPrompt
            guard !text.isEmpty else { return [] }
            return [["type": "message", "role": "developer", "content": [["type": "input_text", "text": text]]]]
        }
        let message = request.messages[group - 1]
        switch message.role {
        case .user: return userItems(message)
        case .assistant: return assistantItems(message)
        }
    }

    private func userItems(_ message: Message) -> [[String: Any]] {
        var items: [[String: Any]] = []
        var content: [[String: Any]] = []
        var followUpImages: [[String: Any]] = []
        for part in message.parts {
            switch part {
            case .text(let t): content.append(["type": "input_text", "text": t])
            case .image(let img): content.append(["type": "input_image", "image_url": img.dataURL])
            case .toolResult(let r):
                items.append(["type": "function_call_output", "call_id": r.callId, "output": r.output])
                followUpImages += r.images.map { ["type": "input_image", "image_url": $0.dataURL] }
            case .thinking, .toolCall: break
            }
        }
        if !followUpImages.isEmpty {
            // function_call_output carries text only; images a tool produced follow as a user message.
            items.append(["type": "message", "role": "user",
                          "content": [["type": "input_text", "text": "Images returned by the tool calls above:"]] + followUpImages])
        }
        if !content.isEmpty { items.append(["type": "message", "role": "user", "content": content]) }
        return items
    }

    private func assistantItems(_ message: Message) -> [[String: Any]] {
        var items: [[String: Any]] = []
        for part in message.parts {
            switch part {
            case .text(let t) where !t.isEmpty:
                items.append(["type": "message", "role": "assistant", "content": [["type": "output_text", "text": t]]])
            case .thinking(let th):
                // Encrypted reasoning is only valid for the backend that produced it.
                guard th.provider == provider.rawValue, let enc = th.encryptedContent else { continue }
                var item: [String: Any] = ["type": "reasoning", "encrypted_content": enc,
                                           "summary": th.text.isEmpty ? [] : [["type": "summary_text", "text": th.text]]]
                if let id = th.itemId { item["id"] = id }
                items.append(item)
            case .toolCall(let c):
                var item: [String: Any] = ["type": "function_call", "name": c.name, "arguments": c.arguments, "call_id": c.id]
                if let id = c.itemId { item["id"] = id }
                items.append(item)
            default: break
            }
        }
        return items
    }
}
