import Foundation

/// Why checkpoints cannot be taken or used right now. The agent keeps working without them and shows `description`
/// once, so the reason is a single line: "checkpoints are off: git is not installed".
public struct CheckpointUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without the "checkpoints are off" prefix (for git failures: git's first stderr line).
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "checkpoints are off: \(reason)" }
}

/// One snapshot of the whole workspace, as stored in the shadow repository.
public struct Snapshot: Sendable, Equatable, Codable {
    /// The 40-hex tree id of the workspace contents; `changes`, `patch` and restores compare trees.
    public var tree: String
    /// The commit wrapping `tree`, kept alive under `refs/sx/<n>` until `prune` drops it.
    public var commit: String
    /// Workspace-relative paths left out of this snapshot because they are over the size cap (a path ending in "/" is
    /// a folder left out, e.g. a repository nested deeper than the snapshot follows).
    public var skipped: [String]

    public init(tree: String, commit: String, skipped: [String]) {
        self.tree = tree
        self.commit = commit
        self.skipped = skipped
    }
}

/// One file that differs between two snapshots.
public struct ChangedFile: Sendable, Equatable {
    /// What git records of a file besides its bytes.
    public enum Mode: String, Sendable, Equatable, Codable {
        case regular
        case executable
        case symlink
    }

    /// Which of the two snapshots a restore brings back.
    public enum Side: Sendable, Equatable {
        case before
        case after
    }

    /// Workspace-relative path, "/"-separated.
    public var path: String
    /// The blob id in the older snapshot; nil when the file did not exist there.
    public var before: String?
    /// The blob id in the newer snapshot; nil when the file was deleted.
    public var after: String?
    /// The mode in the older snapshot; nil exactly when `before` is nil.
    public var beforeMode: Mode?
    /// The mode in the newer snapshot; nil exactly when `after` is nil.
    public var afterMode: Mode?

    public init(path: String, before: String?, after: String?, beforeMode: Mode?, afterMode: Mode?) {
        self.path = path
        self.before = before
        self.after = after
        self.beforeMode = beforeMode
        self.afterMode = afterMode
    }

    /// The blob and mode on one side.
    public func state(_ side: Side) -> (blob: String, mode: Mode)? {
        switch side {
        case .before: if let b = before, let m = beforeMode { return (b, m) }
        case .after: if let a = after, let m = afterMode { return (a, m) }
        }
        return nil
    }
}

extension ChangedFile.Side {
    /// The side a restore expects to find on disk.
    public var other: ChangedFile.Side { self == .before ? .after : .before }
}

/// What a restore did, path by path.
public struct RestoreResult: Sendable, Equatable {
    /// Paths now as the requested side has them.
    public var restored: [String]
    /// Paths that changed since the snapshot (the disk is not as the other side), left alone because `force` was off.
    public var conflicts: [String]
    /// Paths that could not be written or removed (permissions, a folder or a symlinked folder in the way).
    public var failed: [String]

    public init(restored: [String] = [], conflicts: [String] = [], failed: [String] = []) {
        self.restored = restored
        self.conflicts = conflicts
        self.failed = failed
    }
}
