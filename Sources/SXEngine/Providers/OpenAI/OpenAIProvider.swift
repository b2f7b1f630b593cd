import Foundation
import SXCore
import SXAuth

/// The OpenAI API with an API key: the Responses API by default, Chat Completions with `OPENAI_API=chat`. The
/// same type speaks to a local OpenAI-compatible router (`id: .router`, no key needed).
///
/// The Responses path reuses the Codex request builder and stream decoder (same wire format,
/// docs/protocol/openai.md#responses-request): only the endpoint, the auth headers and the provider that encrypted
/// reasoning is echoed to differ.
public struct OpenAIProvider: Provider {
    public enum API: String, Sendable { case responses, chat }
    public static let defaultBaseURL = SettingKeys.defaultValue("OPENAI_BASE_URL")

    public let id: ProviderID
    public let baseURL: URL
    public let api: API
    public let transport: Transport
    public let userAgent: String
    /// A bearer used when the session has no credential (a router with `ROUTER_API_KEY`).
    public let fallbackBearer: String?
    /// Profiles whose organisation refused reasoning summaries in this process.
    public let summaryRefusals = SummaryRefusals()

    public init(
        id: ProviderID = .openai, baseURL: URL, api: API = .responses, transport: Transport, userAgent: String,
        fallbackBearer: String? = nil
    ) {
        self.id = id
        self.baseURL = baseURL
        self.api = api
        self.transport = transport
        self.userAgent = userAgent
        self.fallbackBearer = fallbackBearer
    }

    public func headers(_ request: ProviderRequest, credential: ResolvedCredential?) -> [(String, String)] {
        var h: [(String, String)] = []
        if let secret = credential?.secret ?? fallbackBearer, !secret.isEmpty {
            h.append(("authorization", "Bearer \(secret)"))
        }
        h += [("content-type", "application/json"), ("accept", "text/event-stream"), ("user-agent", userAgent)]
        return h
    }

    public func body(_ request: ProviderRequest) throws -> Data {
        try body(request, withSummary: true)
    }

    func body(_ request: ProviderRequest, withSummary: Bool) throws -> Data {
        switch api {
        case .chat:
            return try ChatRequestBuilder(openAIExtensions: id == .openai).body(request)
        case .responses:
            var builder = CodexRequestBuilder(originator: "", userAgent: userAgent)
            builder.provider = id
            builder.topLevelInstructions = false
            var body = try builder.requestBody(request)
            let thinks = (request.capabilities ?? ModelCatalog.capabilities(provider: id, model: request.model))
                .thinking
            if !withSummary { body.reasoning?.summary = nil }
            if !thinks {
                // Non-reasoning models (gpt-4.1, most router models) reject the reasoning fields.
                body.reasoning = nil
                body.include = nil
            }
            if request.tools.isEmpty {
                // The Codex builder always sends tool fields; the public API wants none without tools.
                body.tools = nil
                body.toolChoice = nil
                body.parallelToolCalls = nil
            }
            return JSONBody.encode(body.json)
        }
    }

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        switch api {
        case .chat: attempt(request, credential: credential, withSummary: true)
        case .responses: responsesStream(request, credential: credential)
        }
    }

    func attempt(_ request: ProviderRequest, credential: ResolvedCredential?, withSummary: Bool) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        SSEStreaming.prepared(id) {
            if credential == nil && id.needsCredential {
                throw ProviderFailure(
                    reason: .auth, provider: id,
                    message: "no \(id.displayName) API key: run `sx auth add-key --provider \(id.displayName) NAME`")
            }
            let body = try self.body(request, withSummary: withSummary)
            let headers = headers(request, credential: credential)
            let limits: @Sendable (HeaderFields) -> RateLimitSnapshot? = { OpenAIRateLimits.fromHeaders($0) }
            switch api {
            case .chat:
                return SSEStreaming.run(
                    transport: transport, url: baseURL.appendingPathComponent("chat/completions"),
                    headers: headers, body: body, decoder: ChatStreamDecoder(provider: id), rateLimits: limits)
            case .responses:
                return SSEStreaming.run(
                    transport: transport, url: baseURL.appendingPathComponent("responses"),
                    headers: headers, body: body, decoder: CodexStreamDecoder(provider: id), rateLimits: limits)
            }
        }
    }
}
