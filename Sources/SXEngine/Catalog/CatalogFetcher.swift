import Foundation
import SXCore
import NIOCore
import SXAuth

/// What one read of a list endpoint came to.
public enum CatalogFetch: Sendable, Equatable {
    case models([LiveModel], etag: String?)
    /// 304 to our `If-None-Match`: the cached list is still current.
    case notModified
    /// One line, secrets scrubbed: the endpoint failed, timed out, or sent garbage or an empty list.
    case failed(String)
}

/// Reads a provider's whole model list (all pages) with a short deadline. It never throws: whatever goes wrong
/// is a `.failed` line, and the caller keeps what it had.
public struct CatalogFetcher: Sendable {
    public var transport: Transport
    /// The whole read, all pages together: the list is a convenience, never worth a long wait.
    public var timeout: TimeInterval
    /// A runaway pager stops here.
    public var maxPages = 20

    public init(transport: Transport, timeout: TimeInterval = 5) {
        self.transport = transport
        self.timeout = timeout
    }

    public func fetch(_ provider: ProviderID, endpoint: CatalogEndpoint, etag: String?, secrets: [String] = []) async
        -> CatalogFetch
    {
        // The client's deadline covers each request; the race also bounds a body that stalls after its headers.
        let limit = timeout
        return await withTaskGroup(of: CatalogFetch?.self) { group in
            group.addTask { await self.pages(provider, endpoint: endpoint, etag: etag, secrets: secrets) }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(limit * 1_000_000_000))
                return Task.isCancelled
                    ? nil : .failed("no reply within \(Self.seconds(limit)) (\(endpoint.url.host ?? ""))")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failed("cancelled")
        }
    }

    static func seconds(_ t: TimeInterval) -> String {
        t >= 1 ? "\(Int(t)) s" : "\(Int(t * 1000)) ms"
    }

    private func pages(_ provider: ProviderID, endpoint: CatalogEndpoint, etag: String?, secrets: [String]) async
        -> CatalogFetch
    {
        var t = transport
        let deadline = Date().addingTimeInterval(timeout)
        var models: [LiveModel] = []
        var cursor: URLQueryItem?
        var newEtag: String?
        for page in 0..<maxPages {
            var parts = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false)
            let query = endpoint.query + (cursor.map { [$0] } ?? [])
            parts?.queryItems = query.isEmpty ? nil : query
            guard let url = parts?.url else { return .failed("bad list URL \(endpoint.url)") }
            var headers = endpoint.headers
            if page == 0, let etag { headers.append(("if-none-match", etag)) }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .failed("no reply within \(Self.seconds(timeout)) (\(url.host ?? ""))") }
            t.deadline = .milliseconds(Int64(left * 1000))
            let status: Int
            let body: Data
            do {
                let r = try await t.send(url: url, method: .GET, headers: headers, body: nil)
                status = Int(r.status.code)
                if page == 0 { newEtag = r.headers.first(name: "etag") }
                body = try await Transport.collect(r, limit: 8 * 1024 * 1024, url: url)
            } catch let e as TransportError {
                return .failed(
                    Date() >= deadline ? "no reply within \(Self.seconds(timeout)) (\(e.url))" : e.description)
            } catch {
                return .failed(Date() >= deadline ? "no reply within \(Self.seconds(timeout))" : "\(error)")
            }
            if status == 304 && page == 0 && etag != nil { return .notModified }
            guard (200..<300).contains(status) else {
                let f = FailureClassifier.classify(
                    provider: provider, status: status, headers: HeaderFields([]), body: body)
                return .failed(
                    Redact.scrubTokens(
                        Redact.scrub("HTTP \(status): \(f.message)", secrets: secrets.sorted { $0.count > $1.count })))
            }
            do {
                let parsed = try CatalogParsers.parse(provider, body)
                models += parsed.models
                cursor = parsed.next
            } catch {
                return .failed("unreadable model list: \(error)")
            }
            if cursor == nil { break }
        }
        if provider == .openai { models = models.filter { Self.isChatModel($0.id) } }
        guard !models.isEmpty else { return .failed("the model list is empty") }
        return .models(models, etag: newEtag)
    }

    /// OpenAI's list also holds embedding, audio and image models that a conversation cannot use.
    static func isChatModel(_ id: String) -> Bool {
        let l = id.lowercased()
        guard ["gpt-", "o1", "o3", "o4", "chatgpt", "codex"].contains(where: l.hasPrefix) else { return false }
        return !["audio", "realtime", "tts", "transcribe", "image", "search", "embedding"].contains(where: l.contains)
    }
}
