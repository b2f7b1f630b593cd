import Foundation
import NIOCore
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// Fault injection at the engine level (issue 8): each fault from a loopback mock against the real transport, SSE
/// parser and Codex decoder. Every case must end with one clear line, keep what already streamed, and leave no
/// connection (or descriptor) behind.
@Suite(.serialized) struct FaultInjectionTests {
    /// A reply that streams `partial` as text deltas and stops before completion (the caller picks the ending).
    static func partialReply(_ partial: [String]) -> String {
        var s = CodexSSE()
        s.message(partial)
        // Drop the message's `done` events too: the stream ends in the middle of the text.
        return s.events.filter { !$0.contains(".done") }.joined()
    }

    struct Outcome {
        var text: String
        var failure: ProviderFailure?
        var other: Error?
        var liveClientSockets: Int
    }

    /// Runs one request against `reply`, then waits (bounded) until the client has closed its sockets to the mock.
    func run(
        _ reply: MockReply, tls: Bool = false, ca: String? = nil, readTimeout: TimeAmount = .seconds(30),
        maxBytes: Int? = nil, baseURL: String? = nil, keepAlive: Int = 0
    ) async throws -> Outcome {
        let mock = try CodexMock(tls: tls ? Fixtures.serverTLS : nil, replies: [reply])
        defer { mock.stop() }
        var settings = NetworkSettings(extraCAFile: ca, connectTimeout: .seconds(5), readTimeout: readTimeout)
        if let maxBytes { settings.maxResponseBytes = maxBytes }
        let pool = try HTTPClientPool(settings: settings)
        let codex = CodexProvider(
            baseURL: URL(string: baseURL ?? mock.baseURL)!, transport: Transport(pool: pool),
            originator: "sx_test", userAgent: "sx/test")
        let (events, error) = await collect(codex.stream(request(), credential: testCredential))
        // A connection that failed must be closed by the client (not left ESTABLISHED / CLOSE_WAIT in the pool);
        // one whose body was read to its end may stay in the pool (`keepAlive`).
        var live = Sockets.live(toPort: mock.server.port)
        // A generous ceiling: on a loaded machine the pool's close can come seconds late; a leak never comes.
        let deadline = Date().addingTimeInterval(30)
        while live > keepAlive && Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
            live = Sockets.live(toPort: mock.server.port)
        }
        await pool.shutdown()
        return Outcome(
            text: events.text, failure: error as? ProviderFailure, other: error is ProviderFailure ? nil : error,
            liveClientSockets: live)
    }

    static func expectOneLine(_ f: ProviderFailure?, contains: String, _ loc: SourceLocation = #_sourceLocation) {
        guard let f else {
            Issue.record("expected a failure containing '\(contains)'", sourceLocation: loc)
            return
        }
        #expect(f.description.contains(contains), "\(f.description)", sourceLocation: loc)
        #expect(!f.description.contains("\n"), "one line: \(f.description)", sourceLocation: loc)
        #expect(f.description.count < 300, "short: \(f.description)", sourceLocation: loc)
        #expect(!f.description.contains(testCredential.secret), sourceLocation: loc)
    }

    @Test func connectionResetBeforeHeaders() async throws {
        let o = try await run(.reset)
        Self.expectOneLine(o.failure, contains: "connection problem")
        #expect(o.failure?.retryable == true && o.failure?.afterOutput == false)
        #expect(o.liveClientSockets == 0)
    }

    @Test func midStreamDropKeepsThePartialText() async throws {
        let o = try await run(.sse(Self.partialReply(["Partial ", "answer ", "so far"]), ending: .drop))
        #expect(o.text == "Partial answer so far", "nothing already streamed is lost")
        Self.expectOneLine(o.failure, contains: "connection problem")
        #expect(o.failure?.afterOutput == true)
        #expect(o.liveClientSockets == 0)
    }

    @Test func stallPastTheReadTimeoutKeepsThePartialText() async throws {
        let o = try await run(
            .sse(Self.partialReply(["Before ", "the stall"]), ending: .stall), readTimeout: .milliseconds(700))
        #expect(o.text == "Before the stall")
        Self.expectOneLine(o.failure, contains: "read timeout")
        #expect(o.failure?.afterOutput == true)
        #expect(o.liveClientSockets == 0)
    }

    @Test func garbageInsteadOfAnHTTPReply() async throws {
        var junk = [UInt8]("\u{1}\u{2}GARBAGE \u{7f}\u{0}\r\n\r\n".utf8)
        for i in 0..<4096 { junk.append(UInt8((i * 131 + 7) & 0xff)) }
        let o = try await run(.raw(junk))
        #expect(o.failure != nil || o.other != nil, "garbage is an error")
        Self.expectOneLine(o.failure, contains: "codex:")
        #expect(o.liveClientSockets == 0)
    }

    @Test func garbageBytesInsideTheStreamKeepThePartialText() async throws {
        var bytes = [UInt8](Self.partialReply(["Good ", "text"]).utf8)
        for i in 0..<20_000 { bytes.append(UInt8((i * 97 + 13) & 0xff)) }
        let o = try await run(
            .stream(
                status: 200, headers: [("content-type", "text/event-stream")],
                chunks: [.init(bytes: bytes)], ending: .end), keepAlive: 1)
        #expect(o.text.hasPrefix("Good text"), "\(o.text.prefix(40))")
        #expect(o.failure != nil, "a body without completion is an error")
        #expect(o.failure.map { !$0.description.contains("\n") } ?? false)
        #expect(o.liveClientSockets <= 1, "at most the kept-alive connection of a body read to its end")
    }

    @Test func twoGigabyteBodyIsCutOffAtTheCapWithoutBufferingIt() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let lineWithoutEnd = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        let prefix = [UInt8](Self.partialReply(["Start of ", "a huge reply"]).utf8) + Array("data: ".utf8)
        mock.setReplies([
            .generated(
                status: 200, headers: [("content-type", "text/event-stream")], prefix: prefix,
                chunk: lineWithoutEnd, totalBytes: 2 << 30)
        ])
        var settings = NetworkSettings(connectTimeout: .seconds(5), readTimeout: .seconds(30))
        settings.maxResponseBytes = 8 << 20
        let pool = try HTTPClientPool(settings: settings)
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "t", userAgent: "t")
        let (events, error) = await collect(codex.stream(request(), credential: testCredential))
        await pool.shutdown()
        #expect(events.text == "Start of a huge reply")
        let f = try #require(error as? ProviderFailure)
        Self.expectOneLine(f, contains: "exceeded 8 MB")
        #expect(f.afterOutput)
        // The mock is only ever ahead of the client by socket buffers: it stopped far short of 2 GB.
        let sent = mock.server.generatedBytesSent
        #expect(sent < 64 << 20, "the client stopped reading: the mock sent \(sent) bytes")
    }

    @Test func slowLorisWithoutLineEndsGivesUp() async throws {
        // A line that never ends, one byte every 50 ms, for far longer than the 0.6 s read timeout.
        let dribble =
            [MockReply.Chunk("data: {\"type\":\"response.output_text.delta\",\"delta\":\"")]
            + (0..<400).map { _ in MockReply.Chunk("a", delayMs: 50) }
        let o = try await run(
            .stream(status: 200, headers: [("content-type", "text/event-stream")], chunks: dribble, ending: .end),
            readTimeout: .milliseconds(600))
        Self.expectOneLine(o.failure, contains: "without finishing a line")
        #expect(o.liveClientSockets == 0)
    }

    @Test func slowDribbleOfAValidReplyIsReadCompletely() async throws {
        let text = CodexSSE.reply("Every byte arrives on its own", deltas: 6)
        let chunks = Array(text.utf8).map { MockReply.Chunk(bytes: [$0], delayMs: 1) }
        let o = try await run(
            .stream(status: 200, headers: [("content-type", "text/event-stream")], chunks: chunks, ending: .end),
            readTimeout: .seconds(5), keepAlive: 1)
        #expect(o.failure == nil && o.other == nil)
        #expect(o.text == "Every byte arrives on its own")
    }

    @Test func tlsHandshakeWithAnUntrustedCA() async throws {
        let o = try await run(.sse(CodexSSE.reply("never seen")), tls: true, ca: Fixtures.otherCAPEM)
        Self.expectOneLine(o.failure, contains: "not trusted")
        #expect(o.failure?.retryable == false)
        #expect(o.text.isEmpty)
    }

    @Test func unresolvableHostFailsWithADNSMessage() async throws {
        let o = try await run(
            .sse(CodexSSE.reply("never seen")), baseURL: "http://sx-fault-test.invalid/backend-api/codex")
        Self.expectOneLine(o.failure, contains: "cannot resolve the host name")
        #expect(o.failure?.retryable == false)
    }

    /// Every fault, several times, on one pool: the process's descriptor count comes back to where it was.
    @Test func noDescriptorLeakAcrossRepeatedFaults() async throws {
        let replies: [MockReply] = [
            .reset, .close, .sse(Self.partialReply(["a"]), ending: .drop), .raw(Array("HTTP/9 nonsense\r\n\r\n".utf8)),
            .sse(Self.partialReply(["b"]), ending: .stall), .json(500, ["error": ["message": "boom"]]),
            .sse(CodexSSE.reply("fine"))
        ]
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let pool = try HTTPClientPool(
            settings: NetworkSettings(connectTimeout: .seconds(5), readTimeout: .milliseconds(400)))
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "t", userAgent: "t")
        // One warm-up round opens what a first request opens once (event loop, TLS context, caches).
        mock.setReplies([.sse(CodexSSE.reply("warm"))])
        _ = await collect(codex.stream(request(), credential: testCredential))
        let before = Spawn.openFileDescriptorCount()
        let rounds = 6
        for _ in 0..<rounds {
            for r in replies {
                mock.setReplies([r])
                _ = await collect(codex.stream(request(), credential: testCredential))
            }
        }
        var live = Sockets.live(toPort: mock.server.port)
        // A generous ceiling: on a loaded machine the pool's close can come seconds late; a leak never comes.
        let deadline = Date().addingTimeInterval(30)
        while live > 1 && Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
            live = Sockets.live(toPort: mock.server.port)
        }
        let after = Spawn.openFileDescriptorCount()
        await pool.shutdown()
        print(
            "faults: \(rounds * replies.count) requests over \(replies.count) faults; descriptors before \(before), after \(after); client sockets left \(live)"
        )
        // At most the one kept-alive connection of the last (successful) request.
        #expect(live <= 1, "client sockets still open to the mock: \(live)")
        // Other suites run in this process at the same time, so allow their noise, not a leak per request
        // (that would be \(rounds * replies.count) or more).
        #expect(after - before < rounds * replies.count / 2, "descriptors before \(before), after \(after)")
    }

    /// A pool dropped without `shutdown` (a path that threw before reaching it) closes its kept-alive connection
    /// in the background instead of stopping a debug build (async-http-client traps on a client freed running).
    @Test func aPoolDroppedWithoutShutdownClosesItsConnection() async throws {
        let server = try MockHTTPServer { _ in .json(200, ["ok": true]) }
        defer { server.stop() }
        do {
            // A whole reply read to its end: the connection goes back to the pool, kept alive.
            let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5)))
            let reply = try await AuthHTTP(pool: pool).get(URL(string: "\(server.baseURL)/ping")!)
            #expect(reply.status == 200)
            // Swift may free the pool after its last use, so its lifetime is stretched over the look at the socket.
            withExtendedLifetime(pool) {
                #expect(Sockets.live(toPort: server.port) == 1, "the reply's connection is kept alive")
            }
        }
        var live = Sockets.live(toPort: server.port)
        let deadline = Date().addingTimeInterval(20)
        while live > 0 && Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
            live = Sockets.live(toPort: server.port)
        }
        #expect(live == 0, "client sockets still open after the pool was dropped: \(live)")
    }
}

/// Client sockets of this machine connected to a loopback port, from /proc/net/tcp (exact per port, unlike a
/// process-wide descriptor count while other tests run).
/// Children the tests start (tmux servers, git, sx) keep none of the test process's descriptors: an inherited
/// loopback socket would stay open as long as the child lives, and the fault tests above would see it as a leak.
@Suite struct SpawnedChildrenTests {
    @Test func aChildInheritsOnlyItsThreeStandardDescriptors() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd > 2)
        defer { close(fd) }
        let r = await Spawn.processAsync("/bin/sh", ["-c", "ls /proc/$$/fd"], env: ["PATH": "/usr/bin:/bin"])
        let open = r.stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(open.contains(1))
        #expect(!open.contains(Int(fd)), "inherited: \(open)")
    }
}

enum Sockets {
    static func live(toPort port: Int) -> Int {
        var n = 0
        for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to the end: `String(contentsOfFile:)` stops after the first 4 KB of a /proc file (~26 sockets).
            guard let data = FileHandle(forReadingAtPath: file)?.readDataToEndOfFile() else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: " ")
                guard f.count > 3 else { continue }
                let remote = f[2].split(separator: ":")
                guard remote.count == 2, Int(remote[1], radix: 16) == port else { continue }
                // 01 ESTABLISHED, 08 CLOSE_WAIT: a descriptor is still open on the client side.
                if f[3] == "01" || f[3] == "08" { n += 1 }
            }
        }
        return n
    }
}
