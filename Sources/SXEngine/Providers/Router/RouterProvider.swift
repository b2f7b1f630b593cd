import Foundation
import SXCore
import NIOHTTP1
import SXAuth

/// A local OpenAI-compatible router (LiteLLM, Ollama, llama.cpp, vLLM, …) at `ROUTER_URL` (docs/protocol/router.md):
/// Chat Completions by default, no auth unless a profile gives a bearer. The quirks
/// (docs/protocol/router.md#what-routers-do-differently) are handled by the decoders it shares with OpenAI.
public enum RouterProvider {
    /// `ROUTER_URL` may or may not end in `/v1` (`http://127.0.0.1:4000` and `http://127.0.0.1:4000/v1` both work).
    public static func apiBase(_ routerURL: URL) -> URL {
        var s = routerURL.absoluteString
        while s.hasSuffix("/") { s.removeLast() }
        if !s.hasSuffix("/v1") { s += "/v1" }
        return URL(string: s) ?? routerURL
    }

    public static func make(
        routerURL: URL, api: OpenAIProvider.API = .chat, transport: Transport,
        userAgent: String, bearer: String? = nil
    ) -> OpenAIProvider {
        OpenAIProvider(
            id: .router, baseURL: apiBase(routerURL), api: api, transport: transport, userAgent: userAgent,
            fallbackBearer: bearer)
    }

    /// `GET {ROUTER_URL}/v1/models` → the model ids, in the router's order, for the model picker.
    public static func listModels(routerURL: URL, transport: Transport, bearer: String? = nil) async throws -> [String]
    {
        let url = apiBase(routerURL).appendingPathComponent("models")
        var headers: [(String, String)] = [("accept", "application/json")]
        if let bearer { headers.append(("authorization", "Bearer \(bearer)")) }
        let response: HTTPClientResponseLike
        do {
            let r = try await transport.send(url: url, method: .GET, headers: headers, body: nil)
            response = HTTPClientResponseLike(
                status: Int(r.status.code), headers: HeaderFields(r.headers),
                body: try await Transport.collect(r, limit: 4 * 1024 * 1024, url: url))
        } catch let e as TransportError {
            throw FailureClassifier.transport(e, provider: .router, afterOutput: false)
        }
        guard (200..<300).contains(response.status) else {
            throw FailureClassifier.classify(
                provider: .router, status: response.status, headers: response.headers,
                body: response.body)
        }
        return try parseModels(response.body)
    }

    /// OpenAI's `{"object":"list","data":[{"id":…}]}`, or Ollama-style `{"models":[{"name"|"model":…}]}`.
    public static func parseModels(_ body: Data) throws -> [String] {
        let obj = try JSONParser.parse(body)
        let list = obj["data"]?.arrayValue ?? obj["models"]?.arrayValue ?? []
        return list.compactMap { $0["id"]?.stringValue ?? $0["name"]?.stringValue ?? $0["model"]?.stringValue }
    }

    struct HTTPClientResponseLike {
        var status: Int
        var headers: HeaderFields
        var body: Data
    }
}
