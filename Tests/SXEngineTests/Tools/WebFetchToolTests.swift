import Foundation
import SXAuth
import SXCore
import SXTestSupport
import Testing
@testable import SXEngine

/// `web_fetch` against a real loopback server through the real HTTP pool.
@Suite struct WebFetchToolTests {
    func fetch(
        _ url: String, policy: ApprovalPolicy = .auto, allowPrivate: Bool = true,
        decision: ApprovalDecision = .approve
    ) async throws -> (ToolOutcome, ApprovalRecorder) {
        let ws = try TempWorkspace()
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let recorder = ApprovalRecorder(decision)
        let runner = ToolRunner(tools: ToolRunner.builtInTools(), policy: policy, approvalHandler: recorder.handler)
        let context = ToolContext(workspaceRoot: ws.root, http: pool, allowPrivateNetwork: allowPrivate)
        let outcome = await runner.run(
            call: ToolCall(id: "w1", name: "web_fetch", arguments: #"{"url":"\#(url)"}"#), context: context)
        await pool.shutdown()
        return (outcome, recorder)
    }

    static let page = """
        <html><head><title>Mock page</title><script>var hidden = 1;</script></head><body>
        <nav><a href="/">nav link</a></nav>
        <h2>Install</h2><p>See <a href="/docs/start">the docs</a> for more.</p>
        <ul><li>fast</li><li>small</li></ul></body></html>
        """

    @Test func aLoopbackPageComesBackAsReadableTextWithLinks() async throws {
        let server = try MockHTTPServer { req in
            req.path == "/page"
                ? .full(
                    status: 200, headers: [("content-type", "text/html; charset=utf-8")], body: Data(Self.page.utf8))
                : .full(status: 404, headers: [], body: Data())
        }
        defer { server.stop() }
        let (outcome, _) = try await fetch(server.baseURL + "/page")
        let text = outcome.result.output
        #expect(!outcome.result.isError, "\(text)")
        #expect(text.hasPrefix(server.baseURL + "/page\nHTTP 200 · text/html; charset=utf-8"))
        #expect(text.contains("# Mock page"))
        #expect(text.contains("## Install"))
        #expect(text.contains("See [the docs](\(server.baseURL)/docs/start) for more."))
        #expect(text.contains("- fast\n- small"))
        #expect(!text.contains("hidden") && !text.contains("nav link") && !text.contains("<"))
        #expect(server.requests.first?.method == "GET")
    }

    @Test func aFiveMegabytePageIsCutWithANote() async throws {
        let server = try MockHTTPServer { _ in
            .generated(
                status: 200, headers: [("content-type", "text/plain")], prefix: Array("start of the page\n".utf8),
                chunk: Array(String(repeating: "lorem ipsum ", count: 100).utf8), totalBytes: 5 * 1024 * 1024)
        }
        defer { server.stop() }
        let (outcome, _) = try await fetch(server.baseURL + "/big")
        let text = outcome.result.output
        #expect(!outcome.result.isError)
        #expect(text.contains("2097152 bytes read"))
        #expect(text.contains("[cut: the page is larger than 2 MB; only its first 2 MB were read]"))
        #expect(text.contains("start of the page"))
        #expect(server.generatedBytesSent < 5 * 1024 * 1024, "the rest was never read")
    }

    @Test func aRedirectLoopIsStoppedAndAChainIsFollowed() async throws {
        let server = try MockHTTPServer { req in
            switch req.path {
            case "/a": .full(status: 302, headers: [("location", "/b")], body: Data())
            case "/b": .full(status: 301, headers: [("location", "/a")], body: Data())
            case "/hop": .full(status: 307, headers: [("location", "/end")], body: Data())
            default: .full(status: 200, headers: [("content-type", "text/plain")], body: Data("arrived".utf8))
            }
        }
        defer { server.stop() }
        let (loop, _) = try await fetch(server.baseURL + "/a")
        #expect(loop.result.isError)
        #expect(
            loop.result.output
                == "web_fetch: redirect loop: \(server.baseURL)/a → \(server.baseURL)/b → \(server.baseURL)/a.")
        let (hop, _) = try await fetch(server.baseURL + "/hop")
        #expect(hop.result.output.hasPrefix(server.baseURL + "/end (after 1 redirect)"))
        #expect(hop.result.output.hasSuffix("arrived"))
    }

    @Test func binaryContentIsRefusedWithAReason() async throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        let server = try MockHTTPServer { req in
            req.path == "/logo.png"
                ? .full(status: 200, headers: [("content-type", "image/png")], body: png)
                : .full(status: 200, headers: [], body: png)
        }
        defer { server.stop() }
        let (typed, _) = try await fetch(server.baseURL + "/logo.png")
        #expect(typed.result.isError)
        #expect(typed.result.output.contains("is image/png, not text"))
        let (unlabelled, _) = try await fetch(server.baseURL + "/blob")
        #expect(unlabelled.result.isError)
        #expect(unlabelled.result.output.contains("is binary data"))
    }

    @Test func aPrivateAddressIsRefusedUnderAutoAndAskedAboutUnderAsk() async throws {
        let server = try MockHTTPServer { _ in
            .full(status: 200, headers: [("content-type", "text/plain")], body: Data("local secret".utf8))
        }
        defer { server.stop() }
        let (refused, _) = try await fetch(server.baseURL + "/", allowPrivate: false)
        #expect(refused.result.isError)
        #expect(refused.result.output.contains("127.0.0.1 is on a private, loopback or link-local network"))
        #expect(refused.result.output.contains("WEB_FETCH_PRIVATE=1"))
        #expect(server.requests.isEmpty, "nothing was sent")

        let (asked, recorder) = try await fetch(server.baseURL + "/", policy: .ask, allowPrivate: false)
        #expect(!asked.result.isError, "\(asked.result.output)")
        #expect(asked.result.output.hasSuffix("local secret"))
        let request = try #require(recorder.asked.first)
        #expect(request.summary == "web_fetch \(server.baseURL)/")
        #expect(request.warning?.contains("127.0.0.1 is on a private, loopback or link-local network") == true)

        let (other, _) = try await fetch("ftp://example.org/file")
        #expect(other.result.output == "web_fetch: only http and https addresses can be fetched, not ftp:.")
    }

    @Test func addressesAreClassified() {
        for local in [
            "127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1",
            "fe80::1", "fd00::5", "::ffff:192.168.0.1", "localhost", "0.0.0.0"
        ] {
            #expect(NetworkAddress.localAddress(host: local) != nil, "\(local)")
        }
        for remote in ["8.8.8.8", "172.32.0.1", "2001:4860:4860::8888", "1.1.1.1"] {
            #expect(NetworkAddress.localAddress(host: remote) == nil, "\(remote)")
        }
    }
}
