import Foundation
import NIOConcurrencyHelpers

/// A loopback ChatGPT backend: `POST /backend-api/codex/responses` answered from a script (one reply per request,
/// the last one repeated), every request recorded. `GET /backend-api/wham/usage` answers a usage snapshot.
public final class CodexMock: Sendable {
    public let server: MockHTTPServer
    private let script: NIOLockedValueBox<[MockReply]>
    private let served: NIOLockedValueBox<Int>
    private let usage: NIOLockedValueBox<(@Sendable (RecordedRequest) -> MockReply)?>
    private let catalog: NIOLockedValueBox<CatalogMode>

    /// The usage reply every `GET …/wham/usage` gets unless `setUsageReply` says otherwise.
    public static func usageReply(primaryUsed: Double = 42, secondaryUsed: Double = 12, primaryResetAt: Int = 1_893_456_000,
                                  secondaryResetAt: Int = 1_893_900_000, plan: String = "plus") -> MockReply {
        let body: [String: Any] = ["plan_type": plan, "rate_limit": [
            "allowed": true, "limit_reached": primaryUsed >= 100,
            "primary_window": ["used_percent": primaryUsed, "limit_window_seconds": 18000, "reset_after_seconds": 3600, "reset_at": primaryResetAt],
            "secondary_window": ["used_percent": secondaryUsed, "limit_window_seconds": 604800, "reset_after_seconds": 86400, "reset_at": secondaryResetAt],
        ] as [String: Any], "credits": ["has_credits": true, "unlimited": false, "balance": 5.39] as [String: Any]]
        return .json(200, body)
    }

    public init(tls: (certificatePEM: String, keyPEM: String)? = nil, replies: [MockReply]) throws {
        let script = NIOLockedValueBox(replies)
        let served = NIOLockedValueBox(0)
        let usage = NIOLockedValueBox<(@Sendable (RecordedRequest) -> MockReply)?>(nil)
        let catalog = NIOLockedValueBox(CatalogMode.models(MockModelCatalogs.codex))
        self.catalog = catalog
        self.script = script
        self.served = served
        self.usage = usage
        server = try MockHTTPServer(tls: tls) { req in
            if req.path.hasSuffix("/wham/usage") {
                return usage.withLockedValue { $0 }?(req) ?? CodexMock.usageReply()
            }
            if req.method == "GET", req.path.hasSuffix("/models") { return catalog.withLockedValue { $0 }.reply(req) }
            guard req.method == "POST", req.path.hasSuffix("/responses") else {
                return .json(404, ["error": ["message": "not found: \(req.path)"]])
            }
            // Required fields first (an empty model is "Model is required"), then whether the model is served.
            if let refused = StrictRequestRules().refusal(req) { return refused }
            if let refusal = catalog.withLockedValue({ $0 }).refusal(req) { return refusal }
            let n = served.withLockedValue { v -> Int in v += 1; return v - 1 }
            return script.withLockedValue { s in s.isEmpty ? .close : s[min(n, s.count - 1)] }
        }
    }

    /// The `CODEX_BASE_URL` to point sx at.
    public var baseURL: String { server.baseURL + "/backend-api/codex" }
    public var requests: [RecordedRequest] { server.requests.filter { $0.path.hasSuffix("/responses") } }

    /// The usage endpoint's requests (`GET …/wham/usage`), oldest first.
    public var usageRequests: [RecordedRequest] { server.requests.filter { $0.path.hasSuffix("/wham/usage") } }

    /// Answers `GET …/wham/usage` from `reply` (e.g. per bearer token); nil restores the default snapshot.
    public func setUsageReply(_ reply: (@Sendable (RecordedRequest) -> MockReply)?) {
        usage.withLockedValue { $0 = reply }
    }

    public func setReplies(_ replies: [MockReply]) {
        script.withLockedValue { $0 = replies }
        served.withLockedValue { $0 = 0 }
    }

    /// What `GET …/models` answers; the models POSTs may name follow it (a model it does not list gets the
    /// backend's 400). A `.reply` keeps the last listed models for that check.
    public enum CatalogMode: Sendable {
        case models([CodexMockModel])
        /// A scripted list reply (garbage, an error, a stall), with the models POSTs may still name.
        case reply(MockReply, accepting: [String])

        func reply(_ req: RecordedRequest) -> MockReply {
            switch self {
            case .models(let m): MockModelCatalogs.codexList(m, request: req)
            case .reply(let r, _): r
            }
        }

        func refusal(_ req: RecordedRequest) -> MockReply? {
            let listed = switch self { case .models(let m): m.map(\.slug); case .reply(_, let a): a }
            guard let model = req.json?["model"] as? String, !listed.contains(model) else { return nil }
            return MockModelCatalogs.codexUnknownModel(model)
        }
    }

    public func setCatalog(_ mode: CatalogMode) { catalog.withLockedValue { $0 = mode } }
    /// The list requests (`GET …/models`), oldest first.
    public var catalogRequests: [RecordedRequest] { server.requests.filter { $0.method == "GET" && $0.path.hasSuffix("/models") } }

    public func stop() { server.stop() }
}
