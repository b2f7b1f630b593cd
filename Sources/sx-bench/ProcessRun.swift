import Foundation
import SXCore

/// Runs a command and measures its wall time and peak RSS.
///
/// The RSS comes from `wait4`'s rusage, read by a small launcher (this binary, re-executed with
/// `--measure-child`): Linux folds the parent's memory high-water mark into a child's `ru_maxrss` at exec, so a
/// child spawned straight from the benchmark (which holds a 50 MB test stream) would report the benchmark's size.
struct ProcessRun {
    var wallMs: Double
    var peakRSSMB: Double
    var status: Int32
    var stdout: String
    /// When the process had exited, in seconds of `now()`'s clock (`CLOCK_MONOTONIC`, the same in every process):
    /// as the launcher saw it, so the launcher's own exit is not counted.
    var endedAt: Double = 0

    static func run(_ argv: [String], env: [String: String], stdinNull: Bool = true) throws -> ProcessRun {
        let rssFile = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-rss-\(getpid())").path
        let launcher = [CommandLine.arguments[0], "--measure-child", rssFile] + argv
        var r = try spawn(launcher, env: env, stdinNull: stdinNull)
        let fields = ((try? String(contentsOfFile: rssFile, encoding: .utf8)) ?? "").split(separator: " ")
        if let kb = fields.first.flatMap({ Double($0) }) { r.peakRSSMB = kb / 1024 }
        if fields.count > 1, let ended = Double(fields[1]) { r.endedAt = ended }
        unlink(rssFile)
        return r
    }

    /// The launcher's side: run `argv`, write the child's peak RSS (KB) and when it exited to `rssFile`, exit with
    /// its status.
    static func measureChild(rssFile: String, argv: [String]) -> Never {
        let r = (try? spawn(argv, env: ProcessEnvironment.current, stdinNull: false, passStdout: true))
        if let r {
            try? "\(Int(r.peakRSSMB * 1024)) \(r.endedAt)".write(toFile: rssFile, atomically: true, encoding: .utf8)
        }
        exit(r?.status ?? 127)
    }

    static func spawn(_ argv: [String], env: [String: String], stdinNull: Bool, passStdout: Bool = false) throws
        -> ProcessRun
    {
        var fa: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        var pipeFds: [Int32] = [0, 0]
        guard pipe(&pipeFds) == 0 else { throw BenchError("pipe failed") }
        if passStdout {
            posix_spawn_file_actions_adddup2(&fa, 1, 1)
        } else {
            posix_spawn_file_actions_adddup2(&fa, pipeFds[1], 1)
        }
        posix_spawn_file_actions_addclose(&fa, pipeFds[0])
        if stdinNull { posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) }
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0)
        let cargv = argv.map { strdup($0) } + [nil]
        let cenv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cargv.forEach { free($0) }; cenv.forEach { free($0) } }
        var pid: pid_t = 0
        let t0 = now()
        let rc = posix_spawn(&pid, argv[0], &fa, nil, cargv, cenv)
        close(pipeFds[1])
        guard rc == 0 else {
            close(pipeFds[0]); throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        var out = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(pipeFds[0], &buf, buf.count)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        close(pipeFds[0])
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let t1 = now()
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessRun(
            wallMs: (t1 - t0) * 1000, peakRSSMB: Double(usage.ru_maxrss) / 1024, status: exitCode,
            stdout: String(decoding: out, as: UTF8.self), endedAt: t1)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
