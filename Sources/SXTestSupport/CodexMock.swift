import Foundation
import NIOConcurrencyHelpers

/// A loopback ChatGPT backend: `POST /backend-api/codex/responses` answered from a script (one reply per request,
/// the last one repeated), every request recorded. `GET /backend-api/wham/usage` answers a usage snapshot.
public final class CodexMock: Sendable {
    public let server: MockHTTPServer
    private let script: NIOLockedValueBox<[MockReply]>
    private let served: NIOLockedValueBox<Int>

    public init(tls: (certificatePEM: String, keyPEM: String)? = nil, replies: [MockReply]) throws {
        let script = NIOLockedValueBox(replies)
        let served = NIOLockedValueBox(0)
        self.script = script
        self.served = served
        server = try MockHTTPServer(tls: tls) { req in
            if req.path.hasSuffix("/wham/usage") {
                return .json(200, ["plan_type": "plus", "rate_limit": [
                    "allowed": true, "limit_reached": false,
                    "primary_window": ["used_percent": 42, "limit_window_seconds": 18000, "reset_after_seconds": 3600, "reset_at": 1_893_456_000],
                    "secondary_window": ["used_percent": 12, "limit_window_seconds": 604800, "reset_after_seconds": 86400, "reset_at": 1_893_900_000],
                ]])
            }
            guard req.method == "POST", req.path.hasSuffix("/responses") else {
                return .json(404, ["error": ["message": "not found: \(req.path)"]])
            }
            let n = served.withLockedValue { v -> Int in v += 1; return v - 1 }
            return script.withLockedValue { s in s.isEmpty ? .close : s[min(n, s.count - 1)] }
        }
    }

    /// The `CODEX_BASE_URL` to point sx at.
    public var baseURL: String { server.baseURL + "/backend-api/codex" }
    public var requests: [RecordedRequest] { server.requests.filter { $0.path.hasSuffix("/responses") } }

    public func setReplies(_ replies: [MockReply]) {
        script.withLockedValue { $0 = replies }
        served.withLockedValue { $0 = 0 }
    }

    public func stop() { server.stop() }
}
