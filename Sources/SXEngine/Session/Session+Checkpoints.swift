import Foundation
import SXCore

/// `/undo`, `/redo` and `/rewind`: the files from the checkpoints, the conversation from the history.
extension Session {
    public func undo(overwrite: Bool) async -> RestoreReport { await step("/undo", undo: true, overwrite: overwrite) }

    public func redo(overwrite: Bool) async -> RestoreReport { await step("/redo", undo: false, overwrite: overwrite) }

    private func step(_ command: String, undo: Bool, overwrite: Bool) async -> RestoreReport {
        guard turnIsIdle() else { return RestoreReport(note: "a turn is running; \(command) once it has ended") }
        guard let checkpoints else { return RestoreReport(note: "checkpoints are off (CHECKPOINTS=0)") }
        let (report, changed) =
            undo ? await checkpoints.undo(overwrite: overwrite) : await checkpoints.redo(overwrite: overwrite)
        if !changed.isEmpty { transcript?.recordCheckpointState(changed, undone: undo) }
        return report
    }

    public func rewindPoints() async -> [RewindPoint] {
        let prompts = promptIndexes()
        return prompts.enumerated().map { turn, index in
            RewindPoint(
                turn: turn + 1, prompt: messages[index].text,
                laterChanges: checkpoints?.hasChanges(after: index) ?? false)
        }
    }

    public func rewind(toTurn turn: Int, scope: RewindScope, overwrite: Bool) async -> RestoreReport {
        guard turnIsIdle() else { return RestoreReport(note: "a turn is running; /rewind once it has ended") }
        let prompts = promptIndexes()
        guard turn >= 1, turn <= prompts.count else {
            return RestoreReport(note: "there is no turn \(turn) (the conversation has \(prompts.count))")
        }
        let promptIndex = prompts[turn - 1]
        var report = RestoreReport()
        if scope != .conversation {
            guard let checkpoints else { return RestoreReport(note: "checkpoints are off (CHECKPOINTS=0)") }
            let (restored, changed) = await checkpoints.rewind(after: promptIndex, overwrite: overwrite)
            if !restored.conflicts.isEmpty && !overwrite { return restored }
            if !changed.isEmpty { transcript?.recordCheckpointState(changed, undone: true) }
            report = restored
        }
        if scope != .code {
            let keep = turn < prompts.count ? prompts[turn] : messages.count
            if keep < messages.count {
                messages.removeLast(messages.count - keep)
                transcript?.recordRewind(keep: keep)
                checkpoints?.forgetPrompts(from: keep)
                ledger.reset()
                ledger.sync(messages)
                reportContext(ModelRef(provider: options.provider, model: options.model))
            }
            report.keptTurns = turn
            if scope == .conversation { report.note = nil }
        }
        return report
    }

    /// The session's whole change as one patch (`sx sessions diff`), nil when it changed nothing.
    public func changePatch() async -> String? { await checkpoints?.sessionPatch() }

    /// Where each turn's prompt is in the history: user messages with text (tool results are user messages too).
    func promptIndexes() -> [Int] {
        messages.indices.filter { i in
            messages[i].role == .user && messages[i].parts.contains { if case .text = $0 { true } else { false } }
                && !messages[i].parts.contains { if case .toolResult = $0 { true } else { false } }
        }
    }
}

extension Checkpointer {
    /// `sx sessions diff`: the whole change of the session a transcript records, or nil when it changed no files.
    public static func sessionPatch(transcript url: URL, snapshotsRoot: URL) async throws -> String? {
        let loaded = try Transcript.load(url)
        guard !loaded.checkpoints.isEmpty else { return nil }
        guard let cwd = Transcript.list(url.deletingLastPathComponent()).first(where: { $0.url == url })?.cwd else {
            throw CheckpointUnavailable(reason: "the transcript does not say which folder it worked in")
        }
        let checkpointer = Checkpointer(workspace: cwd, snapshotsRoot: snapshotsRoot)
        checkpointer.restoreRecords(loaded.checkpoints)
        guard let patch = await checkpointer.sessionPatch() else {
            throw CheckpointUnavailable(
                reason: checkpointer.offReason ?? "its snapshots are gone from \(snapshotsRoot.path)")
        }
        return patch
    }
}
