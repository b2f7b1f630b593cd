import Foundation
import NIOConcurrencyHelpers

/// A loopback API server for the key-based providers (Anthropic, OpenAI, Gemini, a router): every `POST` is answered
/// from a script (one reply per request, the last one repeated) and recorded; `GET …/models` answers a model list.
public final class ProviderMock: Sendable {
    public let server: MockHTTPServer
    private let script: NIOLockedValueBox<[MockReply]>
    private let served: NIOLockedValueBox<Int>
    private let rules: NIOLockedValueBox<StrictRequestRules>

    /// `models`: what the list endpoints answer and the only models a request may name (others get the
    /// provider's own 404), by family: `claude-*` for Anthropic, `gemini-*` for Gemini, the rest for OpenAI and
    /// routers.
    public init(
        tls: (certificatePEM: String, keyPEM: String)? = nil, replies: [MockReply],
        models: [String] = MockModelCatalogs.keyProviders
    ) throws {
        let script = NIOLockedValueBox(replies)
        let served = NIOLockedValueBox(0)
        let rules = NIOLockedValueBox(StrictRequestRules())
        self.script = script
        self.served = served
        self.rules = rules
        server = try MockHTTPServer(tls: tls) { req in
            if req.method == "GET", let list = MockModelCatalogs.keyProviderList(models, request: req) { return list }
            guard req.method == "POST" else { return .json(404, ["error": ["message": "not found: \(req.path)"]]) }
            if let refusal = MockModelCatalogs.keyProviderRefusal(models, request: req) { return refusal }
            if let refused = rules.withLockedValue({ $0 }).refusal(req) { return refused }
            let n = served.withLockedValue { v -> Int in
                v += 1; return v - 1
            }
            return script.withLockedValue { s in s.isEmpty ? .close : s[min(n, s.count - 1)] }
        }
    }

    public var baseURL: String { server.baseURL }
    /// The model requests (POSTs), oldest first.
    public var requests: [RecordedRequest] { server.requests.filter { $0.method == "POST" } }

    public func setReplies(_ replies: [MockReply]) {
        script.withLockedValue { $0 = replies }
        served.withLockedValue { $0 = 0 }
    }

    /// Plays a server with these settings (e.g. an unverified OpenAI organisation).
    public func setRules(_ new: StrictRequestRules) {
        rules.withLockedValue { $0 = new }
    }

    public func stop() { server.stop() }
}

/// JSON text helpers for the SSE builders: values are escaped exactly as JSON requires, keys keep the order they
/// are written in (the order of the providers' own examples).
enum JSONText {
    static func string(_ s: String) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ obj: Any) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
