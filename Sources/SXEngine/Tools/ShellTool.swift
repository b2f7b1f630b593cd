import Foundation
import Subprocess
#if canImport(System)
    import System
#else
    import SystemPackage
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// `shell`: runs one `bash -c` command in the workspace.
///
/// The command runs in its own process group (`processGroupID = 0`) so that a timeout or an interrupt can kill
/// everything it started with one `kill(-pgid, SIGKILL)`, grandchildren included. Never `bash -l`: login profiles
/// can block waiting for a terminal. Background jobs that are still running when bash exits normally are left
/// alone, as a terminal would (a dev server started with `&` keeps running); they lose their output pipe.
struct ShellTool: Tool {
    /// Default wall-clock limit: long enough for a build or a test run, short enough to notice a hang.
    static let defaultTimeoutMs = 120_000
    /// Upper bound a model may ask for (10 minutes).
    static let maxTimeoutMs = 600_000
    /// What the model gets back: ~30 KB, head and tail kept.
    static let resultLimit = 30_000
    /// Live output shown to the user stops after this much, so a runaway command cannot flood the UI.
    static let streamLimit = 1_000_000

    let isMutating = true
    let spec = ToolSpec(
        name: "shell",
        description: """
            Run a shell command with `bash -c` in the workspace and return its combined stdout/stderr, exit code \
            and wall time. Use it for builds, tests, git and other CLI tools; prefer read_file/grep/glob/list_dir \
            for reading and searching files. The command runs non-interactively (stdin is empty). Long output is cut \
            to its head and tail. It is killed with all its child processes when it exceeds timeout_ms.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "command":{"type":"string","description":"The bash command line to run."},\
            "workdir":{"type":"string","description":"Working directory, relative to the workspace root (default: the root)."},\
            "timeout_ms":{"type":"integer","description":"Kill the command after this many milliseconds (default 120000, max 600000)."}\
            },"required":["command"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var command: String
        var workdir: String?
        var timeoutMs: Int?
        enum CodingKeys: String, CodingKey { case command, workdir, timeoutMs = "timeout_ms" }
    }

    func preview(arguments: String, context: ToolContext) -> ToolPreview? {
        guard let args = try? ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name) else { return nil }
        let cwd =
            (try? WorkspacePath.resolve(args.workdir ?? ".", in: context, tool: spec.name)) ?? context.workspaceRoot
        return .command(args.command, workingDirectory: cwd)
    }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        let args: Arguments
        let cwd: String
        do {
            args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
            cwd = try WorkspacePath.resolve(args.workdir ?? ".", in: context, tool: spec.name)
        } catch {
            return .error(error.message)
        }
        guard !args.command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .error("shell: 'command' is empty.")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDir), isDir.boolValue else {
            return .error("shell: the working directory '\(args.workdir ?? ".")' does not exist or is not a directory.")
        }
        let timeoutMs = min(max(args.timeoutMs ?? Self.defaultTimeoutMs, 1), Self.maxTimeoutMs)
        return await execute(command: args.command, cwd: cwd, timeoutMs: timeoutMs, context: context, output: output)
    }

    private enum Stop: Sendable { case timedOut, interrupted }

    private func execute(
        command: String, cwd: String, timeoutMs: Int, context: ToolContext,
        output: @escaping @Sendable (String) -> Void
    ) async -> ToolOutcome {
        let start = ContinuousClock.now
        let group = ProcessGroupHandle()
        var options = PlatformOptions()
        options.processGroupID = 0
        // Subprocess's own teardown (used when the task is cancelled) also goes to the whole group.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))
        ]
        var environment: [Environment.Key: String?] = [
            "PAGER": "cat", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"
        ]
        for (key, value) in context.environment { environment[Environment.Key(stringLiteral: key)] = value }

        var capture = HeadTailBuffer(limit: Self.resultLimit)
        var stop: Stop?
        var status: TerminationStatus?
        var launchError: String?
        do {
            let reason = try await withTaskCancellationHandler {
                let finished = try await Subprocess.run(
                    .path("/bin/bash"),
                    arguments: ["-c", command],
                    environment: .inherit.updating(environment),
                    workingDirectory: FilePath(cwd),
                    platformOptions: options,
                    input: .none,
                    output: .sequence,
                    error: .combinedWithOutput
                ) { execution -> Stop? in
                    let pid = execution.processIdentifier.value
                    group.started(pid)
                    return await withTaskGroup(of: Stop?.self) { watch in
                        watch.addTask { await Self.watchdog(pid: pid, timeoutMs: timeoutMs, context: context) }
                        var decoder = UTF8ChunkDecoder()
                        var streamed = 0
                        do {
                            for try await buffer in execution.standardOutput {
                                let bytes = buffer.withUnsafeBytes { Array($0) }
                                capture.append(bytes)
                                if streamed < Self.streamLimit {
                                    streamed += bytes.count
                                    let text = decoder.decode(bytes)
                                    if !text.isEmpty { output(text) }
                                    if streamed >= Self.streamLimit {
                                        output("\n… [live output paused; the result keeps the head and tail]\n")
                                    }
                                }
                            }
                        } catch {
                            // The stream ends with an error when bash exits while a background job still holds
                            // the pipe, or when the task is cancelled; what was read so far is kept.
                        }
                        let rest = decoder.flush()
                        if !rest.isEmpty && streamed < Self.streamLimit { output(rest) }
                        watch.cancelAll()
                        return await watch.next() ?? nil
                    }
                }
                status = finished.terminationStatus
                return finished.closureResult
            } onCancel: {
                group.kill()
            }
            stop = reason
        } catch {
            launchError = "\(error)"
        }
        if Task.isCancelled || context.cancellation?.isCancelled == true, stop == nil { stop = .interrupted }
        if stop != nil { group.kill() }  // a second sweep catches children forked while the first kill landed

        let elapsed = start.duration(to: .now)
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        // After an interrupt Subprocess may throw instead of returning; the output read so far still counts.
        if let launchError, stop == nil {
            var outcome = ToolOutcome.error("shell: could not run the command: \(launchError)")
            outcome.durationMs = ms
            return outcome
        }
        var exitCode: Int32?
        var statusLine: String
        switch status {
        case .exited(let code)?: exitCode = code; statusLine = "Exit code: \(code)"
        case .signaled(let signal)?: statusLine = "Exit code: none (killed by signal \(signal))"
        case nil: statusLine = "Exit code: unknown"
        }
        switch stop {
        case .timedOut?:
            statusLine += "\nTimed out after \(timeoutMs) ms: the command and all its child processes were killed."
        case .interrupted?:
            statusLine += "\nInterrupted by the user: the command and all its child processes were killed."
        case nil: break
        }
        let seconds = String(format: "%.2f", Double(ms) / 1000)
        let body = capture.totalBytes == 0 ? "(no output)" : capture.render()
        let text = "\(statusLine)\nWall time: \(seconds) seconds\nOutput:\n\(body)"
        let failed = stop != nil || exitCode != 0
        return ToolOutcome(
            result: ToolResult(callId: "", name: spec.name, output: text, isError: failed),
            exitCode: exitCode, durationMs: ms)
    }

    /// Waits for the deadline or an interrupt and kills the group; returns nil when cancelled because the
    /// command finished first.
    private static func watchdog(pid: pid_t, timeoutMs: Int, context: ToolContext) async -> Stop? {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while !Task.isCancelled {
            if context.cancellation?.isCancelled == true {
                Glibc.kill(-pid, SIGKILL)
                return .interrupted
            }
            if ContinuousClock.now >= deadline {
                Glibc.kill(-pid, SIGKILL)
                return .timedOut
            }
            // 20 ms polling keeps the interrupt latency well under what a person notices.
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

/// The process group of a running command, killable from a cancellation handler on any thread.
final class ProcessGroupHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var pgid: pid_t?
    private var killRequested = false

    func started(_ pid: pid_t) {
        let killNow = lock.withLock { () -> Bool in
            pgid = pid
            return killRequested
        }
        if killNow { Glibc.kill(-pid, SIGKILL) }
    }

    /// SIGKILL to the whole group; remembered when the process has not started yet.
    func kill() {
        let target = lock.withLock { () -> pid_t? in
            killRequested = true
            return pgid
        }
        if let target { Glibc.kill(-target, SIGKILL) }
    }
}
