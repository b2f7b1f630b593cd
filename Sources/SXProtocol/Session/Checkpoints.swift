import Foundation

/// A turn the conversation can go back to (`/rewind`): its number, its prompt, and whether later turns changed
/// files that a code rewind would put back.
public struct RewindPoint: Sendable, Equatable {
    /// 1-based, counted from the start of the conversation as it is now (after the last compaction).
    public var turn: Int
    public var prompt: String
    /// Later turns changed files (a code rewind has something to restore).
    public var laterChanges: Bool

    public init(turn: Int, prompt: String, laterChanges: Bool) {
        self.turn = turn
        self.prompt = prompt
        self.laterChanges = laterChanges
    }
}

/// What `/rewind` goes back on: the files, the conversation, or both.
public enum RewindScope: String, Sendable, Equatable, CaseIterable {
    case code, conversation, both
}

/// What an undo, redo or rewind did: one line per file put back, the files left alone because the person changed
/// them since (they are only overwritten when asked again with `overwrite`), and a one-line note when there was
/// nothing to do or checkpoints are off.
public struct RestoreReport: Sendable, Equatable {
    public var restored: [String]
    public var conflicts: [String]
    public var note: String?
    /// The conversation went back to this many turns.
    public var keptTurns: Int?

    public init(restored: [String] = [], conflicts: [String] = [], note: String? = nil, keptTurns: Int? = nil) {
        self.restored = restored
        self.conflicts = conflicts
        self.note = note
        self.keptTurns = keptTurns
    }
}
