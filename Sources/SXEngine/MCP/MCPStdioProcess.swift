import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One stdio MCP server process (DECISIONS 45): its own process group, stdin a socket (written with
/// `MSG_NOSIGNAL`, so a server that died cannot raise SIGPIPE in sx), stdout a pipe read line by line on a thread of
/// its own (never the cooperative pool, DECISIONS 37), stderr appended to a log file. `kill` ends the whole group.
final class MCPStdioProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let writes = DispatchQueue(label: "sx.mcp.stdin")
    private let lock = NSLock()
    private var exited = false
    private var killed = false

    /// Starts `command` (looked up in `PATH` when it has no slash). `onLine` gets each stdout line without its
    /// newline; a line longer than `maxLine` ends the process (`onExit` says why). `onExit` runs once, after stdout
    /// closed and the process was reaped.
    init(
        command: String, args: [String], environment: [String: String], cwd: String?, stderrLog: String?,
        maxLine: Int, onLine: @escaping @Sendable (Data) -> Void,
        onExit: @escaping @Sendable (_ reason: String) -> Void
    ) throws {
        var sockets: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &sockets) == 0 else {
            throw Failure(description: "socketpair failed: \(String(cString: strerror(errno)))")
        }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            close(sockets[0])
            close(sockets[1])
            throw Failure(description: "pipe failed: \(String(cString: strerror(errno)))")
        }
        for fd in [sockets[0], pipeFDs[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        posix_spawn_file_actions_adddup2(&fa, sockets[1], 0)
        posix_spawn_file_actions_adddup2(&fa, pipeFDs[1], 1)
        if let stderrLog {
            posix_spawn_file_actions_addopen(&fa, 2, stderrLog, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0)
        }
        Self.closeFrom3(&fa)
        if let cwd { _ = Self.addChdir(&fa, cwd) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Its own process group, default signal handling (sx ignores some signals; the server must not inherit it).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGTSTP, SIGHUP] { sigaddset(&defaults, s) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(
            &attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([command] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        // posix_spawnp looks the command up in sx's PATH; a PATH in `env` is for the server's own children.
        let path = environment["PATH"]
        let rc: Int32
        if !command.contains("/"), let path, let found = Self.which(command, path: path) {
            rc = posix_spawn(&pid, found, &fa, &attr, argv, envp)
        } else {
            rc = posix_spawnp(&pid, command, &fa, &attr, argv, envp)
        }
        close(sockets[1])
        close(pipeFDs[1])
        guard rc == 0 else {
            close(sockets[0])
            close(pipeFDs[0])
            throw Failure(description: "cannot start \(command): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
        input = sockets[0]
        output = pipeFDs[0]
        let thread = Thread { [self] in
            let reason = self.readLines(maxLine: maxLine, onLine: onLine)
            onExit(reason)
        }
        thread.name = "sx-mcp-\(pid)"
        thread.start()
    }

    /// Writes one message and a newline, in order with the others; a server that stopped reading only blocks this
    /// queue, and a closed socket is ignored (the reader reports the exit).
    func send(_ line: Data) {
        writes.async { [input] in
            var data = line
            data.append(0x0A)
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.send(input, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if n < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += n
                }
            }
        }
    }

    /// SIGTERM to the group, then SIGKILL after `grace` unless it exited; idempotent.
    func kill(grace: TimeInterval = 0.5) {
        let first = lock.withLock { () -> Bool in
            defer { killed = true }
            return !killed && !exited
        }
        guard first else { return }
        Glibc.kill(-pid, SIGTERM)
        let pid = self.pid
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [self] in
            if !lock.withLock({ exited }) { Glibc.kill(-pid, SIGKILL) }
        }
    }

    /// Kills the group at once and waits for nothing (sx is exiting).
    func killNow() {
        lock.withLock { killed = true }
        Glibc.kill(-pid, SIGKILL)
    }

    /// The reader thread: lines until EOF or an oversize line, then the group is killed and the child reaped.
    private func readLines(maxLine: Int, onLine: @Sendable (Data) -> Void) -> String {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var line = Data()
        var overflow: String?
        reading: while true {
            let n = read(output, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0A {
                line.append(contentsOf: buffer[start..<i])
                start = i + 1
                if !line.isEmpty { onLine(line) }
                line = Data()
            }
            line.append(contentsOf: buffer[start..<n])
            if line.count > maxLine {
                overflow = "sent a message over \(maxLine / 1_048_576) MB"
                break reading
            }
        }
        close(output)
        // Whatever closed stdout, the group goes: a server without its stdout is of no use.
        Glibc.kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        lock.withLock { exited = true }
        close(input)
        if let overflow { return overflow }
        if (status & 0x7f) == 0 { return "exited with status \((status >> 8) & 0xff)" }
        let signal = status & 0x7f
        return lock.withLock { killed } ? "stopped" : "killed by signal \(signal)"
    }

    private static func which(_ command: String, path: String) -> String? {
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/" + command
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34) and `addchdir_np` (2.29), looked up at run time:
    /// Swift's Glibc module does not declare them.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let closeFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
    private static let chdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }

    private static func closeFrom3(_ fa: inout posix_spawn_file_actions_t) {
        if let closeFrom { _ = closeFrom(&fa, 3) }
    }

    private static func addChdir(_ fa: inout posix_spawn_file_actions_t, _ dir: String) -> Bool {
        guard let chdir else { return false }
        return dir.withCString { chdir(&fa, $0) } == 0
    }
}
