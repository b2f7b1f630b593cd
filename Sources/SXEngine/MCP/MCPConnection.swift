import Foundation
import SXCore

/// Why a request to a server got no result.
public enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A JSON-RPC error object from the server.
    case server(code: Int, message: String)
    case timedOut(method: String, seconds: Int)
    case cancelled
    /// The server went away (its exit reason).
    case closed(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .server(let code, let message): "the server answered with error \(code): \(message)"
        case .timedOut(let method, let seconds): "\(method) got no answer within \(seconds) s"
        case .cancelled: "cancelled"
        case .closed(let reason): "the server \(reason)"
        case .malformed(let what): what
        }
    }
}

/// JSON-RPC 2.0 over one stdio process (DECISIONS 45): numbered requests matched to their responses, notifications
/// both ways, the server's own `ping` answered. Responses are resumed from the reader thread; nothing here waits on
/// the cooperative pool.
final class MCPConnection: @unchecked Sendable {
    typealias Reply = Result<JSONValue, MCPError>

    private let lock = NSLock()
    private var process: MCPStdioProcess?
    private var nextId = 0
    private var pending: [Int: CheckedContinuation<Reply, Never>] = [:]
    private var closedReason: String?
    private var exitWaiters: [CheckedContinuation<String, Never>] = []
    private let log: MCPLog
    private let onNotification: @Sendable (String, JSONValue?) -> Void
    private let onClose: @Sendable (String) -> Void

    /// `onClose` runs when the process is gone, before any waiting request hears it.
    init(
        log: MCPLog, onNotification: @escaping @Sendable (String, JSONValue?) -> Void,
        onClose: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.log = log
        self.onNotification = onNotification
        self.onClose = onClose
    }

    /// Spawns the server; the connection is closed when it exits.
    func start(
        _ spawn: (_ onLine: @escaping @Sendable (Data) -> Void, _ onExit: @escaping @Sendable (String) -> Void) throws
            -> MCPStdioProcess
    ) throws {
        let p = try spawn({ [weak self] in self?.received($0) }, { [weak self] in self?.closed($0) })
        lock.withLock { process = p }
    }

    /// Sends a request and waits for its answer, `timeout` at most; a cancelled task sends
    /// `notifications/cancelled` for it and returns `.cancelled` at once.
    func request(_ method: String, _ params: JSONValue?, timeout: Swift.Duration) async -> Reply {
        let id = lock.withLock { () -> Int in
            nextId += 1
            return nextId
        }
        let seconds = Int(timeout.components.seconds)
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled, let self else { return }
            if self.finish(id, .failure(.timedOut(method: method, seconds: seconds))) {
                self.notifyCancelled(id, reason: "timed out after \(seconds) s")
            }
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Reply, Never>) in
                let reason = lock.withLock { () -> String? in
                    if let closedReason { return closedReason }
                    pending[id] = c
                    return nil
                }
                if let reason {
                    c.resume(returning: .failure(.closed(reason)))
                    return
                }
                var message: JSONObject = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
                if let params { message["params"] = params }
                write(.object(message))
                if Task.isCancelled, finish(id, .failure(.cancelled)) {
                    notifyCancelled(id, reason: "the user interrupted")
                }
            }
        } onCancel: {
            if self.finish(id, .failure(.cancelled)) { self.notifyCancelled(id, reason: "the user interrupted") }
        }
    }

    func notify(_ method: String, _ params: JSONValue? = nil) {
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = params }
        write(.object(message))
    }

    /// Waits until the process has exited; its reason.
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

    var isClosed: Bool { lock.withLock { closedReason != nil } }

    func stop() { lock.withLock { process }?.kill() }
    func stopNow() { lock.withLock { process }?.killNow() }

    private func notifyCancelled(_ id: Int, reason: String) {
        notify("notifications/cancelled", .object(["requestId": .int(id), "reason": .string(reason)]))
    }

    private func write(_ message: JSONValue) {
        guard let p = lock.withLock({ process }) else { return }
        p.send(JSONBody.encode(message))
    }

    /// Resumes the waiter of `id` once; false when it was already answered, timed out or cancelled.
    @discardableResult private func finish(_ id: Int, _ reply: Reply) -> Bool {
        guard let c = lock.withLock({ pending.removeValue(forKey: id) }) else { return false }
        c.resume(returning: reply)
        return true
    }

    private func received(_ line: Data) {
        guard let message = try? JSONParser.parse(line), let object = message.objectValue else {
            log.write("ignored a line that is not JSON-RPC: " + String(decoding: line.prefix(200), as: UTF8.self))
            return
        }
        let method = object["method"]?.stringValue
        let id = object["id"]
        switch (method, id) {
        case (let method?, let id?) where !(id.isNull):
            // A request from the server: only `ping` is answered; sx offers no client features yet.
            if method == "ping" {
                write(.object(["jsonrpc": "2.0", "id": id, "result": .object(JSONObject())]))
            } else {
                write(
                    .object([
                        "jsonrpc": "2.0", "id": id,
                        "error": ["code": -32601, "message": .string("Method not found: \(method)")]
                    ]))
            }
        case (let method?, _):
            onNotification(method, object["params"])
        case (nil, let id?):
            guard let n = id.intValue else {
                log.write(
                    "ignored a response with an id sx never sent: " + String(decoding: line.prefix(200), as: UTF8.self))
                return
            }
            if let error = object["error"] {
                let code = error["code"]?.intValue ?? 0
                let text = error["message"]?.stringValue ?? "no message"
                finish(n, .failure(.server(code: code, message: text)))
            } else if let result = object["result"] {
                finish(n, .success(result))
            } else {
                finish(n, .failure(.malformed("a response with neither result nor error")))
            }
        default:
            log.write("ignored a message that is neither request, notification nor response")
        }
    }

    private func closed(_ reason: String) {
        let (waiting, waiters) = lock.withLock {
            () -> ([CheckedContinuation<Reply, Never>], [CheckedContinuation<String, Never>]) in
            closedReason = reason
            defer {
                pending = [:]
                exitWaiters = []
            }
            return (Array(pending.values), exitWaiters)
        }
        log.write("server \(reason)")
        onClose(reason)
        for c in waiting { c.resume(returning: .failure(.closed(reason))) }
        for c in waiters { c.resume(returning: reason) }
    }
}

/// A server's log: its stderr (written by the process itself) and sx's own lines about it, secrets masked.
struct MCPLog: Sendable {
    let path: String?
    let secrets: [String]

    func write(_ line: String) {
        guard let path else { return }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let text = "[sx \(stamp)] " + Redact.scrub(line, secrets: secrets) + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
    }
}
