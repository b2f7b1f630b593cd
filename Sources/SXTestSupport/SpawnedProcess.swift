import Foundation

/// A child started with `posix_spawn` (like `Spawn.run`) with its own environment and working directory, stdout
/// and stderr captured: start several, then `wait()` for each, to run real processes side by side.
public final class SpawnedProcess: @unchecked Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let pid: pid_t
    private let out: Int32
    private let err: Int32

    /// `directory` is applied with `env -C` (posix_spawn has no portable chdir), so `argv[0]` must be a path.
    public init(_ argv: [String], environment: [String: String], directory: String? = nil) throws {
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        var o: [Int32] = [-1, -1], e: [Int32] = [-1, -1]
        // Close-on-exec from the start: a process another thread spawns meanwhile (a tmux server in a parallel
        // test) must not inherit our streams, or the reads would wait for it to exit. Glibc's `pipe2` is not
        // visible from Swift, so the streams are socket pairs made with SOCK_CLOEXEC; `dup2` onto 1 and 2 clears
        // the flag for the child's own copies.
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &o) == 0, socketpair(AF_UNIX, type, 0, &e) == 0 else {
            throw SpawnError(message: "socketpair failed: errno \(errno)")
        }
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&fa, o[1], 1)
        posix_spawn_file_actions_adddup2(&fa, e[1], 2)
        let full = (directory.map { ["/usr/bin/env", "-C", $0] } ?? []) + argv
        let cargv = full.map { strdup($0) } + [nil]
        let cenv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cargv.forEach { free($0) }
            cenv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, full[0], &fa, nil, cargv, cenv)
        close(o[1])
        close(e[1])
        guard rc == 0 else {
            close(o[0])
            close(e[0])
            throw SpawnError(message: "cannot start \(argv[0]): error \(rc)")
        }
        self.pid = pid
        out = o[0]
        err = e[0]
    }

    /// Reads both streams to their end, then reaps the child.
    public func wait() -> Output {
        let (o, e) = PipeReader.readBoth(FileHandle(fileDescriptor: out, closeOnDealloc: true),
                                         FileHandle(fileDescriptor: err, closeOnDealloc: true))
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(status: code, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
