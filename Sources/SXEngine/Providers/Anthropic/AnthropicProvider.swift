import Foundation
import SXCore
import SXAuth

/// Anthropic's Messages API, for an API key (`anthropic`) or a Claude subscription login (`claude-code`). The
/// credential decides the auth style: an API key goes as `x-api-key`, an OAuth or static token as Bearer with the
/// Claude Code betas and system block — so an `anthropic` profile of type `oauth`/`token` works too.
public struct AnthropicProvider: Provider {
    public static let defaultBaseURL = SettingKeys.defaultValue("ANTHROPIC_BASE_URL")

    public let id: ProviderID
    public let baseURL: URL
    public let transport: Transport
    public let builder: AnthropicRequestBuilder

    public init(
        id: ProviderID = .anthropic, baseURL: URL, transport: Transport, version: String = "2023-06-01",
        userAgent: String
    ) {
        self.id = id
        self.baseURL = baseURL
        self.transport = transport
        self.builder = AnthropicRequestBuilder(version: version, userAgent: userAgent)
    }

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        SSEStreaming.prepared(id) {
            guard let credential else {
                let how =
                    id == .claudeCode
                    ? "sx auth login --provider claude-code" : "sx auth add-key --provider anthropic NAME"
                throw ProviderFailure(
                    reason: .auth, provider: id, message: "no \(id.displayName) credential: run `\(how)`")
            }
            let body = RequestBody.json(
                try builder.requestBody(request, oauthStyle: AnthropicRequestBuilder.usesOAuthStyle(credential)))
            return SSEStreaming.run(
                transport: transport, url: baseURL.appendingPathComponent("v1/messages"),
                headers: builder.headers(
                    credential: credential, capabilities: AnthropicRequestBuilder.capabilities(request)),
                requestBody: body,
                decoder: AnthropicStreamDecoder(provider: id),
                rateLimits: { AnthropicRateLimits.fromHeaders($0) })
        }
    }
}
