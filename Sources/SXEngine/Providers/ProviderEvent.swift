import Foundation
import SXCore
import SXAuth

/// What a provider's stream decodes into, independent of the wire format.
public enum ProviderEvent: Sendable, Equatable {
    case thinkingDelta(String)
    case textDelta(String)
    /// A finished history item of the assistant's reply (reasoning, text, tool call), in order.
    case outputItem(Part)
    case toolCall(ToolCall)
    case usage(Usage)
    case rateLimits(RateLimitSnapshot)
    /// The response finished normally.
    case completed(responseId: String?)
}

/// Everything a provider needs for one request.
public struct ProviderRequest: Sendable {
    public var model: String
    /// sx's own instructions (`SystemPrompt.instructions`): Codex's top-level `instructions`.
    public var instructions: String
    /// The working directory, date and AGENTS.md (`SystemPrompt.context`): Codex keeps it in `input`.
    public var context: String
    public var messages: [Message]
    public var tools: [ToolSpec]
    /// `low`, `medium`, `high`… where the model supports it.
    public var reasoningEffort: String?
    /// One id per conversation: Codex `session-id` and `prompt_cache_key`.
    public var sessionId: String
    /// What the model can do, from the live catalog where the session has one; nil: the family rules of
    /// `ModelCatalog.capabilities(provider:model:)`.
    public var capabilities: ModelCapabilities?

    /// `systemPrompt` is the instructions; `context` follows them where a provider takes one system prompt.
    public init(
        model: String, systemPrompt: String, context: String = "", messages: [Message], tools: [ToolSpec] = [],
        reasoningEffort: String? = nil, sessionId: String, capabilities: ModelCapabilities? = nil
    ) {
        self.capabilities = capabilities
        self.model = model
        self.instructions = systemPrompt
        self.context = context
        self.messages = messages
        self.tools = tools
        self.reasoningEffort = reasoningEffort
        self.sessionId = sessionId
    }

    /// Instructions and context as one system prompt (Anthropic, OpenAI, Gemini). Setting it replaces both.
    public var systemPrompt: String {
        get { SystemPrompt.join(instructions, context) }
        set { instructions = newValue; context = "" }
    }
}

/// A provider: encodes a request to its wire format and decodes the streamed reply.
public protocol Provider: Sendable {
    var id: ProviderID { get }
    /// Streams one response. Failures are thrown as `ProviderFailure`.
    func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    >
}
