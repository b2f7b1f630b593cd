import Foundation

/// Runs a short command with `posix_spawn` + `waitpid` and returns its exit status and stdout. Foundation's
/// `Process` can miss the exit of a child that leaves a daemon behind (tmux starting its server), which hangs
/// `waitUntilExit`; this never does.
public enum Spawn {
    /// The child gets stdin, stdout and stderr only. Without this it would inherit every descriptor the test
    /// process has open without close-on-exec, loopback sockets of other tests included: a tmux server started
    /// while a fault test's connection is open would keep that connection alive for the server's whole life.
    /// (glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, looked up at run time: Swift's Glibc module does
    /// not declare it.)
    static func closeInherited(_ fa: inout posix_spawn_file_actions_t) {
        guard let addCloseFrom = closeFrom else { return }
        _ = addCloseFrom(&fa, 3)
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    public static func run(_ argv: [String], captureStdout: Bool = true) -> (status: Int32, stdout: String) {
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        var fds: [Int32] = [-1, -1]
        if captureStdout {
            guard pipe(&fds) == 0 else { return (-1, "") }
            posix_spawn_file_actions_adddup2(&fa, fds[1], 1)
            posix_spawn_file_actions_addclose(&fa, fds[0])
            posix_spawn_file_actions_addclose(&fa, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0)
        closeInherited(&fa)
        let cargv = argv.map { strdup($0) } + [nil]
        defer { cargv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &fa, nil, cargv, environ)
        if captureStdout { close(fds[1]) }
        guard rc == 0 else {
            if captureStdout { close(fds[0]) }
            return (-1, "")
        }
        var out = Data()
        if captureStdout {
            out =
                PipeReader.readBoth(
                    FileHandle(fileDescriptor: fds[0], closeOnDealloc: true), nil,
                    exited: { PipeReader.hasExited(pid) }
                ).0
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, String(decoding: out, as: UTF8.self))
    }
}

/// What `Spawn.process` saw of a finished child.
public struct SpawnResult: Sendable {
    public var pid: pid_t
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Peak resident set of the child itself (`wait4`'s `ru_maxrss`), in KiB.
    public var maxRSSKiB: Int
    /// Processes still alive in the child's process group after it exited (leaked helpers), by pid.
    public var leftoverProcesses: [pid_t]
}

extension Spawn {
    /// Runs `exe` in its own process group with exactly `env`, in `cwd`, stdin from `input` (or /dev/null), both
    /// streams captured; waits with `wait4` for its peak RSS and then looks for processes it left in its group.
    public static func process(
        _ exe: String, _ args: [String], env: [String: String], cwd: String? = nil,
        input: String? = nil
    ) -> SpawnResult {
        var argv = [exe] + args
        if let cwd { argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd] + argv }
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1], inp: [Int32] = [-1, -1]
        // The output streams are close-on-exec from birth: a process another test spawns meanwhile (a tmux
        // server, which lives on) must not inherit them, or our reads would wait for it to exit. Glibc's `pipe2`
        // is not visible from Swift, so they are socket pairs made with SOCK_CLOEXEC; `dup2` onto 1 and 2 clears
        // the flag for the child's own copies.
        let streams = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, streams, 0, &out) == 0, socketpair(AF_UNIX, streams, 0, &err) == 0 else {
            return SpawnResult(
                pid: -1, status: -1, stdout: "", stderr: "socketpair failed", maxRSSKiB: 0, leftoverProcesses: [])
        }
        if input != nil, socketpair(AF_UNIX, streams, 0, &inp) != 0 {
            return SpawnResult(
                pid: -1, status: -1, stdout: "", stderr: "socketpair failed", maxRSSKiB: 0, leftoverProcesses: [])
        }
        posix_spawn_file_actions_adddup2(&fa, out[1], 1)
        posix_spawn_file_actions_adddup2(&fa, err[1], 2)
        if input != nil {
            posix_spawn_file_actions_adddup2(&fa, inp[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
        }
        for fd in [out[0], out[1], err[0], err[1], inp[0], inp[1]] where fd >= 0 {
            posix_spawn_file_actions_addclose(&fa, fd)
        }
        closeInherited(&fa)
        let cargv = argv.map { strdup($0) } + [nil]
        let cenv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cargv.forEach { free($0) }; cenv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &fa, &attr, cargv, cenv)
        close(out[1]); close(err[1])
        if inp[0] >= 0 { close(inp[0]) }
        guard rc == 0 else {
            for fd in [out[0], err[0], inp[1]] where fd >= 0 { close(fd) }
            return SpawnResult(
                pid: -1, status: -1, stdout: "", stderr: "spawn failed: \(rc)", maxRSSKiB: 0, leftoverProcesses: [])
        }
        if let input, inp[1] >= 0 {
            let w = FileHandle(fileDescriptor: inp[1], closeOnDealloc: true)
            w.write(Data(input.utf8))
            try? w.close()
        }
        let (o, e) = PipeReader.readBoth(
            FileHandle(fileDescriptor: out[0], closeOnDealloc: true),
            FileHandle(fileDescriptor: err[0], closeOnDealloc: true),
            exited: { PipeReader.hasExited(pid) })
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return SpawnResult(
            pid: pid, status: code, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self), maxRSSKiB: Int(usage.ru_maxrss),
            leftoverProcesses: processes(inGroup: pid))
    }

    /// Live processes whose process group is `pgid` (from /proc).
    public static func processes(inGroup pgid: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.filter { p in
            guard let stat = try? String(contentsOfFile: "/proc/\(p)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "comm)": state ppid pgrp …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == pgid && !fields[0].hasPrefix("Z")
        }
    }

    /// Open descriptors of this process (/proc/self/fd), for leak checks before/after.
    public static func openFileDescriptorCount() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }
}

extension Spawn {
    /// `process` on a thread of its own: waiting for a child never holds one of Swift concurrency's few threads
    /// (on a 2-core machine there are two, and a test that blocks them stalls every other test's timers).
    public static func processAsync(
        _ exe: String, _ args: [String], env: [String: String], cwd: String? = nil,
        input: String? = nil
    ) async -> SpawnResult {
        // `process` does not throw.
        try! await onOwnThread { process(exe, args, env: env, cwd: cwd, input: input) }
    }
}
