import Foundation
import SXTestSupport

/// Runs the real `sx` binary built next to the tests, in a throwaway `SX_HOME` and working folder.
struct CLI: Sendable {
    let home: URL
    let workdir: URL
    var env: [String: String]

    static var binary: URL {
        // The test bundle sits in the build products folder, next to the `sx` executable.
        var dir = URL(
            fileURLWithPath: CommandLine.arguments.first {
                $0.contains(".build") && !$0.hasSuffix("swiftpm-testing-helper")
            }
                ?? Bundle.main.bundlePath
        ).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sx")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/sx")
    }

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sx-cli-\(UUID().uuidString)")
        home = base.appendingPathComponent("home")
        workdir = base.appendingPathComponent("work")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        env = [
            "SX_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "SX_DEMO_DELAY_MS": "0", "LANG": "C.UTF-8"
        ]
        .merging(SanitizerEnvironment.passThrough) { $1 }
    }

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String], stdin: String? = nil, extraEnv: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.environment = env.merging(extraEnv) { $1 }
        p.currentDirectoryURL = workdir
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let (o, e) = PipeReader.readBoth(out.fileHandleForReading, err.fileHandleForReading, exited: { !p.isRunning })
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// `run` on a thread of its own, for async tests: the wait for `sx` holds no thread of the cooperative pool
    /// (DECISIONS 37), so tests with deadlines beside it are not starved.
    /// At most one `sx` per core at a time, as the pool's width used to limit them: a hundred at once would starve
    /// the machine instead of the pool.
    func runAsync(_ args: [String], stdin: String? = nil, extraEnv: [String: String] = [:]) async throws -> Result {
        await ProcessSlots.shared.acquire()
        defer { ProcessSlots.shared.release() }
        return try await onOwnThread { try self.run(args, stdin: stdin, extraEnv: extraEnv) }
    }
}

/// A counting semaphore whose waiters suspend (no thread is held while they wait).
final class ProcessSlots: @unchecked Sendable {
    static let shared = ProcessSlots(max(2, ProcessInfo.processInfo.activeProcessorCount))

    // `lock` guards `free` and `waiters`.
    private let lock = NSLock()
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ slots: Int) { free = slots }

    func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = lock.withLock { () -> Bool in
                if free > 0 {
                    free -= 1
                    return true
                }
                waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    func release() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            if waiters.isEmpty {
                free += 1
                return nil
            }
            return waiters.removeFirst()
        }
        next?.resume()
    }
}
