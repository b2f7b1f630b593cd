import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One request as the mock saw it.
public struct MockRequest: Sendable {
    public var method: String
    public var path: String
    public var query: String?
    public var headers: [(String, String)]
    public var body: Data

    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// What the mock answers; `delayMillis` holds the reply back (to widen race windows in tests).
public struct MockReply: Sendable {
    public var status: Int
    public var contentType: String
    public var body: Data
    public var delayMillis: Int64

    public init(status: Int, json: String, delayMillis: Int64 = 0) {
        self.status = status
        contentType = "application/json"
        body = Data(json.utf8)
        self.delayMillis = delayMillis
    }
}

/// A loopback HTTP/1.1 server on 127.0.0.1 (port 0 = any) whose replies come from a routing closure.
public final class MockHTTPServer: Sendable {
    public typealias Route = @Sendable (MockRequest) -> MockReply
    private let channel: any Channel
    public let port: Int
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    public init(route: @escaping Route) async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MockHTTPHandler(route: route))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    public func shutdown() async {
        try? await channel.close()
    }
}

final class MockHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let route: MockHTTPServer.Route
    private var head: HTTPRequestHead?
    private var body = Data()

    init(route: @escaping MockHTTPServer.Route) { self.route = route }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
        case .body(let b):
            body.append(contentsOf: b.readableBytesView)
        case .end:
            guard let head else { return }
            let parts = head.uri.split(separator: "?", maxSplits: 1).map(String.init)
            let req = MockRequest(method: head.method.rawValue, path: parts[0], query: parts.count > 1 ? parts[1] : nil,
                                  headers: head.headers.map { ($0.name, $0.value) }, body: body)
            let reply = route(req)
            if reply.delayMillis > 0 {
                let ctx = context
                _ = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(reply.delayMillis)) {
                    self.write(reply, context: ctx)
                }
            } else {
                write(reply, context: context)
            }
        }
    }

    private func write(_ reply: MockReply, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: reply.contentType)
        headers.add(name: "content-length", value: String(reply.body.count))
        headers.add(name: "connection", value: "close")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
