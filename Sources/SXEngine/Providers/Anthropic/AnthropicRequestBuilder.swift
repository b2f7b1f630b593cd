import Foundation
import SXCore
import SXAuth

/// Builds the Messages API request (docs/protocol/anthropic.md#request-body), and for a Claude subscription login
/// the Claude Code variant (docs/protocol/anthropic.md#subscription-login): Bearer auth, the `oauth-2025-04-20` beta
/// and the required first system block.
public struct AnthropicRequestBuilder: Sendable {
    /// The exact first system block a Claude subscription token requires
    /// (docs/protocol/anthropic.md#subscription-login).
    public static let claudeCodeIdentity = "You are Claude Code, Anthropic's official CLI for Claude."
    /// The betas Claude-Code-style clients send with an OAuth token.
    public static let oauthBetas =
        "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14"
    /// The same without interleaved thinking, which adaptive thinking includes (the beta is deprecated there).
    public static let adaptiveOAuthBetas =
        "claude-code-20250219,oauth-2025-04-20,fine-grained-tool-streaming-2025-05-14"
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
            h = [
                ("authorization", "Bearer \(credential.secret)"),
                ("anthropic-beta", adaptive ? Self.adaptiveOAuthBetas : Self.oauthBetas),
                ("anthropic-dangerous-direct-browser-access", "true")
            ]
        } else {
            h = [("x-api-key", credential.secret)]
        }
        h += [
            ("anthropic-version", version), ("content-type", "application/json"), ("accept", "text/event-stream"),
            ("user-agent", userAgent)
        ]
        return h
    }

    public func body(_ request: ProviderRequest, oauthStyle: Bool) throws -> Data {
        JSONBody.encode(try requestBody(request, oauthStyle: oauthStyle).json)
    }

    /// The typed body (the provider streams it with `JSONBodyPieces`).
    public func requestBody(_ request: ProviderRequest, oauthStyle: Bool) throws -> AnthropicRequestBody {
        let caps = Self.capabilities(request)
        let maxTokens = caps.maxOutputTokens
        var system: [String] = []
        if oauthStyle { system.append(Self.claudeCodeIdentity) }
        if !request.systemPrompt.isEmpty { system.append(request.systemPrompt) }
        let messages = Self.messages(request.messages)
        return AnthropicRequestBody(
            model: request.model, maxTokens: maxTokens, system: system, messages: messages,
            tools: try request.tools.map(Self.tool),
            thinking: AnthropicThinking.setting(
                caps, effort: request.reasoningEffort, maxTokens: maxTokens, messages: messages))
    }

    static func capabilities(_ request: ProviderRequest) -> ModelCapabilities {
        request.capabilities ?? ModelCatalog.capabilities(provider: .anthropic, model: request.model)
    }

    static func tool(_ spec: ToolSpec) throws -> AnthropicRequestBody.Tool {
        .init(name: spec.name, description: spec.description, inputSchema: try spec.parameters())
    }

    /// History → messages. Consecutive messages of one role are merged (the API wants alternation), tool results
    /// lead their user message, and the last block of the last user message carries the cache breakpoint.
    static func messages(_ history: [Message]) -> [AnthropicMessage] {
        var out: [AnthropicMessage] = []
        for m in history {
            let blocks = m.role == .user ? userBlocks(m) : assistantBlocks(m)
            guard !blocks.isEmpty else { continue }
            let role: AnthropicMessage.Role = m.role == .user ? .user : .assistant
            if let last = out.last, last.role == role {
                let merged = last.content + blocks
                out[out.count - 1].content = role == .user ? reorderResultsFirst(merged) : merged
            } else {
                out.append(AnthropicMessage(role: role, content: blocks))
            }
        }
        if let i = out.lastIndex(where: { $0.role == .user }) { out[i].cacheBreakpoint = true }
        return out
    }

    static func reorderResultsFirst(_ blocks: [AnthropicBlock]) -> [AnthropicBlock] {
        blocks.filter(\.isToolResult) + blocks.filter { !$0.isToolResult }
    }

    static func userBlocks(_ m: Message) -> [AnthropicBlock] {
        var results: [AnthropicBlock] = []
        var rest: [AnthropicBlock] = []
        for part in m.parts {
            switch part {
            case .text(let t) where !t.isEmpty: rest.append(.text(t))
            case .image(let img): rest.append(.image(img))
            case .toolResult(let r):
                results.append(.toolResult(toolUseId: r.callId, output: r.output, images: r.images, isError: r.isError))
            default: break
            }
        }
        return results + rest
    }

    /// The assistant turn exactly as it streamed: thinking with its signature and redacted thinking in their
    /// original order before the tool_use blocks. Thinking of another provider family is dropped; an unsigned
    /// thinking block (an aborted stream) is resent as plain text, as pi-mono does.
    static func assistantBlocks(_ m: Message) -> [AnthropicBlock] {
        var blocks: [AnthropicBlock] = []
        for part in m.parts {
            switch part {
            case .thinking(let th):
                guard th.provider == family else { continue }
                if let data = th.redactedData {
                    blocks.append(.redactedThinking(data: data))
                } else if let sig = th.signature, !sig.isEmpty {
                    blocks.append(.thinking(th.text, signature: sig))
                } else if !th.text.isEmpty {
                    blocks.append(.text(th.text))
                }
            case .text(let t) where !t.isEmpty:
                blocks.append(.text(t))
            case .toolCall(let c):
                blocks.append(.toolUse(id: c.id, name: c.name, input: c.argumentsObject))
            default: break
            }
        }
        return blocks
    }
}
