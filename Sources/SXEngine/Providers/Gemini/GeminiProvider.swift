import Foundation
import SXCore
import SXAuth

/// Google's Gemini API with an AI Studio key (docs/protocol/gemini.md#endpoint-and-headers).
public struct GeminiProvider: Provider {
    public static let defaultBaseURL = SettingKeys.defaultValue("GEMINI_BASE_URL")

    public let id: ProviderID = .google
    public let baseURL: URL
    public let transport: Transport
    public let userAgent: String
    public let builder = GeminiRequestBuilder()
    /// Explicit context caching (`GEMINI_CONTEXT_CACHE`, on by default); nil sends every request whole.
    public let contextCache: GeminiContextCache?

    public init(
        baseURL: URL, transport: Transport, userAgent: String, contextCache: GeminiContextCache? = GeminiContextCache()
    ) {
        self.baseURL = baseURL
        self.transport = transport
        self.userAgent = userAgent
        self.contextCache = contextCache
    }

    var apiRoot: String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/v1beta"
    }

    /// `{base}/v1beta/models/{model}:streamGenerateContent?alt=sse`, built as text: the `:` must not be escaped.
    public func url(model: String) -> URL? {
        let name = model.hasPrefix("models/") ? String(model.dropFirst(7)) : model
        let escaped =
            name.addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#:"))) ?? name
        return URL(string: "\(apiRoot)/models/\(escaped):streamGenerateContent?alt=sse")
    }

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        SSEStreaming.prepared(id) {
            guard let credential else {
                throw ProviderFailure(
                    reason: .auth, provider: id,
                    message: "no Gemini API key: run `sx auth add-key --provider google NAME`")
            }
            guard let url = url(model: request.model) else {
                throw ProviderFailure(reason: .format, provider: id, message: "bad model name \(request.model)")
            }
            return stream(request, credential: credential, url: url, body: try builder.requestBody(request))
        }
    }

    private func stream(
        _ request: ProviderRequest, credential: ResolvedCredential, url: URL, body typed: GeminiRequestBody
    ) -> AsyncThrowingStream<ProviderEvent, Error> {
        let body = JSONBody.encode(typed.json)
        let headers: [(String, String)] = [
            ("x-goog-api-key", credential.secret), ("content-type", "application/json"),
            ("accept", "text/event-stream"), ("user-agent", userAgent)
        ]
        guard let cache = contextCache else {
            return SSEStreaming.run(
                transport: transport, url: url, headers: headers, body: body, decoder: GeminiStreamDecoder(provider: id)
            )
        }
        let (transport, provider, root, key) = (transport, id, apiRoot, credential.secret)
        let create: @Sendable (Data) async -> String? = { data in
            await Self.createCache(transport: transport, root: root, key: key, body: data)
        }
        let delete: @Sendable (String) async -> Void = { name in
            guard let u = URL(string: "\(root)/\(name)") else { return }
            _ = try? await transport.send(url: u, method: .DELETE, headers: [("x-goog-api-key", key)], body: nil)
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                let plan = await cache.plan(
                    body: typed, whole: body, model: request.model, sessionId: request.sessionId, create: create,
                    delete: delete)
                do {
                    do {
                        for try await e in SSEStreaming.run(
                            transport: transport, url: url, headers: headers, body: plan.body,
                            decoder: GeminiStreamDecoder(provider: provider))
                        { continuation.yield(e) }
                    } catch let f as ProviderFailure
                        where plan.cacheName != nil && !f.afterOutput && [400, 403, 404].contains(f.status ?? 0)
                    {
                        // The server no longer has the cache (expired or deleted early): once more without it.
                        await cache.invalidate(sessionId: request.sessionId, model: request.model)
                        for try await e in SSEStreaming.run(
                            transport: transport, url: url, headers: headers, body: body,
                            decoder: GeminiStreamDecoder(provider: provider))
                        { continuation.yield(e) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// `POST /v1beta/cachedContents` → the cache's name, or nil when the API refused (too small, model without
    /// caching, quota): the caller then goes on without a cache.
    static func createCache(transport: Transport, root: String, key: String, body: Data) async -> String? {
        guard let url = URL(string: "\(root)/cachedContents"),
            let response = try? await transport.send(
                url: url, headers: [("x-goog-api-key", key), ("content-type", "application/json")],
                body: body),
            (200..<300).contains(Int(response.status.code)),
            let data = try? await Transport.collect(response, url: url),
            let name = (try? JSONParser.parse(data))?["name"]?.stringValue
        else { return nil }
        return name
    }
}
