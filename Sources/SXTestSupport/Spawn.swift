import Foundation

/// Runs a short command with `posix_spawn` + `waitpid` and returns its exit status and stdout. Foundation's
/// `Process` can miss the exit of a child that leaves a daemon behind (tmux starting its server), which hangs
/// `waitUntilExit`; this never does.
public enum Spawn {
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
            out = PipeReader.readAll(FileHandle(fileDescriptor: fds[0], closeOnDealloc: true))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, String(decoding: out, as: UTF8.self))
    }
}
