import Foundation
import SXCore

/// One file a tool is about to change, worked out before anything is written: the approval popup shows its diff,
/// and the write applies exactly this.
struct FileChange: Sendable, Equatable {
    /// Resolved absolute path after the change (the destination of a move).
    var path: String
    /// The path as the user reads it (relative to the workspace when inside it).
    var shown: String
    /// The bytes before; nil when the file is created.
    var old: Data?
    /// The bytes after; nil when the file is deleted.
    var new: Data?
    /// The resolved and shown source of a move, deleted once the destination is written.
    var movedFrom: String?
    var movedFromShown: String?

    var diff: FileDiff { FileDiff.between(old: old, new: new, path: shown, oldPath: movedFromShown) }
}

/// What a file tool will do: its changes and the line the model reads once they are written.
struct FileChangePlan: Sendable, Equatable {
    var changes: [FileChange]
    var message: String
}

/// What a tool would do, shown before the person approves it.
public enum ToolPreview: Sendable, Equatable {
    case diffs([FileDiff])
    /// The call cannot work as given (no match, bad path): approving it only returns this error.
    case failure(String)
    case command(String, workingDirectory: String)
    /// Something the person must know before saying yes (`web_fetch` to a private address). A call with a
    /// warning is asked about even when its tool was approved for the session.
    case warning(String)
}

/// A tool that changes files: it plans first (pure: reads only), so the change can be previewed and is written
/// all or nothing.
protocol FileChangingTool: Tool {
    func plan(arguments: String, context: ToolContext) throws(ToolFailure) -> FileChangePlan
}

extension FileChangingTool {
    var isMutating: Bool { true }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        ToolOutcome.catching { () throws(ToolFailure) -> ToolOutcome in
            let plan = try plan(arguments: arguments, context: context)
            try FileChangeWriter.apply(plan.changes, tool: spec.name)
            var outcome = ToolOutcome.ok(plan.message)
            outcome.result.diffs = plan.changes.map(\.diff)
            return outcome
        }
    }

    public func preview(arguments: String, context: ToolContext) -> ToolPreview? {
        do { return .diffs(try plan(arguments: arguments, context: context).changes.map(\.diff)) } catch {
            return .failure(error.message)
        }
    }
}

/// Writes a plan's changes; when one fails, the files already written are put back, so nothing is half-applied.
enum FileChangeWriter {
    static func apply(_ changes: [FileChange], tool: String) throws(ToolFailure) {
        var done: [FileChange] = []
        for change in changes {
            do {
                try write(change, tool: tool)
                done.append(change)
            } catch {
                for written in done.reversed() { undo(written) }
                throw error
            }
        }
    }

    private static func write(_ change: FileChange, tool: String) throws(ToolFailure) {
        if let new = change.new {
            try AtomicFile.write(new, to: change.path, tool: tool, shown: change.shown)
        } else {
            try remove(change.path, shown: change.shown, tool: tool)
        }
        if let source = change.movedFrom, source != change.path {
            try remove(source, shown: change.movedFromShown ?? source, tool: tool)
        }
    }

    private static func remove(_ path: String, shown: String, tool: String) throws(ToolFailure) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ToolFailure("\(tool): cannot delete '\(shown)': \(String(cString: strerror(errno)))")
        }
    }

    /// Best effort: the bytes from before, or the created file removed.
    private static func undo(_ change: FileChange) {
        if let source = change.movedFrom, let old = change.old {
            try? AtomicFile.write(old, atPath: source, mode: .likeAnEditor)
            if source != change.path { unlink(change.path) }
            return
        }
        if let old = change.old {
            try? AtomicFile.write(old, atPath: change.path, mode: .likeAnEditor)
        } else {
            unlink(change.path)
        }
    }
}
