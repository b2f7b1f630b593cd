import Foundation
import SXCore
import SXAuth

/// OpenAI Codex over a ChatGPT login: the Responses API of the ChatGPT backend (docs/protocol/codex.md).
public struct CodexProvider: Provider {
    public let id: ProviderID = .openaiCodex
    public static let defaultBaseURL = SettingKeys.defaultValue("CODEX_BASE_URL")

    public let baseURL: URL
    public let transport: Transport
    public let builder: CodexRequestBuilder

    public init(baseURL: URL, transport: Transport, originator: String, userAgent: String) {
        self.baseURL = baseURL
        self.transport = transport
        self.builder = CodexRequestBuilder(originator: originator, userAgent: userAgent)
    }

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        SSEStreaming.prepared(id) {
            guard let credential else {
                throw ProviderFailure(
                    reason: .auth, provider: id,
                    message: "no ChatGPT login: run `sx auth login` or `sx auth import-codex`")
            }
            return SSEStreaming.run(
                transport: transport, url: baseURL.appendingPathComponent("responses"),
                headers: builder.headers(request, credential: credential),
                requestBody: .json(try builder.requestBody(request)),
                decoder: CodexStreamDecoder(provider: id),
                rateLimits: { CodexRateLimits.fromHeaders($0) })
        }
    }
}
