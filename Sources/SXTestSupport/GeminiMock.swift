import Foundation
import NIOConcurrencyHelpers

/// A loopback Gemini API: `streamGenerateContent` answered from a script (the last reply repeated), and the
/// `cachedContents` endpoints: `POST` creates `cachedContents/mock-N` (or answers `cacheFailure` when set),
/// `DELETE` removes one. Every request is recorded.
public final class GeminiMock: Sendable {
    public let server: MockHTTPServer
    private let script: NIOLockedValueBox<[MockReply]>
    private let served = NIOLockedValueBox(0)
    private let caches = NIOLockedValueBox<[String]>([])
    private let created = NIOLockedValueBox(0)
    private let failure: NIOLockedValueBox<MockReply?>

    /// `models`: what `GET /v1beta/models` lists and the only models `streamGenerateContent` accepts.
    public init(
        replies: [MockReply], cacheFailure: MockReply? = nil,
        models: [String] = MockModelCatalogs.keyProviders.filter { $0.hasPrefix("gemini") }
    ) throws {
        let script = NIOLockedValueBox(replies)
        let served = self.served
        let caches = self.caches
        let created = self.created
        let failure = NIOLockedValueBox(cacheFailure)
        self.script = script
        self.failure = failure
        server = try MockHTTPServer { req in
            if req.path.hasSuffix("/cachedContents") && req.method == "POST" {
                if let f = failure.withLockedValue({ $0 }) { return f }
                let n = created.withLockedValue { v -> Int in
                    v += 1; return v
                }
                let name = "cachedContents/mock-\(n)"
                caches.withLockedValue { $0.append(name) }
                let ttl = (req.json?["ttl"] as? String).flatMap { Double($0.dropLast()) } ?? 300
                let f = ISO8601DateFormatter()
                f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                return .json(
                    200,
                    [
                        "name": name, "model": req.json?["model"] ?? "", "displayName": "",
                        "createTime": f.string(from: Date()),
                        "expireTime": f.string(from: Date().addingTimeInterval(ttl)),
                        "usageMetadata": ["totalTokenCount": req.body.count / 4]
                    ])
            }
            if req.method == "DELETE" {
                let name = req.path.components(separatedBy: "/v1beta/").last ?? ""
                caches.withLockedValue { $0.removeAll { $0 == name } }
                return .json(200, [String: Any]())
            }
            if req.method == "GET", let list = MockModelCatalogs.keyProviderList(models, request: req) { return list }
            if let refusal = MockModelCatalogs.keyProviderRefusal(models, request: req) { return refusal }
            guard req.method == "POST", req.path.hasSuffix(":streamGenerateContent") else {
                return .json(404, ["error": ["code": 404, "message": "not found: \(req.path)", "status": "NOT_FOUND"]])
            }
            if let refused = StrictRequestRules().refusal(req) { return refused }
            let n = served.withLockedValue { v -> Int in
                v += 1; return v - 1
            }
            return script.withLockedValue { s in s.isEmpty ? .close : s[min(n, s.count - 1)] }
        }
    }

    public var baseURL: String { server.baseURL }
    /// The generate requests, oldest first.
    public var generateRequests: [RecordedRequest] {
        server.requests.filter { $0.path.hasSuffix(":streamGenerateContent") }
    }
    public var cacheCreations: [RecordedRequest] {
        server.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/cachedContents") }
    }
    public var cacheDeletions: [String] { server.requests.filter { $0.method == "DELETE" }.map(\.path) }
    /// The caches that exist now.
    public var liveCaches: [String] { caches.withLockedValue { $0 } }

    public func setReplies(_ replies: [MockReply]) {
        script.withLockedValue { $0 = replies }
        served.withLockedValue { $0 = 0 }
    }

    public func stop() { server.stop() }
}
