import Foundation
import NIOCore
import SXAuth
import SXEngine
import SXTestSupport

/// `bash bench/run.sh [--runs N] [--only GROUPS] [--soak DIR]`: every figure of issue 8's benchmark section as
/// medians (min–max) against the budgets of the earlier issues. Groups: parse, body, exec, tui, render, context, edit, store, mcp, dist.
@main
struct Bench {
    static func main() async {
        let args = CommandLine.arguments
        if args.count > 3 && args[1] == "--measure-child" {
            ProcessRun.measureChild(rssFile: args[2], argv: Array(args[3...]))
        }
        func value(_ name: String) -> String? {
            args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
        }
        let runs = value("--runs").flatMap(Int.init) ?? 5
        let only = Set(
            (value("--only") ?? "parse,body,exec,tui,render,context,edit,search,store,mcp,dist").split(separator: ",")
                .map(
                    String.init))
        let soakDir = value("--soak")
        var rows: [Row] = []
        var notes: [String] = []
        func section(_ name: String, _ body: () async throws -> [Row]) async {
            guard only.contains(name) else { return }
            do {
                rows += try await body()
            } catch {
                notes.append("\(name): \(error)")
                FileHandle.standardError.write(Data("sx-bench: \(name): \(error)\n".utf8))
            }
        }
        let sx = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sx")
            .path
        await section("parse") {
            let stream = codexStream(megabytes: 50)
            return [
                parserAlone(stream, runs: runs), parserAndDecoder(stream, runs: runs),
                try await endToEnd(stream, runs: runs)
            ]
                + ParseBench.rows(runs: runs)
        }
        await section("body") { try BodyBench.rows(runs: runs, measureMemory: only == ["body"]) }
        await section("exec") { try execRows(runs: max(runs, 5)) }
        await section("tui") {
            var r = try TUIBench.rows(sx: sx, runs: runs)
            if let dir = soakDir, let soak = TUIBench.soakRow(dir: dir) { r.append(soak) }
            return r
        }
        await section("render") { RenderBench.rows(runs: runs) }
        await section("context") { ContextBench.rows(runs: runs) }
        await section("edit") { try await EditBench.rows(runs: runs) }
        await section("search") { SearchBench.rows(runs: runs) }
        await section("store") { try await StoreBench.rows(runs: runs) }
        await section("mcp") { try await MCPBench.rows(runs: runs) }
        await section("dist") {
            let (r, note) = try DistBench.rows(sx: sx)
            notes.append(note)
            return r
        }
        print(Row.header())
        for r in rows { print(r.line()) }
        var load = [Double](repeating: 0, count: 3)
        getloadavg(&load, 3)
        print(
            String(
                format: "load average at the end: %.2f %.2f %.2f (2 cores: above 2 the figures are low)", load[0],
                load[1], load[2]))
        for n in notes { print(n) }
        let missed = rows.filter { $0.verdict == "MISSED" }.map(\.name)
        print(
            missed.isEmpty ? "every budget met" : "budgets missed: \(missed.count) (\(missed.joined(separator: "; ")))")
    }

    /// A Codex-shaped stream: `response.output_text.delta` events with short deltas, as the backend sends them.
    static func codexStream(megabytes: Int) -> [UInt8] {
        var s = CodexSSE()
        let words = ["Hello", " world", ", this", " is", " a", " streamed", " answer", " with", " ünïcode", " ✓", "\n"]
        var i = 0
        var size = 0
        var out: [UInt8] = Array(s.text.utf8)
        out.reserveCapacity(megabytes * 1_048_576 + 4096)
        while size < megabytes * 1_048_576 {
            let ev =
                "event: response.output_text.delta\ndata: {\"content_index\":0,\"delta\":\"\(words[i % words.count])\",\"item_id\":\"msg_1\",\"output_index\":0,\"type\":\"response.output_text.delta\"}\n\n"
            out.append(contentsOf: ev.utf8)
            size += ev.utf8.count
            i += 1
        }
        s = CodexSSE()
        s.completed()
        out.append(contentsOf: s.text.dropFirst(CodexSSE().text.count).utf8)
        return out
    }

    static func parserAlone(_ bytes: [UInt8], runs: Int) -> Row {
        var samples: [Double] = []
        for _ in 0..<runs {
            let t0 = now()
            let events = ParseBench.parseOnly(bytes)
            let dt = now() - t0
            samples.append(Double(bytes.count) / 1_048_576 / dt)
            precondition(events > 100_000)
        }
        return Row(
            name: "SSE parser alone, 50 MB Codex stream", unit: "MB/s", samples: samples, budget: 600,
            higherIsBetter: true)
    }

    static func parserAndDecoder(_ bytes: [UInt8], runs: Int) -> Row {
        var samples: [Double] = []
        for _ in 0..<max(1, runs / 2) {
            let t0 = now()
            let chars = ParseBench.decode(bytes, CodexStreamDecoder())
            let dt = now() - t0
            samples.append(Double(bytes.count) / 1_048_576 / dt)
            precondition(chars > 0)
        }
        return Row(
            name: "SSE parser + Codex decoder (JSON per event)", unit: "MB/s", samples: samples, budget: nil,
            higherIsBetter: true)
    }

    /// The same stream served by a loopback HTTP server and read through sx's transport and parser.
    static func endToEnd(_ bytes: [UInt8], runs: Int) async throws -> Row {
        let chunkSize = 16384
        let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map {
            MockReply.Chunk(bytes: Array(bytes[$0..<min($0 + chunkSize, bytes.count)]))
        }
        let server = try MockHTTPServer { _ in
            .stream(status: 200, headers: [("content-type", "text/event-stream")], chunks: chunks, ending: .end)
        }
        defer { server.stop() }
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let transport = Transport(pool: pool)
        var samples: [Double] = []
        let url = URL(string: server.baseURL + "/stream")!
        for _ in 0..<runs {
            let t0 = now()
            let resp = try await transport.send(url: url, headers: [], body: Data("{}".utf8))
            var p = SSEParser()
            var events = 0
            var total = 0
            for try await buf in resp.body {
                total += buf.readableBytes
                buf.withUnsafeReadableBytes { p.feed($0) { _ in events += 1 } }
            }
            p.finish { _ in events += 1 }
            let dt = now() - t0
            precondition(total == bytes.count)
            samples.append(Double(total) / 1_048_576 / dt)
        }
        await pool.shutdown()
        return Row(
            name: "SSE end to end over loopback HTTP", unit: "MB/s", samples: samples, budget: 200, higherIsBetter: true
        )
    }

    /// `sx exec` against the loopback Codex mock, and `sx --version`, as separate processes.
    static func execRows(runs: Int) throws -> [Row] {
        let sx = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sx")
            .path
        guard FileManager.default.isExecutableFile(atPath: sx) else {
            throw BenchError("no sx binary at \(sx): build it first")
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-\(getpid())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try BenchStore.write(home: home)

        var small = CodexSSE()
        small.reasoning(["Thinking about ", "a greeting"])
        small.message(
            CodexSSE.split("Hello! This is a small streamed reply from the loopback mock. ZQXENDMARK", into: 50))
        small.completed()
        var large = CodexSSE()
        large.message((0..<5000).map { "delta \($0 % 10) text. " })
        large.completed()
        let bodies = [small.events, large.events]
        let which = Counter()
        let server = try MockHTTPServer { req in
            // The model list the session reads in the background (never before the first token).
            if req.path.contains("/models") {
                return MockModelCatalogs.codexList(MockModelCatalogs.codex, request: req)
            }
            let events = bodies[which.value]
            return .stream(
                status: 200, headers: [("content-type", "text/event-stream")] + CodexSSE.rateLimitHeaders(),
                chunks: events.map { MockReply.Chunk($0) }, ending: .end)
        }
        defer { server.stop() }
        let env = [
            "SX_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin",
            "CODEX_BASE_URL": server.baseURL + "/backend-api/codex", "PROVIDER": "codex", "TOOLS": "0"
        ]
        var rows: [Row] = []
        // Issue 21: wall 40 ms (small) and 100 ms (the ~80 KB reply); exit 5 ms after the last byte of the answer.
        for (i, (label, budget)) in [("small reply", 40.0), ("5,000-delta reply", 100.0)].enumerated() {
            which.value = i
            var wall: [Double] = []
            var tail: [Double] = []
            var rss: [Double] = []
            _ = try ProcessRun.run([sx, "exec", "Say hello"], env: env)  // warm the page cache
            for _ in 0..<runs {
                let r = try ProcessRun.run([sx, "exec", "Say hello"], env: env)
                guard r.status == 0 else { throw BenchError("sx exec exited \(r.status): \(r.stdout.prefix(200))") }
                wall.append(r.wallMs)
                // From the mock writing the reply's last byte to sx's exit: what finishing the turn costs.
                tail.append((r.endedAt - (server.lastStreamEnd ?? r.endedAt)) * 1000)
                rss.append(r.peakRSSMB)
            }
            rows.append(
                Row(
                    name: "sx exec vs Codex mock, \(label): wall", unit: "ms", samples: wall, budget: budget,
                    higherIsBetter: false))
            rows.append(
                Row(
                    name: "sx exec vs Codex mock, \(label): exit after the reply's last byte", unit: "ms",
                    samples: tail,
                    budget: i == 0 ? 5 : nil, higherIsBetter: false))
            rows.append(
                Row(
                    name: "sx exec vs Codex mock, \(label): peak RSS", unit: "MB", samples: rss, budget: 40,
                    higherIsBetter: false))
        }
        rows += try catalogRows(sx: sx, home: home, env: env, runs: runs, which: which)
        var demo: [Double] = []
        for _ in 0..<runs {
            let r = try ProcessRun.run(
                [sx, "exec", "--provider", "demo", "hi"], env: env.merging(["SX_DEMO_DELAY_MS": "0"]) { $1 })
            demo.append(r.wallMs)
        }
        rows.append(
            Row(
                name: "sx exec --provider demo (no delay): wall", unit: "ms", samples: demo, budget: nil,
                higherIsBetter: false))
        var version: [Double] = []
        var versionRSS: [Double] = []
        for _ in 0..<max(runs, 10) {
            let r = try ProcessRun.run([sx, "--version"], env: env)
            version.append(r.wallMs)
            versionRSS.append(r.peakRSSMB)
        }
        rows.append(
            Row(
                name: "sx --version start-up (static binary): wall", unit: "ms", samples: version, budget: nil,
                higherIsBetter: false))
        rows.append(
            Row(
                name: "sx --version start-up (static binary): RSS", unit: "MB", samples: versionRSS, budget: nil,
                higherIsBetter: false))
        return rows
    }
}

extension Bench {
    /// Issue 14: a cold model-list cache must not slow the first token (the list is read beside the turn), and
    /// `sx models list` from the cache must be quick.
    static func catalogRows(sx: String, home: URL, env: [String: String], runs: Int, which: Counter) throws -> [Row] {
        which.value = 0
        let cache = home.appendingPathComponent("models")
        var cold: [Double] = []
        for _ in 0..<runs {
            try? FileManager.default.removeItem(at: cache)
            let r = try ProcessRun.run([sx, "exec", "Say hello"], env: env)
            guard r.status == 0 else { throw BenchError("sx exec exited \(r.status): \(r.stdout.prefix(200))") }
            cold.append(r.wallMs)
        }
        let refreshed = try ProcessRun.run([sx, "models", "list", "--refresh"], env: env)
        guard refreshed.status == 0 else { throw BenchError("sx models list --refresh exited \(refreshed.status)") }
        var list: [Double] = []
        for _ in 0..<max(runs, 10) {
            let r = try ProcessRun.run([sx, "models", "list"], env: env)
            guard r.status == 0 else { throw BenchError("sx models list exited \(r.status)") }
            list.append(r.wallMs)
        }
        return [
            Row(
                name: "sx exec, small reply, cold model-list cache: wall", unit: "ms", samples: cold,
                budget: 100, higherIsBetter: false),
            Row(name: "sx models list from cache: wall", unit: "ms", samples: list, budget: 30, higherIsBetter: false)
        ]
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var v = 0
    var value: Int {
        get { lock.withLock { v } }
        set { lock.withLock { v = newValue } }
    }
}
