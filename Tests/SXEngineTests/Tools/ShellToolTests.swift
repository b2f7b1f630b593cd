import Foundation
import Testing
@testable import SXEngine

/// Live (non-zombie) processes whose process group is `pgid`, read from /proc.
func liveProcesses(inGroup pgid: Int32) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> String? in
        guard Int32(entry) != nil,
            let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "comm)": state ppid pgrp ...
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == pgid else { return nil }
        return "\(entry) \(stat.prefix(through: close))"
    }
}

/// Waits up to `seconds` for the group to have no live member (SIGKILL delivery is asynchronous).
func groupVanishes(_ pgid: Int32, within seconds: Double = 3) async -> [String] {
    let deadline = Date().addingTimeInterval(seconds)
    var alive = liveProcesses(inGroup: pgid)
    while !alive.isEmpty && Date() < deadline {
        try? await Task.sleep(for: .milliseconds(50))
        alive = liveProcesses(inGroup: pgid)
    }
    return alive
}

final class OutputLog: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []
    func append(_ chunk: String) { lock.withLock { chunks.append(chunk) } }
    var text: String { lock.withLock { chunks.joined() } }
    var count: Int { lock.withLock { chunks.count } }
}

@Suite struct ShellToolTests {
    @Test func runsInWorkspaceAndReportsExitCodeAndStreams() async throws {
        let ws = try TempWorkspace()
        try ws.write("sub/marker.txt", "m")
        let log = OutputLog()
        let outcome = await ShellTool().run(
            arguments: json(["command": "pwd; ls; echo oops >&2; exit 3", "workdir": "sub"]),
            context: ws.context, output: log.append)
        #expect(outcome.exitCode == 3)
        #expect(outcome.result.isError)
        #expect(outcome.result.output.contains("Exit code: 3"))
        #expect(outcome.result.output.contains("Wall time:"))
        #expect(outcome.result.output.contains(ws.root + "/sub"))
        #expect(outcome.result.output.contains("marker.txt"))
        #expect(outcome.result.output.contains("oops"))
        #expect(log.text.contains("marker.txt"))
        #expect(log.text.contains("oops"))
    }

    @Test func successIsNotAnError() async throws {
        let ws = try TempWorkspace()
        let outcome = await runTool(ShellTool(), ["command": "echo hello"], in: ws.context)
        #expect(outcome.exitCode == 0)
        #expect(!outcome.result.isError)
        #expect(outcome.result.output.contains("hello"))
    }

    @Test func outputStreamsBeforeTheCommandEnds() async throws {
        let ws = try TempWorkspace()
        let gate = ws.context.workspaceRoot + "/gate"
        #expect(mkfifo(gate, 0o600) == 0)
        let log = OutputLog()
        // The command blocks on the fifo until the test has seen its first line: no timing involved.
        let task = Task {
            await ShellTool().run(
                arguments: json(["command": "echo first; read x < gate; echo second"]),
                context: ws.context, output: log.append)
        }
        let deadline = Date().addingTimeInterval(30)
        while !log.text.contains("first") && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(log.text.contains("first"))
        #expect(!log.text.contains("second"))
        let fd = open(gate, O_WRONLY)
        _ = write(fd, "go\n", 3)
        close(fd)
        let outcome = await task.value
        #expect(outcome.result.output.contains("second"))
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let ws = try TempWorkspace()
        let started = Date()
        let outcome = await runTool(
            ShellTool(), ["command": "echo $$ > pgid; sleep 120 & sleep 120; wait", "timeout_ms": 500],
            in: ws.context)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 60, "took \(elapsed) s")  // not killed, it would take 120 s
        #expect(outcome.result.isError)
        #expect(outcome.result.output.contains("Timed out after 500 ms"))
        let pgidText = try #require(ws.read("pgid"), "the shell never started")
        let pgid = try #require(Int32(pgidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let survivors = await groupVanishes(pgid)
        #expect(survivors.isEmpty, "still alive: \(survivors)")
    }

    @Test func cancellingTheTaskKillsTheGroup() async throws {
        let ws = try TempWorkspace()
        let task = Task {
            await runTool(ShellTool(), ["command": "echo $$ > pgid; sleep 120 & sleep 120; wait"], in: ws.context)
        }
        let deadline = Date().addingTimeInterval(60)
        while ws.read("pgid")?.hasSuffix("\n") != true && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let pgidText = try #require(ws.read("pgid"), "the shell never started")
        let pgid = try #require(Int32(pgidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!liveProcesses(inGroup: pgid).isEmpty)
        let cancelled = Date()
        task.cancel()
        let outcome = await task.value
        #expect(Date().timeIntervalSince(cancelled) < 60)  // not killed, it would take 120 s
        #expect(outcome.result.output.contains("Interrupted"))
        let survivors = await groupVanishes(pgid)
        #expect(survivors.isEmpty, "still alive: \(survivors)")
    }

    @Test func cancellationTokenKillsTheGroup() async throws {
        let ws = try TempWorkspace()
        let token = ToolCancellation()
        var context = ws.context
        context.cancellation = token
        let task = Task { [context] in await runTool(ShellTool(), ["command": "echo $$ > pgid; sleep 30"], in: context)
        }
        let deadline = Date().addingTimeInterval(60)
        while ws.read("pgid")?.hasSuffix("\n") != true && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let pgidText = try #require(ws.read("pgid"), "the shell never started")
        let pgid = try #require(Int32(pgidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        token.cancel()
        let outcome = await task.value
        #expect(outcome.result.output.contains("Interrupted"))
        #expect(await groupVanishes(pgid).isEmpty)
    }

    @Test func tenMegabytesOfOutputAreCappedKeepingHeadAndTail() async throws {
        let ws = try TempWorkspace()
        let log = OutputLog()
        let command = "echo START-MARK; head -c 10000000 /dev/zero | tr '\\0' a; echo; echo END-MARK"
        let outcome = await ShellTool().run(
            arguments: json(["command": command]), context: ws.context, output: log.append)
        let output = outcome.result.output
        #expect(outcome.exitCode == 0)
        #expect(output.utf8.count < 40_000, "\(output.utf8.count) bytes returned")
        #expect(output.contains("START-MARK"))
        #expect(output.contains("END-MARK"))
        #expect(output.contains("aaaaaaaaaa"))
        // 10,000,000 'a' + markers + newlines = 10,000,021 bytes; ~30 KB kept.
        let marker = try #require(
            output.firstRange(of: /\[(\d+) bytes \((\d+) lines\) elided from the middle of (\d+) bytes\]/))
        let total = Int(output[marker].firstMatch(of: /of (\d+) bytes/)!.1)!
        let elided = Int(output[marker].firstMatch(of: /\[(\d+) bytes/)!.1)!
        #expect(total == 10_000_021)
        #expect(elided > 9_900_000 && elided < total)
        // The live stream is bounded too.
        #expect(log.text.utf8.count < 1_100_000)
    }

    @Test func missingWorkdirAndEmptyCommandAreErrors() async throws {
        let ws = try TempWorkspace()
        let missing = await runTool(ShellTool(), ["command": "ls", "workdir": "nope"], in: ws.context)
        #expect(missing.result.isError)
        #expect(missing.result.output.contains("does not exist"))
        let empty = await runTool(ShellTool(), ["command": "  "], in: ws.context)
        #expect(empty.result.isError)
    }

    @Test func doesNotUseALoginShell() async throws {
        let ws = try TempWorkspace()
        let outcome = await runTool(
            ShellTool(), ["command": "shopt -q login_shell && echo LOGIN || echo NOLOGIN"], in: ws.context)
        #expect(outcome.result.output.contains("NOLOGIN"))
    }
}
