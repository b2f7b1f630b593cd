import Foundation
import SXCore
import Testing

@testable import SXEngine

/// The session's checkpoints over a real shadow git: a turn's snapshot pair, undo/redo, conflicts, rewind of
/// several turns, the transcript lines a resume reads back, and checkpoints turning off with one notice.
@Suite struct CheckpointerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("sx-checkpointer-\(UUID().uuidString)")
    var work: URL { root.appendingPathComponent("work") }

    init() throws {
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("work"), withIntermediateDirectories: true)
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: work.appendingPathComponent(path))
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: work.appendingPathComponent(path).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    func checkpointer() -> Checkpointer {
        Checkpointer(workspace: work.path, snapshotsRoot: root.appendingPathComponent("snapshots"))
    }

    @Test func undoRedoAndAConflictLeftAlone() async throws {
        try write("a.txt", "one\n")
        let c = checkpointer()
        #expect(await c.beforeChange(promptIndex: 0).isEmpty)
        try write("a.txt", "two\n")
        try write("new.txt", "made\n")
        let record = try #require(await c.finishTurn())
        #expect(record.promptIndex == 0)

        let (undone, changed) = await c.undo(overwrite: false)
        #expect(undone.restored == ["a.txt", "new.txt"])
        #expect(changed == [0])
        #expect(read("a.txt") == "one\n")
        #expect(read("new.txt") == nil)
        #expect(await c.undo(overwrite: false).0.note?.contains("nothing to undo") == true)

        _ = await c.redo(overwrite: false)
        #expect(read("a.txt") == "two\n")
        #expect(read("new.txt") == "made\n")

        try write("a.txt", "mine\n")
        let (conflict, none) = await c.undo(overwrite: false)
        #expect(conflict.conflicts == ["a.txt"])
        #expect(none.isEmpty)
        #expect(read("a.txt") == "mine\n")
        #expect(read("new.txt") == "made\n", "nothing is restored while a file is in conflict")
        let (forced, _) = await c.undo(overwrite: true)
        #expect(forced.restored.contains("a.txt"))
        #expect(read("a.txt") == "one\n")
    }

    @Test func aTurnThatChangesNothingLeavesNoCheckpoint() async throws {
        try write("a.txt", "one\n")
        let c = checkpointer()
        _ = await c.beforeChange(promptIndex: 0)
        #expect(await c.finishTurn() == nil)
        #expect(await c.undo(overwrite: false).0.note?.contains("nothing to undo") == true)
    }

    @Test func rewindUndoesEveryLaterTurnAtOnce() async throws {
        let c = checkpointer()
        for (i, text) in ["one\n", "one\ntwo\n", "one\ntwo\nthree\n"].enumerated() {
            _ = await c.beforeChange(promptIndex: i * 2)
            try write("story.txt", text)
            if i == 2 { try write("extra.txt", "x\n") }
            #expect(await c.finishTurn() != nil)
        }
        #expect(c.hasChanges(after: 2))
        let (report, changed) = await c.rewind(after: 2, overwrite: false)
        #expect(changed == [2])
        #expect(report.restored.sorted() == ["extra.txt", "story.txt"])
        #expect(read("story.txt") == "one\ntwo\n")
        #expect(read("extra.txt") == nil)
        let (first, _) = await c.rewind(after: -1, overwrite: false)
        #expect(first.restored == ["story.txt"])
        #expect(read("story.txt") == nil)
    }

    @Test func theTranscriptKeepsCheckpointsRewindsAndTheirState() async throws {
        let c = checkpointer()
        _ = await c.beforeChange(promptIndex: 0)
        try write("a.txt", "one\n")
        let record = try #require(await c.finishTurn())
        let dir = root.appendingPathComponent("sessions")
        let t = Transcript(directory: dir, sessionId: "s1", meta: ["cwd": work.path])
        t.record(message: .user("first"))
        t.record(message: Message(role: .assistant, parts: [.text("done")]))
        t.recordCheckpoint(record)
        t.record(message: .user("second"))
        t.record(message: Message(role: .assistant, parts: [.text("also done")]))
        t.recordRewind(keep: 2)
        t.recordCheckpointState([0], undone: true)
        let loaded = try Transcript.load(t.url)
        #expect(loaded.history.map(\.text) == ["first", "done"])
        #expect(loaded.checkpoints.count == 1)
        #expect(loaded.checkpoints[0].before.tree == record.before.tree)
        #expect(loaded.checkpoints[0].after.tree == record.after.tree)
        #expect(loaded.checkpoints[0].promptIndex == 0)
        #expect(loaded.checkpoints[0].undone)
        // `sx sessions diff`: the session's change, from the transcript alone.
        t.recordCheckpointState([0], undone: false)
        let patch = try await Checkpointer.sessionPatch(
            transcript: t.url, snapshotsRoot: root.appendingPathComponent("snapshots"))
        #expect(patch?.contains("+one") == true)
    }

    @Test func gitMissingTurnsCheckpointsOffWithOneNotice() async throws {
        let c = Checkpointer { () throws(CheckpointUnavailable) -> CheckpointStore in
            throw CheckpointUnavailable(reason: "git is not installed")
        }
        let first = await c.beforeChange(promptIndex: 0)
        #expect(first.count == 1)
        #expect(first.first?.hasPrefix("checkpoints are off: git is not installed") == true)
        #expect(await c.beforeChange(promptIndex: 2).isEmpty)
        #expect(await c.finishTurn() == nil)
        #expect(await c.undo(overwrite: false).0.note == "git is not installed")
    }
}
