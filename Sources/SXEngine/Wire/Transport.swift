import AsyncHTTPClient
import Foundation
import SXCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SXAuth

/// A failure below HTTP semantics: the connection, TLS, DNS, a stall. One line, no secrets.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case connectionRefused, connectTimeout, readTimeout, connectionClosed, tls, dns, cancelled, other
    }
    public var kind: Kind
    public var message: String
    public var url: String

    public var description: String { "\(message) (\(url))" }
}

/// What a request sends: bytes, or a JSON object written piece by piece while it is sent (`JSONBodyPieces`).
public enum RequestBody: Sendable {
    case data(Data)
    /// The object's pieces and the body's whole length (counted by `json(_:)`).
    case json(JSONBodyPieces, length: Int)

    /// A JSON object to stream, its length counted first (`Content-Length`, as the real clients send it).
    public static func json(_ object: JSONObject) -> RequestBody {
        let pieces = JSONBodyPieces(object)
        return .json(pieces, length: pieces.length())
    }

    /// A typed body (it renders to an object) to stream.
    public static func json(_ body: some JSONRepresentable) -> RequestBody {
        json(body.json.objectValue ?? JSONObject())
    }
}

/// Streams HTTP requests through the shared client pool (timeouts, extra CA, proxy). Cancelling the calling task
/// cancels the request and closes its connection.
public struct Transport: Sendable {
    public let pool: HTTPClientPool
    /// Longest whole request; the read timeout of the pool catches stalls much sooner.
    public var deadline: TimeAmount = .hours(2)

    public init(pool: HTTPClientPool) { self.pool = pool }

    public func send(url: URL, method: HTTPMethod = .POST, headers: [(String, String)], body: Data?) async throws
        -> HTTPClientResponse
    {
        try await send(url: url, method: method, headers: headers, requestBody: body.map(RequestBody.data))
    }

    public func send(url: URL, method: HTTPMethod = .POST, headers: [(String, String)], requestBody body: RequestBody?)
        async throws
        -> HTTPClientResponse
    {
        var req = HTTPClientRequest(url: url.absoluteString)
        req.method = method
        for (k, v) in headers { req.headers.add(name: k, value: v) }
        switch body {
        case .data(let data)?: req.body = Self.requestBody(data)
        case .json(let pieces, let length)?:
            // Written as the connection takes it, with its length known (the captured clients send
            // Content-Length, not a chunked upload).
            req.body = .stream(JSONPieceStream(pieces: pieces), length: .known(Int64(length)))
        case nil: break
        }
        do {
            return try await pool.client(for: url).execute(req, deadline: .now() + deadline)
        } catch {
            throw Self.map(error, url: url)
        }
    }

    /// Bodies up to this size go to the client in one buffer; larger ones (a long conversation is megabytes,
    /// sent every step) in slices of it, copied as the connection takes them, so the body is not held twice.
    static let bodySliceBytes = 64 * 1024

    static func requestBody(_ body: Data) -> HTTPClientRequest.Body {
        guard body.count > bodySliceBytes else { return .bytes(ByteBuffer(bytes: body)) }
        return .stream(BodySlices(data: body), length: .known(Int64(body.count)))
    }

    /// A JSON body's pieces as `ByteBuffer`s, each made when the connection asks for it.
    struct JSONPieceStream: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let pieces: JSONBodyPieces

        struct AsyncIterator: AsyncIteratorProtocol {
            var pieces: JSONBodyPieces
            var started = false

            mutating func next() async throws -> ByteBuffer? {
                // The client hands each piece to its event loop and asks for the next at once; it stops asking only
                // when the connection reports it cannot take more, which it learns on that loop. On a loaded
                // machine the loop falls behind and megabytes of pieces queue up. A task passed through every loop
                // of the group first lets the loop take the previous piece (and say whether to wait) before the
                // next one is made: a few kilobytes in flight instead of most of the body.
                if started {
                    for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
                        try await loop.submit {}.get()
                    }
                }
                started = true
                return pieces.next(minBytes: Transport.bodySliceBytes).map { ByteBuffer(bytes: $0) }
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pieces: pieces) }
    }

    /// `data` as consecutive `ByteBuffer`s of at most `bodySliceBytes`.
    struct BodySlices: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let data: Data

        struct AsyncIterator: AsyncIteratorProtocol {
            let data: Data
            var offset = 0

            mutating func next() async -> ByteBuffer? {
                guard offset < data.count else { return nil }
                let start = data.startIndex + offset
                let end = Swift.min(data.endIndex, start + Transport.bodySliceBytes)
                offset = end - data.startIndex
                return ByteBuffer(bytes: data[start..<end])
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(data: data) }
    }

    /// Collects a (small) body, at most `limit` bytes, e.g. an error reply.
    public static func collect(_ response: HTTPClientResponse, limit: Int = 256 * 1024, url: URL) async throws -> Data {
        var out = Data()
        do {
            for try await chunk in response.body {
                out.append(contentsOf: chunk.readableBytesView.prefix(max(0, limit - out.count)))
                if out.count >= limit { break }
            }
        } catch {
            throw map(error, url: url)
        }
        return out
    }

    /// Turns client, NIO and TLS errors into one readable line.
    public static func map(_ error: Error, url: URL) -> Error {
        if error is TransportError || error is CancellationError { return error }
        let where_ = (url.host ?? "") + (url.port.map { ":\($0)" } ?? "")
        func te(_ k: TransportError.Kind, _ m: String) -> TransportError {
            TransportError(kind: k, message: m, url: where_)
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .readTimeout: return te(.readTimeout, "the server stopped sending (read timeout)")
            case .connectTimeout: return te(.connectTimeout, "could not connect in time (connect timeout)")
            case .remoteConnectionClosed: return te(.connectionClosed, "the server closed the connection")
            case .cancelled, .requestStreamCancelled: return CancellationError()
            case .deadlineExceeded: return te(.readTimeout, "the request took too long")
            case .tlsHandshakeTimeout: return te(.tls, "TLS handshake timed out")
            case .proxyAuthenticationRequired: return te(.other, "the proxy requires authentication")
            case .invalidProxyResponse: return te(.other, "the proxy refused the connection")
            default: return te(.other, "HTTP client error: \(e)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError {
            return te(.tls, "TLS failed: \(Self.tlsReason(error))")
        }
        if let e = error as? NIOConnectionError {
            if e.dnsAAAAError != nil || e.dnsAError != nil, e.connectionErrors.isEmpty {
                return te(.dns, "cannot resolve the host name")
            }
            return te(.connectionRefused, "connection refused")
        }
        if let e = error as? IOError {
            if e.errnoCode == ECONNREFUSED { return te(.connectionRefused, "connection refused") }
            if e.errnoCode == ECONNRESET { return te(.connectionClosed, "connection reset by the server") }
            return te(.other, "network error: \(e.description)")
        }
        let text = String(describing: error)
        if text.contains("ECONNREFUSED") || text.contains("Connection refused") {
            return te(.connectionRefused, "connection refused")
        }
        if text.lowercased().contains("certificate") || text.contains("SSL") {
            return te(.tls, "TLS failed: \(text)")
        }
        if text.contains("NXDOMAIN") || text.lowercased().contains("name resolution") || text.contains("getaddrinfo") {
            return te(.dns, "cannot resolve the host name")
        }
        return te(.other, "network error: \(text)")
    }

    private static func tlsReason(_ e: Error) -> String {
        let text = String(describing: e)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's certificate is not trusted (set SX_CA_CERTIFICATE to a PEM file of its CA)"
        }
        if text.contains("WRONG_VERSION_NUMBER") {
            return "the server does not speak TLS on this port (http vs https?)"
        }
        if let r = text.range(of: "OPENSSL_internal:") {
            return "handshake failed (" + text[r.upperBound...].prefix { $0 != " " && $0 != "]" } + ")"
        }
        return "handshake failed"
    }
}
