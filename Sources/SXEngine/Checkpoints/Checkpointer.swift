import Foundation
import SXCore

/// One turn's change to the workspace: the tree before its first change and after it ended.
struct TurnCheckpoint: Sendable, Equatable {
    /// Where the turn's prompt is in the session's history; nil once a compaction rebuilt the history (the code can
    /// still be undone, the conversation no longer rewound to it).
    var promptIndex: Int?
    var before: Snapshot
    var after: Snapshot
    var undone = false
}

/// The session's checkpoints: a snapshot of the workspace before the first change of every turn (file tools and
/// shell commands alike) and one when the turn ends, kept in a shadow git repository (`CheckpointStore`), so that
/// `/undo`, `/redo` and `/rewind` can put files back. Git runs on its own thread, never on Swift's shared pool.
///
/// A restore never overwrites silently what someone else changed since: a file that is neither as the turn left
/// it nor already as the restore wants it is a conflict, listed and left alone unless the person asks again with
/// `overwrite`.
public final class Checkpointer: @unchecked Sendable {
    private let lock = NSLock()
    private let open: @Sendable () throws(CheckpointUnavailable) -> CheckpointStore
    private var store: CheckpointStore?
    /// Why checkpoints are off (said once), nil while they work.
    private(set) var offReason: String?
    private var reported = false
    private var pending: (promptIndex: Int, before: Snapshot)?
    private(set) var records: [TurnCheckpoint] = []
    /// Indexes of records undone by `/undo`, the newest last: what `/redo` reapplies.
    private var redoStack: [Int] = []

    init(open: @escaping @Sendable () throws(CheckpointUnavailable) -> CheckpointStore) {
        self.open = open
    }

    /// Checkpoints for `workspace`, kept under `snapshots/<hash of the workspace's real path>`.
    public convenience init(workspace: String, snapshotsRoot: URL, maxFileBytes: Int = 10 << 20) {
        let dir = snapshotsRoot.appendingPathComponent(Self.workspaceKey(workspace)).path
        self.init { () throws(CheckpointUnavailable) -> CheckpointStore in
            try CheckpointStore(workspace: workspace, snapshotsDir: dir, maxFileBytes: maxFileBytes)
        }
    }

    /// A stable folder name for a workspace: 16 hex digits of FNV-1a over its path, then its last component.
    static func workspaceKey(_ workspace: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in workspace.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let name = (workspace as NSString).lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return String(format: "%016llx", hash) + (name.isEmpty ? "" : "-" + String(name.prefix(32)))
    }

    /// Records read back from a resumed session's transcript.
    func restoreRecords(_ saved: [TurnCheckpoint]) {
        lock.withLock { records = saved }
    }

    var hasPendingSnapshot: Bool { lock.withLock { pending != nil } }

    /// Snapshots the workspace before the first change of the turn whose prompt is at `promptIndex`. Returns the
    /// notices to show: checkpoints turning off (once), or files left out of the snapshot.
    func beforeChange(promptIndex: Int) async -> [String] {
        guard lock.withLock({ pending == nil }) else { return [] }
        let result = await run { store throws(CheckpointUnavailable) in try store.snapshot(label: "before") }
        switch result {
        case .success(let snapshot):
            lock.withLock { pending = (promptIndex, snapshot) }
            guard !snapshot.skipped.isEmpty else { return [] }
            let names = snapshot.skipped.prefix(3).joined(separator: ", ")
            let more = snapshot.skipped.count > 3 ? " and \(snapshot.skipped.count - 3) more" : ""
            return ["checkpoint: left out \(names)\(more) (over the size cap); /undo cannot restore them"]
        case .failure(let error): return offNotice(error)
        }
    }

    /// Ends the turn's checkpoint: the snapshot after it. Nil when the turn changed nothing (or none was taken).
    func finishTurn() async -> TurnCheckpoint? {
        guard
            let started = lock.withLock({ () -> (promptIndex: Int, before: Snapshot)? in
                defer { pending = nil }
                return pending
            })
        else { return nil }
        guard
            case .success(let after) = await run({ store throws(CheckpointUnavailable) in
                try store.snapshot(label: "after")
            }), after.tree != started.before.tree
        else { return nil }
        let record = TurnCheckpoint(promptIndex: started.promptIndex, before: started.before, after: after)
        lock.withLock {
            records.append(record)
            redoStack.removeAll()
        }
        return record
    }

    /// A compaction rebuilt the history: earlier turns are no longer places the conversation can go back to.
    func forgetPromptIndexes() {
        lock.withLock { for i in records.indices { records[i].promptIndex = nil } }
    }

    /// The conversation went back to `keptMessages`: turns after that point no longer exist in it.
    func forgetPrompts(from keptMessages: Int) {
        lock.withLock {
            for i in records.indices where (records[i].promptIndex ?? -1) >= keptMessages {
                records[i].promptIndex = nil
            }
        }
    }

    /// Whether any live (not undone) turn after the prompt at `promptIndex` changed files.
    func hasChanges(after promptIndex: Int) -> Bool {
        lock.withLock { records.contains { !$0.undone && ($0.promptIndex ?? -1) > promptIndex } }
    }

    // MARK: undo, redo, rewind

    /// `/undo`: the newest turn not yet undone goes back to its `before`.
    func undo(overwrite: Bool) async -> (RestoreReport, changed: [Int]) {
        guard let index = lock.withLock({ records.lastIndex { !$0.undone } }) else {
            return (RestoreReport(note: offReason ?? "nothing to undo: no turn has changed files yet"), [])
        }
        return await flip(index, undo: true, overwrite: overwrite)
    }

    /// `/redo`: the last undone turn's change is applied again.
    func redo(overwrite: Bool) async -> (RestoreReport, changed: [Int]) {
        guard let index = lock.withLock({ redoStack.last }) else {
            return (RestoreReport(note: offReason ?? "nothing to redo"), [])
        }
        return await flip(index, undo: false, overwrite: overwrite)
    }

    /// One turn's files from the side they are on to the other: back to `before` (undo) or forward to `after`.
    private func flip(_ index: Int, undo: Bool, overwrite: Bool) async -> (RestoreReport, changed: [Int]) {
        let record = lock.withLock { records[index] }
        let (now, target) = undo ? (record.after.tree, record.before.tree) : (record.before.tree, record.after.tree)
        let report = await restore([(expected: now, other: target)], target: target, overwrite: overwrite)
        guard report.conflicts.isEmpty || overwrite else { return (report, []) }
        lock.withLock {
            records[index].undone = undo
            if undo { redoStack.append(index) } else { redoStack.removeLast() }
        }
        return (report, [index])
    }

    /// `/rewind` of the code: every live turn after the prompt at `promptIndex` is undone at once, back to the
    /// tree before the oldest of them.
    func rewind(after promptIndex: Int, overwrite: Bool) async -> (RestoreReport, changed: [Int]) {
        let later = lock.withLock {
            records.indices.filter { !records[$0].undone && (records[$0].promptIndex ?? -1) > promptIndex }
        }
        guard let oldest = later.first else { return (RestoreReport(note: "no file changes after that turn"), []) }
        let (target, turns) = lock.withLock {
            (
                records[oldest].before.tree,
                later.reversed().map { (expected: records[$0].after.tree, other: records[$0].before.tree) }
            )
        }
        let report = await restore(turns, target: target, overwrite: overwrite)
        guard report.conflicts.isEmpty || overwrite else { return (report, []) }
        lock.withLock {
            for i in later { records[i].undone = true }
            redoStack.removeAll()
        }
        return (report, later)
    }

    /// Puts every file the `turns` changed (each as (the tree it should be in now, the other side)), newest turn
    /// first, into its state in `target`. A file already as `target` wants it counts as restored; one that is
    /// neither as its newest turn left it nor as `target` has it is a conflict.
    private func restore(_ turns: [(expected: String, other: String)], target: String, overwrite: Bool) async
        -> RestoreReport
    {
        let result = await run { store throws(CheckpointUnavailable) -> RestoreReport in
            let now = try store.snapshot(label: "now")
            let toTarget = try store.changes(from: now.tree, to: target)
            let differsFromTarget = Set(toTarget.map(\.path))
            var touched: [String] = []
            var conflicts: [String] = []
            var seen = Set<String>()
            for turn in turns {
                let drift = Set(try store.changes(from: turn.expected, to: now.tree).map(\.path))
                for file in try store.changes(from: turn.other, to: turn.expected) where !seen.contains(file.path) {
                    seen.insert(file.path)
                    touched.append(file.path)
                    if drift.contains(file.path) && differsFromTarget.contains(file.path) {
                        conflicts.append(file.path)
                    }
                }
            }
            if !conflicts.isEmpty && !overwrite {
                return RestoreReport(conflicts: conflicts.sorted())
            }
            let wanted = Set(touched)
            let files = toTarget.filter { wanted.contains($0.path) }
            let done = try store.restore(files, to: .after, force: true)
            let failed = done.failed.isEmpty ? nil : "could not write \(done.failed.sorted().joined(separator: ", "))"
            return RestoreReport(restored: done.restored.sorted(), note: failed)
        }
        switch result {
        case .success(let report): return report
        case .failure(let error): return RestoreReport(note: "cannot restore: \(error.reason)")
        }
    }

    /// The session's whole change as one patch: from before its first change to after its last live one.
    func sessionPatch() async -> String? {
        let (first, last) = lock.withLock { (records.first, records.last) }
        guard let first, let last else { return nil }
        let end = last.undone ? last.before.tree : last.after.tree
        guard
            case .success(let patch) = await run({ store throws(CheckpointUnavailable) in
                try store.patch(from: first.before.tree, to: end)
            })
        else { return nil }
        return patch
    }

    // MARK: running git off the pool

    private func offNotice(_ error: CheckpointUnavailable) -> [String] {
        lock.withLock {
            if offReason == nil { offReason = error.reason }
            if reported { return [] }
            reported = true
            return [
                "checkpoints are off: \(error.reason); /undo and /rewind of files are unavailable, the session goes on"
            ]
        }
    }

    /// Runs `body` with the store on a thread of its own (git may take a moment; the shared pool must not wait).
    private func run<T: Sendable>(
        _ body: @escaping @Sendable (CheckpointStore) throws(CheckpointUnavailable) -> T
    ) async -> Result<T, CheckpointUnavailable> {
        if let reason = lock.withLock({ offReason }) { return .failure(CheckpointUnavailable(reason: reason)) }
        let result: Result<T, CheckpointUnavailable> = await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(
                    returning: Result { () throws(CheckpointUnavailable) -> T in try body(try self.openStore()) })
            }
            thread.start()
        }
        if case .failure(let error) = result {
            // A store that never opened (no git, an unreadable workspace) turns checkpoints off for the session.
            lock.withLock { if store == nil && offReason == nil { offReason = error.reason } }
        }
        return result
    }

    /// Snapshots kept per workspace: the newest 2,000 (a few hundred turns with changes), none older than 30 days.
    static let keepNewest = 2_000
    static let maxAge: TimeInterval = 30 * 86_400

    /// Opens the store at first use, pruning old snapshots then (on this thread of its own, once per session).
    private func openStore() throws(CheckpointUnavailable) -> CheckpointStore {
        if let store = lock.withLock({ store }) { return store }
        let opened = try open()
        opened.prune(keepNewest: Self.keepNewest, maxAge: Self.maxAge)
        lock.withLock { store = opened }
        return opened
    }
}
