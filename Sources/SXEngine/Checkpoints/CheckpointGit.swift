import Foundation

/// Runs the system `git` against the shadow repository only: its own GIT_DIR, index and work tree, no user or system
/// config, no hooks, no prompts, no inherited environment. Each call is one process with a timeout.
struct CheckpointGit: Sendable {
    /// What one git run produced.
    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    let executable: String
    let workspace: String
    let gitDir: String
    let environment: [String: String]

    /// Settings passed as `-c` on every run, so nothing depends on (or is read from) any config file.
    static let settings: [String] = [
        "core.hooksPath=/dev/null", "core.autocrlf=false", "core.safecrlf=false",
        "core.fsmonitor=false", "core.quotepath=false", "core.symlinks=true", "core.filemode=true",
        "core.ignorecase=false", "core.precomposeunicode=false", "core.excludesFile=/dev/null",
        "core.attributesFile=/dev/null", "core.untrackedCache=true", "core.preloadIndex=true",
        "core.logAllRefUpdates=false", "core.looseCompression=1", "core.sparseCheckout=false", "core.splitIndex=false",
        "index.version=4", "index.threads=true",
        "gc.auto=0", "maintenance.auto=false", "commit.gpgSign=false", "tag.gpgSign=false", "safe.directory=*",
        "advice.addEmbeddedRepo=false", "advice.addIgnoredFile=false", "status.showUntrackedFiles=all",
        "submodule.recurse=false", "diff.noprefix=false", "diff.mnemonicPrefix=false",
        "diff.renames=false", "color.ui=false", "user.name=sx checkpoints", "user.email=checkpoints@sx.invalid"
    ]

    init(executable: String, workspace: String, gitDir: String, home: String) {
        self.executable = executable
        self.workspace = workspace
        self.gitDir = gitDir
        // Built from scratch: no GIT_*, XDG_* or user HOME leaks in; PATH only so git finds its own helpers.
        var env: [String: String] = [
            "GIT_DIR": gitDir, "GIT_WORK_TREE": workspace, "GIT_INDEX_FILE": gitDir + "/index",
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_ATTR_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "", "GIT_PAGER": "cat", "PAGER": "cat",
            "GIT_AUTHOR_NAME": "sx checkpoints", "GIT_AUTHOR_EMAIL": "checkpoints@sx.invalid",
            "GIT_COMMITTER_NAME": "sx checkpoints", "GIT_COMMITTER_EMAIL": "checkpoints@sx.invalid",
            "HOME": home, "XDG_CONFIG_HOME": home, "LC_ALL": "C", "LANG": "C"
        ]
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        self.environment = env
    }

    /// Runs `git <settings> <args>`; a non-zero exit is returned, not thrown. Throws only when git cannot be started
    /// or does not finish within `timeout` seconds (it is then terminated).
    func run(_ args: [String], input: Data? = nil, timeout: TimeInterval = 60) throws(CheckpointUnavailable) -> Output {
        var full: [String] = []
        full.reserveCapacity(Self.settings.count * 2 + args.count)
        for s in Self.settings { full += ["-c", s] }
        full += args
        return try CheckpointProcess.run(
            executable: executable, arguments: full, environment: environment, directory: workspace, input: input,
            timeout: timeout, name: "git " + (args.first ?? ""))
    }

    /// Runs git and returns stdout; a non-zero exit becomes `CheckpointUnavailable` with git's first stderr line.
    @discardableResult
    func check(_ args: [String], input: Data? = nil, timeout: TimeInterval = 60) throws(CheckpointUnavailable) -> Data {
        let out = try run(args, input: input, timeout: timeout)
        guard out.status == 0 else { throw Self.failure(args, out) }
        return out.stdout
    }

    /// Like `check`, as one trimmed line (an object id).
    func line(_ args: [String], input: Data? = nil) throws(CheckpointUnavailable) -> String {
        let data = try check(args, input: input)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func failure(_ args: [String], _ out: Output) -> CheckpointUnavailable {
        let text = String(decoding: out.stderr, as: UTF8.self)
        let first = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(out.status)"
        return CheckpointUnavailable(reason: "git \(args.first ?? "") failed: \(first)")
    }
}

/// One child process with stdout and stderr drained on their own threads (so big outputs cannot fill a pipe and
/// deadlock), stdin from /dev/null or the given bytes, and a deadline after which the child is terminated.
enum CheckpointProcess {
    /// Collects what the reader threads produce.
    private final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()
        func set(out data: Data) { lock.withLock { out = data } }
        func set(err data: Data) { lock.withLock { err = data } }
        var result: (Data, Data) { lock.withLock { (out, err) } }
    }

    /// `started` sees the `Process` once it runs (a test keeps a weak reference to see it released).
    static func run(
        executable: String, arguments: [String], environment: [String: String], directory: String, input: Data?,
        timeout: TimeInterval, name: String, started: (Process) -> Void = { _ in }
    ) throws(CheckpointUnavailable) -> CheckpointGit.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        // Input goes through an unlinked temp file, not a pipe: a child that exits without reading it cannot raise
        // SIGPIPE in this process, and no writer thread is needed.
        let inHandle = input == nil ? FileHandle(forReadingAtPath: "/dev/null") : try input.map(inputFile)
        process.standardInput = inHandle
        // Foundation does not close these on every path; an agent takes thousands of snapshots per process.
        defer {
            try? inHandle?.close()
            try? outPipe.fileHandleForWriting.close()
            try? errPipe.fileHandleForWriting.close()
        }
        // Foundation's waitUntilExit polls a run loop in 50 ms steps on Linux; the termination handler is immediate.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return try failedToStart(executable, error)
        }
        started(process)
        let sink = Sink()
        let group = DispatchGroup()
        let outReader = outPipe.fileHandleForReading
        let errReader = errPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) { sink.set(out: outReader.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { sink.set(err: errReader.readDataToEndOfFile()) }
        let deadline = DispatchTime.now() + timeout
        if group.wait(timeout: deadline) == .timedOut || exited.wait(timeout: deadline) == .timedOut {
            // SIGTERM may be blocked: a child started from a Dispatch worker thread inherits its signal mask.
            process.terminate()
            if exited.wait(timeout: .now() + 1) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                if exited.wait(timeout: .now() + 5) == .success { release(process) }
            } else {
                release(process)
            }
            // Helpers git started may still hold the pipes open; then the reader threads are left to them.
            if group.wait(timeout: .now() + 1) == .success {
                try? outReader.close()
                try? errReader.close()
            }
            let limit = timeout >= 1 ? "\(Int(timeout))" : String(format: "%.1f", timeout)
            throw CheckpointUnavailable(reason: "\(name) did not finish within \(limit) s")
        }
        try? outReader.close()
        try? errReader.close()
        release(process)
        let (out, err) = sink.result
        return CheckpointGit.Output(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Lets go of a child that has exited. Foundation on Linux gives each `Process` a run loop source that retains
    /// it, and the `Process` keeps the source; only `waitUntilExit` breaks that cycle. Once the termination handler
    /// has run the child is no longer running, so the call returns at once (no 50 ms run loop polling). Without it
    /// every git run stayed in memory for good with its arguments, environment, pipes and URLs (~1.2 KB): ~37 KB for
    /// each turn whose tools may change files (two snapshots, ~30 git runs), the steady growth of the 2-hour soak.
    private static func release(_ process: Process) {
        process.waitUntilExit()
    }

    private static func inputFile(_ data: Data) throws(CheckpointUnavailable) -> FileHandle {
        let path = NSTemporaryDirectory() + "/sx-git-input-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CheckpointUnavailable(reason: "cannot create a temp file in \(NSTemporaryDirectory())")
        }
        unlink(path)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.seek(toOffset: 0)
        } catch {
            throw CheckpointUnavailable(reason: "cannot write a temp file: \(error.localizedDescription)")
        }
        return handle
    }

    private static func failedToStart(
        _ executable: String, _ error: any Error
    ) throws(CheckpointUnavailable) -> CheckpointGit.Output {
        if !FileManager.default.isExecutableFile(atPath: executable) {
            throw CheckpointUnavailable(reason: "git is not installed (\(executable) is not executable)")
        }
        throw CheckpointUnavailable(reason: "cannot start \(executable): \(error.localizedDescription)")
    }
}
