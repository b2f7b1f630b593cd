import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A request the mock received, kept for assertions on headers and body.
public struct RecordedRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(String, String)]
    public var body: Data

    public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
}

/// What the mock sends back. Chunks are written as separate HTTP chunks, each after its delay.
public enum MockReply: Sendable {
    public struct Chunk: Sendable {
        public var bytes: [UInt8]
        public var delayMs: Int
        public init(_ text: String, delayMs: Int = 0) { bytes = Array(text.utf8); self.delayMs = delayMs }
        public init(bytes: [UInt8], delayMs: Int = 0) { self.bytes = bytes; self.delayMs = delayMs }
    }
    public enum Ending: Sendable {
        /// The final `0\r\n\r\n` chunk: a clean end.
        case end
        /// The connection is closed without the final chunk (a dropped stream).
        case drop
        /// Nothing more is sent and the connection stays open (a stalled server).
        case stall
    }

    /// A complete reply with a body (a `content-length` is set).
    case full(status: Int, headers: [(String, String)], body: Data)
    /// A chunked reply (SSE): the chunks, then the ending.
    case stream(status: Int, headers: [(String, String)], chunks: [Chunk], ending: Ending)
    /// Headers at once, then the body only when `body` returns (a reply the test releases when it chooses).
    /// `body` runs on a thread of its own and may block: never on Swift's cooperative pool, whose few threads
    /// (one per core) can all be held by synchronous tests waiting for an `sx` that waits for this very reply.
    /// That deadlock stalled a CI run for the 300 s of `SX_READ_TIMEOUT`.
    case deferred(status: Int, headers: [(String, String)], body: @Sendable () -> Data)
    /// The connection is closed before any reply.
    case close
    /// The connection is reset (RST, `SO_LINGER` 0) before any reply.
    case reset
    /// These bytes are written as they are, instead of an HTTP reply (garbage where a status line should be), and
    /// the connection is closed.
    case raw([UInt8])
    /// A chunked reply of `totalBytes`: `prefix`, then `chunk` repeated. Written only as fast as the client reads
    /// (each batch waits for the previous one to reach the socket), so a 2 GB body never sits in the mock's memory.
    case generated(status: Int, headers: [(String, String)], prefix: [UInt8], chunk: [UInt8], totalBytes: Int)

    public static func json(_ status: Int, _ object: Any, headers: [(String, String)] = []) -> MockReply {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return .full(status: status, headers: [("content-type", "application/json")] + headers, body: data)
    }

    public static func sse(_ text: String, status: Int = 200, headers: [(String, String)] = [], ending: Ending = .end)
        -> MockReply
    {
        .stream(
            status: status, headers: [("content-type", "text/event-stream")] + headers, chunks: [Chunk(text)],
            ending: ending)
    }
}

/// A loopback HTTP/1.1 server (plain or TLS) that answers each request with what a test scripts, and records
/// every request. Built on SwiftNIO so that the client under test talks to a real socket with real framing.
public final class MockHTTPServer: Sendable {
    public typealias Handler = @Sendable (RecordedRequest) -> MockReply

    private let group: MultiThreadedEventLoopGroup
    private let channel: Channel
    private let recorded: NIOLockedValueBox<[RecordedRequest]>
    private let streamed: NIOLockedValueBox<Int>
    private let streamEnd: NIOLockedValueBox<Double?>
    public let port: Int
    public let scheme: String

    /// Starts listening on 127.0.0.1 (port 0 = any free port).
    public init(port: Int = 0, tls: (certificatePEM: String, keyPEM: String)? = nil, handler: @escaping Handler) throws
    {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorded = NIOLockedValueBox<[RecordedRequest]>([])
        let streamed = NIOLockedValueBox(0)
        let streamEnd = NIOLockedValueBox<Double?>(nil)
        var sslContext: NIOSSLContext?
        if let tls {
            let certs = try NIOSSLCertificate.fromPEMFile(tls.certificatePEM)
            let key = try NIOSSLPrivateKey(file: tls.keyPEM, format: .pem)
            let config = TLSConfiguration.makeServerConfiguration(
                certificateChain: certs.map { .certificate($0) },
                privateKey: .privateKey(key))
            sslContext = try NIOSSLContext(configuration: config)
        }
        let ctx = sslContext
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let ctx {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: ctx))
                    }
                    // Below the HTTP codec (above TLS): the way out for `.raw` bytes.
                    let tap = RawTap()
                    try channel.pipeline.syncOperations.addHandler(tap)
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        MockRequestHandler(
                            handler: handler, recorded: recorded,
                            streamed: streamed, streamEnd: streamEnd, tap: tap))
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.recorded = recorded
        self.streamed = streamed
        self.streamEnd = streamEnd
        self.port = channel.localAddress?.port ?? port
        self.scheme = tls == nil ? "http" : "https"
    }

    public var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    public var requests: [RecordedRequest] { recorded.withLockedValue { $0 } }

    public func clearRequests() { recorded.withLockedValue { $0.removeAll() } }

    /// Body bytes of `.generated` replies that reached the socket so far (all connections).
    public var generatedBytesSent: Int { streamed.withLockedValue { $0 } }

    /// When the last byte of the latest `.stream` reply that ended normally reached the socket, in seconds of
    /// `CLOCK_MONOTONIC` (the benchmarks' clock): "exit after the reply's last byte" is measured from here.
    public var lastStreamEnd: Double? { streamEnd.withLockedValue { $0 } }

    public func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

private final class MockRequestHandler: ChannelInboundHandler, @unchecked Sendable {
    // Lives on its channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: MockHTTPServer.Handler
    let recorded: NIOLockedValueBox<[RecordedRequest]>
    let streamed: NIOLockedValueBox<Int>
    let streamEnd: NIOLockedValueBox<Double?>
    let tap: RawTap
    private var head: HTTPRequestHead?
    private var body = Data()

    init(
        handler: @escaping MockHTTPServer.Handler, recorded: NIOLockedValueBox<[RecordedRequest]>,
        streamed: NIOLockedValueBox<Int>, streamEnd: NIOLockedValueBox<Double?>, tap: RawTap
    ) {
        self.handler = handler
        self.recorded = recorded
        self.streamed = streamed
        self.streamEnd = streamEnd
        self.tap = tap
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
        case .body(var buf):
            if let bytes = buf.readBytes(length: buf.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            let req = RecordedRequest(
                method: head.method.rawValue, uri: head.uri,
                headers: head.headers.map { ($0.name, $0.value) }, body: body)
            recorded.withLockedValue { $0.append(req) }
            respond(handler(req), context: context, keepAlive: head.isKeepAlive)
        }
    }

    private func respond(_ reply: MockReply, context: ChannelHandlerContext, keepAlive: Bool) {
        switch reply {
        case .close:
            context.close(promise: nil)
        case .deferred(let status, let headers, let body):
            var h = HTTPHeaders(headers)
            h.replaceOrAdd(name: "transfer-encoding", value: "chunked")
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: h)
            context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            let t = Thread {
                let data = body()
                loop.execute {
                    let (handler, context) = bound.value
                    context.write(handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: data)))), promise: nil)
                    context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
            t.start()
        case .reset:
            let ch = context.channel
            guard let socket = ch as? SocketOptionProvider else {
                ch.close(promise: nil)
                return
            }
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in ch.close(promise: nil) }
        case .raw(let bytes):
            tap.writeRaw(bytes).whenComplete { _ in context.close(promise: nil) }
        case .generated(let status, let headers, let prefix, let chunk, let total):
            var h = HTTPHeaders(headers)
            h.replaceOrAdd(name: "transfer-encoding", value: "chunked")
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: h)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !prefix.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: prefix)))), promise: nil)
            }
            let unit = ByteBuffer(bytes: chunk.isEmpty ? [0x20] : chunk)
            generate(left: max(0, total - prefix.count), unit: unit, context: context)
        case .full(let status, let headers, let body):
            var h = HTTPHeaders(headers)
            h.replaceOrAdd(name: "content-length", value: "\(body.count)")
            if !keepAlive { h.replaceOrAdd(name: "connection", value: "close") }
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: h)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive { done.whenComplete { _ in context.close(promise: nil) } }
        case .stream(let status, let headers, let chunks, let ending):
            var h = HTTPHeaders(headers)
            h.replaceOrAdd(name: "transfer-encoding", value: "chunked")
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: h)
            context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
            send(chunks[...], ending: ending, context: context)
        }
    }

    private func send(_ chunks: ArraySlice<MockReply.Chunk>, ending: MockReply.Ending, context: ChannelHandlerContext) {
        var rest = chunks
        // Chunks without a delay go out in one loop (no recursion: a 5,000-delta reply must not grow the stack).
        while let first = rest.first, first.delayMs == 0 {
            if !first.bytes.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: first.bytes)))), promise: nil)
            }
            rest = rest.dropFirst()
        }
        guard let next = rest.first else {
            switch ending {
            case .end:
                let ended = streamEnd
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenSuccess {
                    var ts = timespec()
                    clock_gettime(CLOCK_MONOTONIC, &ts)
                    ended.withLockedValue { $0 = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 }
                }
            case .drop: context.flush(); context.close(promise: nil)
            case .stall: context.flush()
            }
            return
        }
        context.flush()
        context.eventLoop.scheduleTask(in: .milliseconds(Int64(next.delayMs))) {
            if !next.bytes.isEmpty {
                context.writeAndFlush(
                    self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: next.bytes)))), promise: nil)
            }
            self.send(rest.dropFirst(), ending: ending, context: context)
        }
    }

    /// Writes about 1 MB, waits until it reached the socket, then the next: memory stays flat however big `left`.
    private func generate(left: Int, unit: ByteBuffer, context: ChannelHandlerContext) {
        guard left > 0 else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        var n = 0
        var future: EventLoopFuture<Void>?
        while n < (1 << 20) && n < left {
            var piece = unit
            if piece.readableBytes > left - n { piece = piece.getSlice(at: piece.readerIndex, length: left - n)! }
            n += piece.readableBytes
            future = context.write(wrapOutboundOut(.body(.byteBuffer(piece))))
        }
        context.flush()
        let sent = n
        future?.whenComplete { result in
            guard case .success = result else { return }
            self.streamed.withLockedValue { $0 += sent }
            // A fresh stack for the next batch (a write can complete inline).
            context.eventLoop.execute { self.generate(left: left - sent, unit: unit, context: context) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// Sits under the HTTP codec: `writeRaw` sends bytes that the codec would not let through (not an HTTP reply).
final class RawTap: ChannelDuplexHandler, @unchecked Sendable {
    // Lives on its channel's event loop only.
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func writeRaw(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        guard let context else { return MultiThreadedEventLoopGroup.singleton.any().makeSucceededVoidFuture() }
        return context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)))
    }
}
