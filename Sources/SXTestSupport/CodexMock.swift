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
    private let window: NIOLockedValueBox<Int?>
    private let responder: NIOLockedValueBox<(@Sendable (RecordedRequest) -> MockReply?)?>

    /// The usage reply every `GET …/wham/usage` gets unless `setUsageReply` says otherwise.
    public static func usageReply(
        primaryUsed: Double = 42, secondaryUsed: Double = 12, primaryResetAt: Int = 1_893_456_000,
        secondaryResetAt: Int = 1_893_900_000, plan: String = "plus"
    ) -> MockReply {
        let body: [String: Any] = [
            "plan_type": plan,
            "rate_limit": [
                "allowed": true, "limit_reached": primaryUsed >= 100,
                "primary_window": [
                    "used_percent": primaryUsed, "limit_window_seconds": 18000, "reset_after_seconds": 3600,
                    "reset_at": primaryResetAt
                ],
                "secondary_window": [
                    "used_percent": secondaryUsed, "limit_window_seconds": 604800, "reset_after_seconds": 86400,
                    "reset_at": secondaryResetAt
                ]
            ] as [String: Any], "credits": ["has_credits": true, "unlimited": false, "balance": 5.39] as [String: Any]
        ]
        return .json(200, body)
    }

    public init(tls: (certificatePEM: String, keyPEM: String)? = nil, replies: [MockReply]) throws {
        let script = NIOLockedValueBox(replies)
        let served = NIOLockedValueBox(0)
        let usage = NIOLockedValueBox<(@Sendable (RecordedRequest) -> MockReply)?>(nil)
        let catalog = NIOLockedValueBox(CatalogMode.models(MockModelCatalogs.codex))
        let window = NIOLockedValueBox<Int?>(nil)
        let responder = NIOLockedValueBox<(@Sendable (RecordedRequest) -> MockReply?)?>(nil)
        self.catalog = catalog
        self.window = window
        self.responder = responder
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
            let limit = window.withLockedValue { $0 }
            if let limit, CodexMock.inputTokens(req) > limit { return CodexMock.contextLengthExceeded }
            if let reply = responder.withLockedValue({ $0 })?(req) { return CodexMock.counted(reply, req, limit) }
            let n = served.withLockedValue { v -> Int in
                v += 1; return v - 1
            }
            let reply = script.withLockedValue { s in s.isEmpty ? MockReply.close : s[min(n, s.count - 1)] }
            return CodexMock.counted(reply, req, limit)
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

    /// A window in tokens, as the backend enforces one: a request whose input is longer fails with
    /// `context_length_exceeded`, and every reply's `input_tokens` is the request's own count (bytes / 4, sx's
    /// estimate, close enough to the server's count to keep the two consistent). Nil: no window, replies as scripted.
    public func enforceContextWindow(_ tokens: Int?) { window.withLockedValue { $0 = tokens } }

    /// Answers a request itself when `answer` returns a reply (the script is used when it returns nil).
    public func setResponder(_ answer: (@Sendable (RecordedRequest) -> MockReply?)?) {
        responder.withLockedValue { $0 = answer }
    }

    /// The backend's count of a request's input, as the mock makes it.
    public static func inputTokens(_ req: RecordedRequest) -> Int { req.body.count / 4 }

    /// What the backend streams for an input over the window (docs/protocol/context.md#overflow-errors).
    public static var contextLengthExceeded: MockReply {
        var s = CodexSSE()
        s.failed(
            code: "context_length_exceeded",
            message: "Your input exceeds the context window of this model. "
                + "Please adjust your input and try again.")
        return .sse(s.text)
    }

    static func counted(_ reply: MockReply, _ req: RecordedRequest, _ window: Int?) -> MockReply {
        guard window != nil, case .stream(let status, let headers, let chunks, let ending) = reply else { return reply }
        let tokens = String(inputTokens(req))
        let rewritten = chunks.map { c -> MockReply.Chunk in
            let text = String(decoding: c.bytes, as: UTF8.self)
                .replacingOccurrences(
                    of: #""input_tokens":\s*\d+"#, with: "\"input_tokens\":\(tokens)",
                    options: .regularExpression)
            return MockReply.Chunk(text, delayMs: c.delayMs)
        }
        return .stream(status: status, headers: headers, chunks: rewritten, ending: ending)
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
            let listed =
                switch self {
                case .models(let m): m.map(\.slug);
                case .reply(_, let a): a
                }
            guard let model = req.json?["model"] as? String, !listed.contains(model) else { return nil }
            return MockModelCatalogs.codexUnknownModel(model)
        }
    }

    public func setCatalog(_ mode: CatalogMode) { catalog.withLockedValue { $0 = mode } }
    /// The list requests (`GET …/models`), oldest first.
    public var catalogRequests: [RecordedRequest] {
        server.requests.filter { $0.method == "GET" && $0.path.hasSuffix("/models") }
    }

    public func stop() { server.stop() }
}
