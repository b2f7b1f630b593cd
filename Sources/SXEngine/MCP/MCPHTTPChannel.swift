import AsyncHTTPClient
import Foundation
import NIOCore
import SXCore

/// What the server supervisor needs of a connection, whatever carries it (stdio or streamable HTTP).
protocol MCPChannel: AnyObject, Sendable {
    func request(_ method: String, _ params: JSONValue?, timeout: Swift.Duration) async -> Result<JSONValue, MCPError>
    func notify(_ method: String, _ params: JSONValue?)
    /// Waits until the channel is gone for good; why.
    func waitForExit() async -> String
    var isClosed: Bool { get }
    func stop()
    func stopNow()
    /// The version `initialize` agreed on (HTTP repeats it in a header on every later request).
    func agreed(protocolVersion: String)
}

extension MCPConnection: MCPChannel {
    func agreed(protocolVersion: String) {}
}

/// The streamable HTTP transport (spec `basic/transports`, DECISIONS 45): every message is a POST to the one
/// endpoint; the answer is a JSON body or an SSE stream that carries it (and any notifications before it);
/// `Mcp-Session-Id` from the `initialize` answer and `MCP-Protocol-Version` go on every later request. A request
/// cancelled or timed out closes its stream and is announced with `notifications/cancelled`. A 404 for a session
/// means the server forgot it: the channel closes and the supervisor initializes again.
final class MCPHTTPChannel: MCPChannel, @unchecked Sendable {
    typealias Reply = Result<JSONValue, MCPError>
    /// How a 401/403 reason starts: the supervisor stops retrying on it.
    static let needsLogin = "needs login"

    private let url: URL
    private let headers: [String: String]
    private let transport: Transport
    private let log: MCPLog
    private let maxMessageBytes: Int
    private let onNotification: @Sendable (String, JSONValue?) -> Void
    private let onClose: @Sendable (String) -> Void

    private let lock = NSLock()
    private var nextId = 0
    private var sessionId: String?
    private var protocolVersion: String?
    private var closedReason: String?
    private var exitWaiters: [CheckedContinuation<String, Never>] = []

    init(
        url: URL, headers: [String: String], transport: Transport, log: MCPLog, maxMessageBytes: Int,
        onNotification: @escaping @Sendable (String, JSONValue?) -> Void,
        onClose: @escaping @Sendable (String) -> Void
    ) {
        self.url = url
        self.headers = headers
        self.transport = transport
        self.log = log
        self.maxMessageBytes = maxMessageBytes
        self.onNotification = onNotification
        self.onClose = onClose
    }

    var isClosed: Bool { lock.withLock { closedReason != nil } }

    func agreed(protocolVersion: String) { lock.withLock { self.protocolVersion = protocolVersion } }

    func request(_ method: String, _ params: JSONValue?, timeout: Swift.Duration) async -> Reply {
        if let reason = lock.withLock({ closedReason }) { return .failure(.closed(reason)) }
        let id = lock.withLock { () -> Int in
            nextId += 1
            return nextId
        }
        var message: JSONObject = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if let params { message["params"] = params }
        let body = JSONBody.encode(.object(message))
        let seconds = Int(timeout.components.seconds)
        let reply = await withTaskGroup(of: Reply?.self) { group -> Reply in
            group.addTask { await self.post(body, answering: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failure(.timedOut(method: method, seconds: seconds))
            }
            var first: Reply = .failure(.cancelled)
            for await r in group {
                if let r {
                    first = r
                    break
                }
            }
            group.cancelAll()
            return first
        }
        if Task.isCancelled {
            notify("notifications/cancelled", .object(["requestId": .int(id), "reason": "the user interrupted"]))
            return .failure(.cancelled)
        }
        if case .failure(.timedOut) = reply {
            notify(
                "notifications/cancelled",
                .object(["requestId": .int(id), "reason": .string("timed out after \(seconds) s")]))
        }
        return reply
    }

    func notify(_ method: String, _ params: JSONValue?) {
        guard !isClosed else { return }
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = params }
        let body = JSONBody.encode(.object(message))
        Task { _ = await self.post(body, answering: nil) }
    }

    func waitForExit() async -> String {
        await withCheckedContinuation { c in
            let reason = lock.withLock { () -> String? in
                if let closedReason { return closedReason }
                exitWaiters.append(c)
                return nil
            }
            if let reason { c.resume(returning: reason) }
        }
    }

    /// Ends the session on the server (DELETE, best effort) and closes the channel.
    func stop() {
        let session = lock.withLock { sessionId }
        if let session, !isClosed {
            let headers = requestHeaders(session: session)
            Task { _ = try? await transport.send(url: url, method: .DELETE, headers: headers, body: nil) }
        }
        close("stopped")
    }

    func stopNow() { close("stopped") }

    private func close(_ reason: String) {
        let waiters = lock.withLock { () -> [CheckedContinuation<String, Never>]? in
            guard closedReason == nil else { return nil }
            closedReason = reason
            defer { exitWaiters = [] }
            return exitWaiters
        }
        guard let waiters else { return }
        if reason != "stopped" { log.write("server \(reason)") }
        onClose(reason)
        waiters.forEach { $0.resume(returning: reason) }
    }

    private func requestHeaders(session: String?) -> [(String, String)] {
        var out: [(String, String)] = [
            ("content-type", "application/json"), ("accept", "application/json, text/event-stream")
        ]
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { out.append((k, v)) }
        if let session { out.append(("mcp-session-id", session)) }
        if let v = lock.withLock({ protocolVersion }) { out.append(("mcp-protocol-version", v)) }
        return out
    }

    /// One POST; for a request (`answering` its id), its response from the JSON body or the SSE stream.
    private func post(_ body: Data, answering id: Int?) async -> Reply {
        let session = lock.withLock { sessionId }
        let response: HTTPClientResponse
        do {
            response = try await transport.send(url: url, headers: requestHeaders(session: session), body: body)
        } catch {
            if Task.isCancelled { return .failure(.cancelled) }
            let reason = "cannot be reached: \(error)"
            close(reason)
            return .failure(.closed(reason))
        }
        let status = Int(response.status.code)
        if let newSession = response.headers.first(name: "mcp-session-id"), !newSession.isEmpty {
            lock.withLock { sessionId = newSession }
        }
        guard (200..<300).contains(status) else {
            let text = (try? await Transport.collect(response, limit: 400, url: url)).map {
                String(decoding: $0, as: UTF8.self)
            }
            let detail = text.map { $0.replacingOccurrences(of: "\n", with: " ") }.map { $0.isEmpty ? "" : ": \($0)" }
            switch status {
            case 401, 403:
                let reason = MCPHTTPChannel.needsLogin + " (HTTP \(status); OAuth for MCP servers is not supported yet)"
                close(reason)
                return .failure(.closed(reason))
            case 404 where session != nil:
                let reason = "forgot the session (HTTP 404)"
                close(reason)
                return .failure(.closed(reason))
            default:
                return .failure(.malformed("HTTP \(status)\(detail ?? "")"))
            }
        }
        guard let id else { return .success(.null) }
        let type = response.headers.first(name: "content-type")?.lowercased() ?? ""
        if type.hasPrefix("text/event-stream") {
            return await readStream(response, answering: id)
        }
        let data: Data
        do { data = try await Transport.collect(response, limit: maxMessageBytes + 1, url: url) } catch {
            return .failure(.malformed("the answer broke off: \(error)"))
        }
        guard data.count <= maxMessageBytes else {
            return .failure(.malformed("the server sent a message over \(maxMessageBytes / 1_048_576) MB"))
        }
        return handle(data, answering: id) ?? .failure(.malformed("the answer did not carry the response"))
    }

    private func readStream(_ response: HTTPClientResponse, answering id: Int) async -> Reply {
        var parser = SSEParser()
        var pending: [SSEEvent] = []
        do {
            for try await chunk in response.body {
                chunk.withUnsafeReadableBytes { parser.feed($0) { pending.append($0) } }
                for event in pending {
                    guard event.data.utf8.count <= maxMessageBytes else {
                        return .failure(.malformed("the server sent a message over \(maxMessageBytes / 1_048_576) MB"))
                    }
                    if let reply = handle(Data(event.data.utf8), answering: id) { return reply }
                }
                pending = []
            }
        } catch {
            if Task.isCancelled { return .failure(.cancelled) }
            return .failure(.malformed("the stream broke off: \(Transport.map(error, url: url))"))
        }
        return .failure(.malformed("the stream ended without the response"))
    }

    /// A message (or batch) from the server: notifications and server requests are dealt with; the response to
    /// `id`, when this is it, is returned.
    private func handle(_ data: Data, answering id: Int) -> Reply? {
        guard let value = try? JSONParser.parse(data) else {
            log.write("ignored a message that is not JSON: " + String(decoding: data.prefix(200), as: UTF8.self))
            return nil
        }
        let messages = value.arrayValue ?? [value]
        var answer: Reply?
        for message in messages {
            guard let object = message.objectValue else { continue }
            if let method = object["method"]?.stringValue {
                if let requestId = object["id"], !requestId.isNull {
                    let reply: JSONValue =
                        method == "ping"
                        ? .object(["jsonrpc": "2.0", "id": requestId, "result": .object(JSONObject())])
                        : .object([
                            "jsonrpc": "2.0", "id": requestId,
                            "error": ["code": -32601, "message": .string("Method not found: \(method)")]
                        ])
                    let body = JSONBody.encode(reply)
                    Task { _ = await self.post(body, answering: nil) }
                } else {
                    onNotification(method, object["params"])
                }
            } else if object["id"]?.intValue == id {
                if let error = object["error"] {
                    answer = .failure(
                        .server(
                            code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? "no message"))
                } else {
                    answer = .success(object["result"] ?? .null)
                }
            }
        }
        return answer
    }
}
