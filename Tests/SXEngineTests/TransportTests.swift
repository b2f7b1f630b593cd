import Foundation
import SXCore
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

@Suite struct TransportTests {
    @Test func noProxyRules() {
        let s = NetworkSettings(httpsProxy: "http://proxy:3128", noProxy: ["internal.example", ".corp", "*.lan"])
        #expect(s.bypassesProxy(host: "127.0.0.1"))
        #expect(s.bypassesProxy(host: "localhost"))
        #expect(s.bypassesProxy(host: "[::1]"))
        #expect(s.bypassesProxy(host: "internal.example"))
        #expect(s.bypassesProxy(host: "api.internal.example"))
        #expect(s.bypassesProxy(host: "git.corp"))
        #expect(s.bypassesProxy(host: "nas.lan"))
        #expect(!s.bypassesProxy(host: "chatgpt.com"))
        #expect(NetworkSettings(noProxy: ["*"]).bypassesProxy(host: "chatgpt.com"))
        let fromEnv = NetworkSettings.from {
            ["HTTPS_PROXY": "http://p:1", "NO_PROXY": "a.com, .b.org", "SX_READ_TIMEOUT": "2.5"][$0]
        }
        #expect(fromEnv.httpsProxy == "http://p:1")
        #expect(fromEnv.noProxy == ["a.com", ".b.org"])
        #expect(fromEnv.readTimeout == .milliseconds(2500))
    }

    /// The defaults are the settings table's; a value its check refuses leaves the default (Config reports it).
    @Test func networkDefaultsComeFromTheTable() {
        let d = NetworkSettings()
        #expect(d.connectTimeout == .seconds(10) && d.readTimeout == .seconds(300) && d.maxResponseBytes == 64 << 20)
        let bad = NetworkSettings.from {
            ["SX_CONNECT_TIMEOUT": "-1", "SX_READ_TIMEOUT": "soon", "SX_MAX_RESPONSE_MB": "0.5"][$0]
        }
        #expect(bad.connectTimeout == .seconds(10) && bad.readTimeout == .seconds(300))
        #expect(bad.maxResponseBytes == 512 << 10)
    }

    /// A request to a non-loopback host goes to the configured proxy (a loopback server playing a proxy that
    /// refuses the tunnel): the proxy sees the CONNECT for the real host, and the refusal is one clear line.
    @Test func requestsGoThroughTheProxy() async throws {
        let proxy = try MockHTTPServer { _ in .json(403, ["error": "tunnel refused"]) }
        defer { proxy.stop() }
        let pool = try HTTPClientPool(
            settings: NetworkSettings(
                httpsProxy: "http://127.0.0.1:\(proxy.port)",
                connectTimeout: .seconds(3), readTimeout: .seconds(3)))
        let codex = CodexProvider(
            baseURL: URL(string: "https://codex.invalid/backend-api/codex")!, transport: Transport(pool: pool),
            originator: "o", userAgent: "u")
        let (_, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        let seen = try #require(proxy.requests.first)
        #expect(seen.method == "CONNECT")
        #expect(seen.uri == "codex.invalid:443")
        #expect(seen.header("authorization") == nil)
        let f = try #require(error as? ProviderFailure)
        #expect(f.message.contains("proxy"))
    }

    @Test func loopbackBypassesTheProxy() async throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("direct"))])
        defer { mock.stop() }
        let pool = try HTTPClientPool(
            settings: NetworkSettings(httpsProxy: "http://127.0.0.1:9", connectTimeout: .seconds(3)))
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "o", userAgent: "u")
        let (events, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        #expect(error == nil)
        #expect(events.text == "direct")
    }

    @Test func badProxyIsAClearError() {
        #expect(throws: NetworkSetupError.self) {
            _ = try HTTPClientPool(settings: NetworkSettings(httpsProxy: "http://"))
        }
    }
}

@Suite struct FailureClassifierTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func classify(_ status: Int, _ body: String, headers: [(String, String)] = []) -> ProviderFailure {
        FailureClassifier.classify(
            provider: .openaiCodex, status: status, headers: HeaderFields(headers), body: Data(body.utf8), now: now)
    }

    @Test func table() {
        #expect(
            classify(429, #"{"error":{"type":"usage_limit_reached","resets_at":1800003600}}"#).resetsAt
                == now.addingTimeInterval(3600))
        #expect(
            classify(429, #"{"error":{"type":"usage_limit_reached","resets_in_seconds":60}}"#).resetsAt
                == now.addingTimeInterval(60))
        #expect(classify(429, "{}", headers: [("Retry-After", "30")]).resetsAt == now.addingTimeInterval(30))
        #expect(
            classify(429, "{}", headers: [("retry-after", "Fri, 15 Jan 2027 08:00:00 GMT")]).resetsAt
                == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(classify(429, #"{"error":{"type":"usage_not_included"}}"#).reason == .billing)
        #expect(classify(402, #"{"error":{"message":"Your credit balance is too low"}}"#).reason == .billing)
        #expect(
            classify(402, #"{"error":{"message":"Daily usage limit reached, resets at midnight"}}"#).reason
                == .rateLimit)
        #expect(classify(401, #"{"error":{"message":"Incorrect API key provided"}}"#).reason == .authPermanent)
        #expect(classify(401, #"{"error":{"message":"token expired"}}"#).reason == .auth)
        #expect(classify(403, "nope").reason == .auth)
        #expect(classify(529, "{}").reason == .overloaded)
        #expect(classify(503, #"{"error":{"code":"server_is_overloaded"}}"#).reason == .overloaded)
        #expect(classify(503, "{}").reason == .timeout)
        for s in [408, 500, 502, 504] {
            #expect(classify(s, "{}").reason == .timeout); #expect(classify(s, "{}").retryable)
        }
        #expect(classify(404, "{}").reason == .modelNotFound)
        #expect(classify(400, #"{"error":{"message":"bad field"}}"#).reason == .format)
        #expect(classify(400, #"{"error":{"message":"You exceeded your hard limit"}}"#).reason == .billing)
        #expect(classify(429, #"{"error":{"type":"usage_limit_reached"}}"#).retryable == false)
    }

    /// A body larger than one slice goes out in slices and arrives byte for byte, with its Content-Length.
    @Test func aLargeBodyArrivesWhole() async throws {
        let server = try MockHTTPServer { _ in
            .full(status: 200, headers: [("Content-Type", "text/plain")], body: Data("ok".utf8))
        }
        defer { server.stop() }
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5), readTimeout: .seconds(30)))
        var body = Data(count: Transport.bodySliceBytes * 3 + 12_345)
        for i in 0..<body.count { body[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 9) }
        let response = try await Transport(pool: pool).send(
            url: URL(string: server.baseURL + "/upload")!, headers: [], body: body)
        let reply = try await Transport.collect(response, url: URL(string: server.baseURL)!)
        await pool.shutdown()
        #expect(String(decoding: reply, as: UTF8.self) == "ok")
        let seen = try #require(server.requests.first)
        #expect(seen.header("content-length") == String(body.count))
        #expect(seen.body == body)
    }

    /// A JSON body streamed in pieces arrives as the same bytes `JSONBody` writes, with their Content-Length.
    @Test func aStreamedJSONBodyArrivesWhole() async throws {
        let server = try MockHTTPServer { _ in .full(status: 200, headers: [], body: Data("ok".utf8)) }
        defer { server.stop() }
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5), readTimeout: .seconds(30)))
        let history: [[String: Any]] = (0..<2_000).map {
            ["role": "user", "text": "turn \($0) " + String(repeating: "ü", count: $0 % 300)]
        }
        let object: [String: Any] = ["input": history, "model": "m", "stream": true]
        let response = try await Transport(pool: pool).send(
            url: URL(string: server.baseURL + "/responses")!, headers: [],
            requestBody: .json(try JSONValue(foundation: object).objectValue!))
        _ = try await Transport.collect(response, url: URL(string: server.baseURL)!)
        await pool.shutdown()
        let expected = try JSONBody.encode(object)
        #expect(expected.count > 4 * Transport.bodySliceBytes)
        let seen = try #require(server.requests.first)
        #expect(seen.header("content-length") == String(expected.count))
        #expect(seen.header("transfer-encoding") == nil)
        #expect(seen.body == expected)
    }
}
