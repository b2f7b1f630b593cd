import Foundation
import SXAuth

/// OpenAI Codex over a ChatGPT login: the Responses API of the ChatGPT backend (codex.md).
public struct CodexProvider: Provider {
    public let id: ProviderID = .openaiCodex
    public static let defaultBaseURL = "https://chatgpt.com/backend-api/codex"

    public let baseURL: URL
    public let transport: Transport
    public let builder: CodexRequestBuilder

    public init(baseURL: URL, transport: Transport, originator: String, userAgent: String) {
        self.baseURL = baseURL
        self.transport = transport
        self.builder = CodexRequestBuilder(originator: originator, userAgent: userAgent)
    }

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<ProviderEvent, Error> {
        guard let credential else {
            return AsyncThrowingStream { $0.finish(throwing: ProviderFailure(
                reason: .auth, provider: id, message: "no ChatGPT login: run `sx auth login` or `sx auth import-codex`")) }
        }
        let body: Data
        do {
            body = try builder.body(request)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: ProviderFailure(
                reason: .format, provider: id, message: "cannot encode the request: \(error)")) }
        }
        return SSEStreaming.run(transport: transport, url: baseURL.appendingPathComponent("responses"),
                                headers: builder.headers(request, credential: credential), body: body,
                                decoder: CodexStreamDecoder(provider: id),
                                rateLimits: { CodexRateLimits.fromHeaders($0) })
    }
}
