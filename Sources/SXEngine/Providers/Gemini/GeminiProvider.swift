import Foundation
import SXAuth

/// Google's Gemini API with an AI Studio key (providers.md §3).
public struct GeminiProvider: Provider {
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com"

    public let id: ProviderID = .google
    public let baseURL: URL
    public let transport: Transport
    public let userAgent: String
    public let builder = GeminiRequestBuilder()

    public init(baseURL: URL, transport: Transport, userAgent: String) {
        self.baseURL = baseURL
        self.transport = transport
        self.userAgent = userAgent
    }

    /// `{base}/v1beta/models/{model}:streamGenerateContent?alt=sse`, built as text: the `:` must not be escaped.
    public func url(model: String) -> URL? {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let name = model.hasPrefix("models/") ? String(model.dropFirst(7)) : model
        let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#:"))) ?? name
        return URL(string: "\(base)/v1beta/models/\(escaped):streamGenerateContent?alt=sse")
    }

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<ProviderEvent, Error> {
        guard let credential else {
            return AsyncThrowingStream { $0.finish(throwing: ProviderFailure(
                reason: .auth, provider: id, message: "no Gemini API key: run `sx auth add-key --provider google NAME`")) }
        }
        let body: Data
        do {
            body = try builder.body(request)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: ProviderFailure(
                reason: .format, provider: id, message: "cannot encode the request: \(error)")) }
        }
        guard let url = url(model: request.model) else {
            return AsyncThrowingStream { $0.finish(throwing: ProviderFailure(
                reason: .format, provider: id, message: "bad model name \(request.model)")) }
        }
        let headers: [(String, String)] = [("x-goog-api-key", credential.secret), ("content-type", "application/json"),
                                           ("accept", "text/event-stream"), ("user-agent", userAgent)]
        return SSEStreaming.run(transport: transport, url: url, headers: headers, body: body,
                                decoder: GeminiStreamDecoder(provider: id))
    }
}
