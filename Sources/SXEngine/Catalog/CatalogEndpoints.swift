import Foundation
import SXCore
import SXAuth

/// Where a provider lists its models and the headers that list request carries: the same credential and
/// identification as its model requests, but asking for JSON.
public struct CatalogEndpoint: Sendable {
    public var url: URL
    public var headers: [(String, String)]
    /// Query items of the first page (paging adds its cursor to these).
    public var query: [URLQueryItem]
}

/// A provider that can list its models.
public protocol CatalogListing: Sendable {
    func catalogEndpoint(credential: ResolvedCredential?) -> CatalogEndpoint?
}

private func forJSON(_ headers: [(String, String)]) -> [(String, String)] {
    // The model requests stream SSE and carry per-conversation ids; a list request needs neither.
    let dropped: Set<String> = ["accept", "content-type", "session-id", "x-client-request-id"]
    return headers.filter { !dropped.contains($0.0.lowercased()) } + [("accept", "application/json")]
}

extension CodexProvider: CatalogListing {
    /// `GET {CODEX_BASE_URL}/models?client_version=<sx version>` (docs/protocol/codex.md#model-catalog).
    public func catalogEndpoint(credential: ResolvedCredential?) -> CatalogEndpoint? {
        guard let credential else { return nil }
        let probe = ProviderRequest(model: "", systemPrompt: "", messages: [], sessionId: "")
        return CatalogEndpoint(
            url: baseURL.appendingPathComponent("models"),
            headers: forJSON(builder.headers(probe, credential: credential)),
            query: [URLQueryItem(name: "client_version", value: SXVersion.version)])
    }
}

extension AnthropicProvider: CatalogListing {
    /// `GET /v1/models?limit=1000`, paged by `after_id` (docs/protocol/anthropic.md#models-list).
    public func catalogEndpoint(credential: ResolvedCredential?) -> CatalogEndpoint? {
        guard let credential else { return nil }
        return CatalogEndpoint(
            url: baseURL.appendingPathComponent("v1/models"),
            headers: forJSON(builder.headers(credential: credential)),
            query: [URLQueryItem(name: "limit", value: "1000")])
    }
}

extension OpenAIProvider: CatalogListing {
    /// `GET {base}/models` (OpenAI's `/v1/models`, a router's `{ROUTER_URL}/v1/models`).
    public func catalogEndpoint(credential: ResolvedCredential?) -> CatalogEndpoint? {
        if id == .openai && credential == nil { return nil }
        let probe = ProviderRequest(model: "", systemPrompt: "", messages: [], sessionId: "")
        return CatalogEndpoint(
            url: baseURL.appendingPathComponent("models"),
            headers: forJSON(headers(probe, credential: credential)), query: [])
    }
}

extension GeminiProvider: CatalogListing {
    /// `GET /v1beta/models?pageSize=1000`, paged by `pageToken`.
    public func catalogEndpoint(credential: ResolvedCredential?) -> CatalogEndpoint? {
        guard let credential, let url = URL(string: apiRoot + "/models") else { return nil }
        return CatalogEndpoint(
            url: url,
            headers: [
                ("x-goog-api-key", credential.secret), ("accept", "application/json"),
                ("user-agent", userAgent)
            ],
            query: [URLQueryItem(name: "pageSize", value: "1000")])
    }
}
