import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// The one-shot HTTP listener on 127.0.0.1 that receives the browser's OAuth redirect.
///
/// Plain POSIX sockets on a dedicated thread: it serves a single GET and closes, so an event loop would be
/// overhead. It binds to loopback only, so nothing off the machine can reach it.
public final class LoopbackCallbackServer: Sendable {
    private let fd: Int32
    public let port: UInt16

    /// Binds `127.0.0.1:port` (0 = any free port). Throws when the port is taken (e.g. Codex is logging in).
    public init(port: UInt16) throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw CallbackError.bind(port, errno) }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard ok == 0, listen(s, 8) == 0 else {
            let e = errno
            close(s)
            throw CallbackError.bind(port, e)
        }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) }
        }
        fd = s
        self.port = UInt16(bigEndian: bound.sin_port)
    }

    deinit { close(fd) }

    /// Waits for `GET <path>?…` and returns its query parameters; other paths get a 404 and are ignored.
    public func waitForCallback(path: String, timeout: TimeInterval) async throws -> [String: String] {
        let fd = self.fd
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { cont in
                let t = Thread {
                    cont.resume(
                        with: Result {
                            try Self.serve(
                                fd: fd, path: path, deadline: Date().addingTimeInterval(timeout), cancelled: cancelled)
                        })
                }
                t.start()
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// Lets a cancelled login stop the listening thread within one poll period.
    /// An atomic rather than `Mutex`: on Linux `Mutex` waits on a raw futex, which ThreadSanitizer cannot see.
    final class CancelFlag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    private static func serve(fd: Int32, path: String, deadline: Date, cancelled: CancelFlag) throws -> [String: String]
    {
        while true {
            if cancelled.isSet { throw CancellationError() }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { throw CallbackError.timeout }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, Int32(min(left, 0.5) * 1000)) <= 0 { continue }
            let c = accept(fd, nil, nil)
            if c < 0 { continue }
            defer { close(c) }
            var tv = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var buf = [UInt8](repeating: 0, count: 8192)
            var got = 0
            while got < buf.count {
                let n = buf.withUnsafeMutableBytes { recv(c, $0.baseAddress! + got, $0.count - got, 0) }
                if n <= 0 { break }
                got += n
                if buf[0..<got].contains(0x0A) { break }
            }
            let firstLine = String(decoding: buf[0..<got], as: UTF8.self).split(separator: "\r\n").first ?? ""
            let parts = firstLine.split(separator: " ")
            guard parts.count >= 2, parts[0] == "GET", let comps = URLComponents(string: String(parts[1])),
                comps.path == path
            else {
                respond(c, status: "404 Not Found", body: "not found")
                continue
            }
            var query: [String: String] = [:]
            for item in comps.queryItems ?? [] { query[item.name] = item.value ?? "" }
            respond(
                c, status: "200 OK", body: "<html><body><h3>Signed in to sx.</h3>You can close this tab.</body></html>")
            return query
        }
    }

    private static func respond(_ c: Int32, status: String, body: String) {
        let msg =
            "HTTP/1.1 \(status)\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: \(body.utf8.count)\r\n"
            + "connection: close\r\n\r\n" + body
        _ = msg.withCString { send(c, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Accepts what a person pastes: the full redirect URL, its query string, or Claude's `code#state`.
    public static func parsePasted(_ text: String) -> (code: String, state: String?)? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        if t.contains("code="),
            let comps = URLComponents(string: t.contains("://") ? t : "x://x/?" + t.drop { $0 == "?" })
        {
            let items = comps.queryItems ?? []
            guard let code = items.first(where: { $0.name == "code" })?.value, !code.isEmpty else { return nil }
            return (code, items.first(where: { $0.name == "state" })?.value)
        }
        let parts = t.split(separator: "#", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : nil)
    }
}

public enum CallbackError: Error, Sendable, CustomStringConvertible {
    case bind(UInt16, Int32)
    case timeout
    public var description: String {
        switch self {
        case let .bind(port, e): "cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(e)))"
        case .timeout: "no browser callback arrived in time"
        }
    }
}
