import Foundation
import SXCore

/// The full-screen session in a real terminal: `measure_tui.py` (the tool the other clients were measured with,
/// `../shared/bench`) runs sx in a private tmux server (120x40) against its loopback mock (`mock_llm.py`,
/// Responses API), types a prompt, and reads cold start, last-byte-to-screen lag, CPU and RSS from /proc.
enum TUIBench {
    static func toolsDir() -> String? {
        let env = ProcessEnvironment.current
        let candidates = [env["SX_BENCH_TOOLS"], FileManager.default.currentDirectoryPath + "/../shared/bench"]
            .compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/measure_tui.py") }
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// One `measure_tui.py` series; returns its runs (those without an error).
    static func measure(sx: String, tools: String, home: URL, runs: Int, mockArgs: String, idle: Double) throws
        -> [[String: Any]]
    {
        let port = freePort()
        let json = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sx-bench-tui-\(getpid())-\(port).json")
        defer { try? FileManager.default.removeItem(at: json) }
        var argv = [
            "/usr/bin/env", "python3", tools + "/measure_tui.py", "--label", "sx", "-n", "\(runs)",
            "--port", "\(port)", "--mock-args", mockArgs, "--cmd", sx, "--cwd", home.path,
            "--ready", "Ask anything", "--prompt", "say hi", "--end-marker", "ZQXENDMARK",
            "--json", json.path
        ]
        for (k, v) in [
            "SX_HOME": home.path, "HOME": home.path, "PROVIDER": "codex", "TOOLS": "0",
            "CODEX_BASE_URL": "http://127.0.0.1:\(port)/v1", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"
        ] {
            argv += ["--env", "\(k)=\(v)"]
        }
        if idle > 0 { argv += ["--idle-s", "\(idle)"] }
        var env = ProcessEnvironment.current
        env["PATH"] = env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let r = try ProcessRun.spawn(argv, env: env, stdinNull: true)
        guard let data = try? Data(contentsOf: json),
            let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let all = obj["runs"] as? [[String: Any]]
        else { throw BenchError("measure_tui.py wrote no results (exit \(r.status)): \(r.stdout.suffix(400))") }
        let ok = all.filter { $0["error"] == nil }
        if ok.isEmpty { throw BenchError("every TUI run failed: \(all.first?["error"] ?? "?")") }
        return ok
    }

    static func rows(sx: String, runs: Int) throws -> [Row] {
        guard let tools = toolsDir() else {
            FileHandle.standardError.write(
                Data("sx-bench: ../shared/bench/measure_tui.py not found (set SX_BENCH_TOOLS): TUI rows skipped\n".utf8)
            )
            return []
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-tui-\(getpid())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try BenchStore.write(home: home)
        func values(_ rs: [[String: Any]], _ key: String, scale: Double = 1) -> [Double] {
            rs.compactMap { ($0[key] as? Double).map { $0 * scale } }
        }
        let small = try measure(sx: sx, tools: tools, home: home, runs: runs, mockArgs: "--deltas 50", idle: 3)
        let large = try measure(
            sx: sx, tools: tools, home: home, runs: runs, mockArgs: "--deltas 5000 --chars 16", idle: 0)
        return [
            Row(
                name: "TUI cold start to first frame (tmux)", unit: "ms",
                samples: values(small + large, "cold_start_s", scale: 1000), budget: 60, higherIsBetter: false),
            Row(
                name: "TUI small reply: last byte → on screen", unit: "ms",
                samples: values(small, "render_lag_s", scale: 1000), budget: 15, higherIsBetter: false),
            Row(
                name: "TUI 80 KB reply: last byte → on screen", unit: "ms",
                samples: values(large, "render_lag_s", scale: 1000), budget: 60, higherIsBetter: false),
            Row(
                name: "TUI 80 KB reply: CPU in the reply phase", unit: "s", samples: values(large, "cpu_reply_s"),
                budget: 0.15, higherIsBetter: false),
            Row(
                name: "TUI idle CPU (3 s after ready)", unit: "%", samples: values(small, "idle_cpu_pct"), budget: 1,
                higherIsBetter: false),
            Row(
                name: "TUI peak RSS, 80 KB reply", unit: "MB", samples: values(large, "peak_rss_mb"), budget: nil,
                higherIsBetter: false)
        ] + keystrokeRows(sx: sx, runs: max(10, runs * 3))
    }

    /// Issue 18's row: a key typed while an 80 KB reply streams, until sx drew it (`bench/keystroke.py`, a tmux
    /// control client timing the pane's output). Skipped with a note when the script is not in `bench/`.
    static func keystrokeRows(sx: String, runs: Int) -> [Row] {
        let script = FileManager.default.currentDirectoryPath + "/bench/keystroke.py"
        guard FileManager.default.fileExists(atPath: script) else {
            FileHandle.standardError.write(Data("sx-bench: bench/keystroke.py not found: keystroke row skipped\n".utf8))
            return []
        }
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-keys-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: json) }
        var env = ProcessEnvironment.current
        env["PATH"] = env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        _ = try? ProcessRun.spawn(
            ["/usr/bin/env", "python3", script, "--sx", sx, "--runs", "\(runs)", "--json", json.path], env: env,
            stdinNull: true)
        guard let data = try? Data(contentsOf: json),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let samples = obj["latencies_ms"] as? [Double], !samples.isEmpty
        else {
            FileHandle.standardError.write(Data("sx-bench: bench/keystroke.py measured nothing\n".utf8))
            return []
        }
        return [
            Row(
                name: "TUI keystroke while an 80 KB reply streams (tmux)", unit: "ms", samples: samples, budget: 16,
                higherIsBetter: false)
        ]
    }

    /// Peak RSS after a long session, from a soak run's summary (`bench/soak.sh`), when one is given.
    static func soakRow(dir: String) -> Row? {
        guard let data = FileManager.default.contents(atPath: dir + "/summary.json"),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let peak = obj["peak_rss_mb"] as? Double
        else { return nil }
        let turns = obj["turns"] as? Int ?? 0
        let minutes = obj["minutes"] as? Double ?? 0
        return Row(
            name: "TUI peak RSS after a \(Int(minutes))-min soak (\(turns) turns)", unit: "MB", samples: [peak],
            budget: 45, higherIsBetter: false)
    }
}
