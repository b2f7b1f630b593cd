import Foundation

/// One file's change as a unified diff: what the tools report, the approval popup shows and `sx sessions diff`
/// prints. Paths are as the user reads them (relative to the workspace where they are inside it).
public struct FileDiff: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case modified, added, deleted, moved, binary
    }

    /// The file's path after the change (the new path of a move).
    public var path: String
    /// The path before a move; nil otherwise.
    public var oldPath: String?
    public var kind: Kind
    public var hunks: [DiffHunk]
    /// Lines added and removed in the whole file (also when `hunks` were cut short).
    public var added: Int
    public var removed: Int
    /// The old side had no newline at its end / the new side has none (git's "\ No newline at end of file").
    public var oldMissingNewline: Bool
    public var newMissingNewline: Bool

    public init(
        path: String, oldPath: String? = nil, kind: Kind, hunks: [DiffHunk], added: Int, removed: Int,
        oldMissingNewline: Bool = false, newMissingNewline: Bool = false
    ) {
        self.path = path
        self.oldPath = oldPath
        self.kind = kind
        self.hunks = hunks
        self.added = added
        self.removed = removed
        self.oldMissingNewline = oldMissingNewline
        self.newMissingNewline = newMissingNewline
    }

    private enum CodingKeys: String, CodingKey {
        case path, oldPath = "old_path", kind, hunks, added, removed
        case oldMissingNewline = "old_no_eol", newMissingNewline = "new_no_eol"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        oldPath = try c.decodeIfPresent(String.self, forKey: .oldPath)
        kind = try c.decode(Kind.self, forKey: .kind)
        hunks = try c.decodeIfPresent([DiffHunk].self, forKey: .hunks) ?? []
        added = try c.decodeIfPresent(Int.self, forKey: .added) ?? 0
        removed = try c.decodeIfPresent(Int.self, forKey: .removed) ?? 0
        oldMissingNewline = try c.decodeIfPresent(Bool.self, forKey: .oldMissingNewline) ?? false
        newMissingNewline = try c.decodeIfPresent(Bool.self, forKey: .newMissingNewline) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encodeIfPresent(oldPath, forKey: .oldPath)
        try c.encode(kind, forKey: .kind)
        if !hunks.isEmpty { try c.encode(hunks, forKey: .hunks) }
        try c.encode(added, forKey: .added)
        try c.encode(removed, forKey: .removed)
        if oldMissingNewline { try c.encode(true, forKey: .oldMissingNewline) }
        if newMissingNewline { try c.encode(true, forKey: .newMissingNewline) }
    }
}

/// One `@@ -oldStart,oldCount +newStart,newCount @@` block. Line numbers are 1-based as in unified diffs.
public struct DiffHunk: Sendable, Codable, Equatable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    public var lines: [DiffLine]

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine]) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = lines
    }

    /// Encoded compactly: the four numbers and each line as its unified-diff text (" ", "+" or "-" then the line).
    private enum CodingKeys: String, CodingKey { case old, new, lines }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let old = try c.decode([Int].self, forKey: .old)
        let new = try c.decode([Int].self, forKey: .new)
        guard old.count == 2, new.count == 2 else {
            throw DecodingError.dataCorruptedError(
                forKey: .old, in: c, debugDescription: "a hunk's old and new are [start, count]")
        }
        oldStart = old[0]
        oldCount = old[1]
        newStart = new[0]
        newCount = new[1]
        lines = try c.decode([String].self, forKey: .lines).map { DiffLine(unified: $0) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([oldStart, oldCount], forKey: .old)
        try c.encode([newStart, newCount], forKey: .new)
        try c.encode(lines.map(\.unified), forKey: .lines)
    }
}

public struct DiffLine: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case context, added, removed }
    public var kind: Kind
    /// The line without its newline.
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// The line as a unified diff writes it.
    public var unified: String {
        switch kind {
        case .context: " " + text
        case .added: "+" + text
        case .removed: "-" + text
        }
    }

    /// Reads a unified-diff line; anything not starting with "+" or "-" is context. The marker is one byte, read by
    /// bytes: a combining mark right after it belongs to the text, not to a "+" Character.
    public init(unified line: String) {
        let text = String(decoding: line.utf8.dropFirst(), as: UTF8.self)
        switch line.utf8.first {
        case UInt8(ascii: "+"): self.init(.added, text)
        case UInt8(ascii: "-"): self.init(.removed, text)
        case UInt8(ascii: " "): self.init(.context, text)
        default: self.init(.context, line)
        }
    }
}
