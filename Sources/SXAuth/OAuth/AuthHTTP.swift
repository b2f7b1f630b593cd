import AsyncHTTPClient
import Foundation
import SXCore
import NIOCore

/// A finished small HTTP exchange (token endpoints, token sources).
public struct AuthHTTPResponse: Sendable {
    public var status: Int
    public var body: Data
    public var json: JSONObject? { try? JSONParser.parse(body).objectValue }
}

/// The few request shapes auth needs, over the shared `HTTPClientPool`.
public struct AuthHTTP: Sendable {
    public let pool: HTTPClientPool
    /// Whole-exchange deadline: a token endpoint that stalls must not hold a refresh lock for long.
    public var timeout: TimeAmount = .seconds(30)
    /// Token replies are small; a bigger body is an error page or an attack.
    static let maxBody = 1 << 20

    public init(pool: HTTPClientPool) { self.pool = pool }

    public func postJSON(_ url: URL, _ body: JSONObject, headers: [(String, String)] = []) async throws
        -> AuthHTTPResponse
    {
        try await send(
            url, post: true, body: Data(JSONValue.object(body).compact().utf8),
            headers: [("content-type", "application/json")] + headers)
    }

    public func postForm(_ url: URL, _ fields: [(String, String)], headers: [(String, String)] = []) async throws
        -> AuthHTTPResponse
    {
        let body = fields.map { "\(Self.formEscape($0.0))=\(Self.formEscape($0.1))" }.joined(separator: "&")
        return try await send(
            url, post: true, body: Data(body.utf8),
            headers: [("content-type", "application/x-www-form-urlencoded")] + headers)
    }

    public func get(_ url: URL, headers: [(String, String)] = []) async throws -> AuthHTTPResponse {
        try await send(url, post: false, body: nil, headers: headers)
    }

    private func send(_ url: URL, post: Bool, body: Data?, headers: [(String, String)]) async throws -> AuthHTTPResponse
    {
        var req = HTTPClientRequest(url: url.absoluteString)
        req.method = post ? .POST : .GET
        for (k, v) in headers { req.headers.add(name: k, value: v) }
        req.headers.add(name: "accept", value: "application/json")
        if let body { req.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let resp = try await pool.client(for: url).execute(req, timeout: timeout)
            let buf = try await resp.body.collect(upTo: Self.maxBody)
            return AuthHTTPResponse(status: Int(resp.status.code), body: Data(buf.readableBytesView))
        } catch let e as AuthHTTPError {
            throw e
        } catch {
            throw AuthHTTPError.transport(host: url.host ?? url.absoluteString, reason: Self.reason(error))
        }
    }

    /// One readable line for a transport failure (the client's own descriptions are type names).
    static func reason(_ error: Error) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .readTimeout: return "no reply in time (read timeout)"
            case .deadlineExceeded: return "no reply in time (the exchange took too long)"
            case .connectTimeout: return "could not connect in time (connect timeout)"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: break
            }
        }
        if error is NIOTooManyBytesError { return "the reply is too large" }
        let text = String(describing: error)
        if text.contains("NXDOMAIN") || text.contains("dnsAError") || text.lowercased().contains("resolve") {
            return "cannot resolve the host name"
        }
        if text.contains("ECONNREFUSED") || text.contains("Connection refused") || text.contains("connectionRefused") {
            return "connection refused"
        }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    /// `application/x-www-form-urlencoded` escaping: everything but unreserved characters is percent-encoded.
    static func formEscape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

public enum AuthHTTPError: Error, Sendable, CustomStringConvertible {
    case transport(host: String, reason: String)
    public var description: String {
        switch self {
        case let .transport(host, reason): "cannot reach \(host): \(reason)"
        }
    }
}
