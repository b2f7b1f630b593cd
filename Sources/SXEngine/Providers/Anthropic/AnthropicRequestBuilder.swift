import Foundation
import SXAuth

/// Builds the Messages API request (docs/protocol/anthropic.md#request-body), and for a Claude subscription login
/// the Claude Code variant (docs/protocol/anthropic.md#subscription-login): Bearer auth, the `oauth-2025-04-20` beta
/// and the required first system block.
public struct AnthropicRequestBuilder: Sendable {
    /// The exact first system block a Claude subscription token requires
    /// (docs/protocol/anthropic.md#subscription-login).
    public static let claudeCodeIdentity = "You are Claude Code, Anthropic's official CLI for Claude."
    /// The betas Claude-Code-style clients send with an OAuth token.
    public static let oauthBetas = "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14"
    /// The same without interleaved thinking, which adaptive thinking includes (the beta is deprecated there).
    public static let adaptiveOAuthBetas = "claude-code-20250219,oauth-2025-04-20,fine-grained-tool-streaming-2025-05-14"
    /// Thinking blocks are echoed only to this family: `anthropic` and `claude-code` share signatures.
    public static let family = "anthropic"

    public var version: String
    public var userAgent: String

    public init(version: String = "2023-06-01", userAgent: String) {
        self.version = version
        self.userAgent = userAgent
    }

    /// OAuth and static tokens (`sk-ant-oat…`) go as Bearer, Claude Code style; API keys (`sk-ant-api…`) as
    /// `x-api-key`, whatever kind of profile they were stored under.
    public static func usesOAuthStyle(_ credential: ResolvedCredential) -> Bool {
        if credential.secret.hasPrefix("sk-ant-api") { return false }
        return credential.kind == .oauth || credential.kind == .token || credential.secret.hasPrefix("sk-ant-oat")
    }

    /// sx names itself in `user-agent` (`sx/<version>`), never as the Claude CLI: no `claude-cli/…` agent and no
    /// `x-app: cli`. The first system block of a subscription request is the one the server requires.
    public func headers(credential: ResolvedCredential, capabilities: ModelCapabilities? = nil) -> [(String, String)] {
        var h: [(String, String)]
        if Self.usesOAuthStyle(credential) {
            let adaptive = capabilities.map(AnthropicThinking.isAdaptive) ?? false
            h = [("authorization", "Bearer \(credential.secret)"),
                 ("anthropic-beta", adaptive ? Self.adaptiveOAuthBetas : Self.oauthBetas),
                 ("anthropic-dangerous-direct-browser-access", "true")]
        } else {
            h = [("x-api-key", credential.secret)]
        }
        h += [("anthropic-version", version), ("content-type", "application/json"), ("accept", "text/event-stream"),
              ("user-agent", userAgent)]
        return h
    }

    public func body(_ request: ProviderRequest, oauthStyle: Bool) throws -> Data {
        try JSONBody.encode(bodyObject(request, oauthStyle: oauthStyle))
    }

    /// The request body as the tree `body` writes (the provider streams it with `JSONBodyPieces`).
    public func bodyObject(_ request: ProviderRequest, oauthStyle: Bool) throws -> [String: Any] {
        let caps = Self.capabilities(request)
        let maxTokens = caps.maxOutputTokens
        var body: [String: Any] = ["model": request.model, "stream": true]
        var system: [[String: Any]] = []
        if oauthStyle { system.append(["type": "text", "text": Self.claudeCodeIdentity]) }
        if !request.systemPrompt.isEmpty { system.append(["type": "text", "text": request.systemPrompt]) }
        if !system.isEmpty {
            system[system.count - 1]["cache_control"] = ["type": "ephemeral"]
            body["system"] = system
        }
        body["max_tokens"] = maxTokens
        if !request.tools.isEmpty {
            var tools = try request.tools.map(Self.tool)
            tools[tools.count - 1]["cache_control"] = ["type": "ephemeral"]
            body["tools"] = tools
            body["tool_choice"] = ["type": "auto"]
        }
        let messages = Self.messages(request.messages)
        body.merge(AnthropicThinking.fields(caps, effort: request.reasoningEffort, maxTokens: maxTokens, messages: messages)) { $1 }
        body["messages"] = messages
        return body
    }

    static func capabilities(_ request: ProviderRequest) -> ModelCapabilities {
        request.capabilities ?? ModelCatalog.capabilities(provider: .anthropic, model: request.model)
    }

    static func tool(_ spec: ToolSpec) throws -> [String: Any] {
        let schema = try JSONSerialization.jsonObject(with: Data(spec.parametersSchema.utf8))
        return ["name": spec.name, "description": spec.description, "input_schema": schema]
    }

    /// History → messages. Consecutive messages of one role are merged (the API wants alternation), tool results
    /// lead their user message, and the last block of the last user message carries the cache breakpoint.
    static func messages(_ history: [Message]) -> [[String: Any]] {
        var out: [[String: Any]] = []
        for m in history {
            let blocks = m.role == .user ? userBlocks(m) : assistantBlocks(m)
            guard !blocks.isEmpty else { continue }
            let role = m.role.rawValue
            if let last = out.last, last["role"] as? String == role, let prev = last["content"] as? [[String: Any]] {
                out[out.count - 1]["content"] = m.role == .user ? reorderResultsFirst(prev + blocks) : prev + blocks
            } else {
                out.append(["role": role, "content": blocks])
            }
        }
        if let i = out.lastIndex(where: { $0["role"] as? String == "user" }),
           var content = out[i]["content"] as? [[String: Any]], !content.isEmpty {
            content[content.count - 1]["cache_control"] = ["type": "ephemeral"]
            out[i]["content"] = content
        }
        return out
    }

    static func reorderResultsFirst(_ blocks: [[String: Any]]) -> [[String: Any]] {
        blocks.filter { $0["type"] as? String == "tool_result" } + blocks.filter { $0["type"] as? String != "tool_result" }
    }

    static func userBlocks(_ m: Message) -> [[String: Any]] {
        var results: [[String: Any]] = []
        var rest: [[String: Any]] = []
        for part in m.parts {
            switch part {
            case .text(let t) where !t.isEmpty: rest.append(["type": "text", "text": t])
            case .image(let img): rest.append(image(img))
            case .toolResult(let r):
                var block: [String: Any] = ["type": "tool_result", "tool_use_id": r.callId]
                if r.images.isEmpty {
                    block["content"] = r.output
                } else {
                    block["content"] = [["type": "text", "text": r.output]] + r.images.map(image)
                }
                if r.isError { block["is_error"] = true }
                results.append(block)
            default: break
            }
        }
        return results + rest
    }

    static func image(_ img: ImageData) -> [String: Any] {
        ["type": "image", "source": ["type": "base64", "media_type": img.mediaType, "data": img.base64]]
    }

    /// The assistant turn exactly as it streamed: thinking with its signature and redacted thinking in their
    /// original order before the tool_use blocks. Thinking of another provider family is dropped; an unsigned
    /// thinking block (an aborted stream) is resent as plain text, as pi-mono does.
    static func assistantBlocks(_ m: Message) -> [[String: Any]] {
        var blocks: [[String: Any]] = []
        for part in m.parts {
            switch part {
            case .thinking(let th):
                guard th.provider == family else { continue }
                if let data = th.redactedData {
                    blocks.append(["type": "redacted_thinking", "data": data])
                } else if let sig = th.signature, !sig.isEmpty {
                    blocks.append(["type": "thinking", "thinking": th.text, "signature": sig])
                } else if !th.text.isEmpty {
                    blocks.append(["type": "text", "text": th.text])
                }
            case .text(let t) where !t.isEmpty:
                blocks.append(["type": "text", "text": t])
            case .toolCall(let c):
                let input = (try? JSONSerialization.jsonObject(with: Data(c.arguments.utf8))) as? [String: Any] ?? [:]
                blocks.append(["type": "tool_use", "id": c.id, "name": c.name, "input": input])
            default: break
            }
        }
        return blocks
    }
}
