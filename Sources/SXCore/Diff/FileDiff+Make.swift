import Foundation

extension FileDiff {
    /// The diff between two versions of a file, with hunks as `git diff -U<context>` makes them.
    ///
    /// `old == nil` is a created file, `new == nil` a deleted one, a different `oldPath` a move (its hunks show any
    /// content change). A side with a NUL byte in its first 8,000 bytes or that is not UTF-8 makes the file `.binary`,
    /// without hunks. Lines split on "\n" only, so a "\r" stays part of the line and CRLF↔LF changes show.
    /// `oldMissingNewline` / `newMissingNewline` are set when that side lacks a final newline and its last line is shown
    /// in a hunk, exactly where git prints "\ No newline at end of file" (a flag for a line outside every hunk could not
    /// be placed in the patch text).
    public static func between(
        old: Data?, new: Data?, path: String, oldPath: String? = nil, context: Int = 3
    ) -> FileDiff {
        let movedFrom = oldPath.flatMap { $0 == path ? nil : $0 }
        if isBinary(old) || isBinary(new) {
            return FileDiff(path: path, oldPath: movedFrom, kind: .binary, hunks: [], added: 0, removed: 0)
        }
        let kind: Kind = old == nil ? .added : new == nil ? .deleted : movedFrom != nil ? .moved : .modified
        let a = SplitText(old ?? Data())
        let b = SplitText(new ?? Data())
        let ids = SplitText.ids(a, b)
        let changed = LineDiff.changes(ids: ids.old, ids.new, idCount: ids.count)
        let hunks = makeHunks(a, b, oldChanged: changed.old, newChanged: changed.new, context: max(0, context))
        var added = 0
        var removed = 0
        for hunk in hunks {
            for line in hunk.lines {
                if line.kind == .added { added += 1 } else if line.kind == .removed { removed += 1 }
            }
        }
        // The last line of a side is shown when the last hunk reaches the end of that side.
        let last = hunks.last
        let oldShowsEnd = last.map { $0.oldCount > 0 && $0.oldStart + $0.oldCount - 1 == a.count } ?? false
        let newShowsEnd = last.map { $0.newCount > 0 && $0.newStart + $0.newCount - 1 == b.count } ?? false
        return FileDiff(
            path: path, oldPath: kind == .moved ? movedFrom : nil, kind: kind, hunks: hunks,
            added: added, removed: removed,
            oldMissingNewline: a.missingNewline && oldShowsEnd, newMissingNewline: b.missingNewline && newShowsEnd)
    }

    /// Git's test: a NUL byte in the first 8,000 bytes; we also refuse what is not UTF-8 (it could not be shown).
    static func isBinary(_ data: Data?) -> Bool {
        guard let data, !data.isEmpty else { return false }
        if data.prefix(8000).contains(0) { return true }
        return String(validating: data, as: UTF8.self) == nil
    }

    private static func makeHunks(
        _ a: SplitText, _ b: SplitText, oldChanged: [Bool], newChanged: [Bool], context: Int
    ) -> [DiffHunk] {
        // Maximal runs of changes: old lines oldLo..<oldHi replaced by new lines newLo..<newHi.
        var blocks: [(oldLo: Int, oldHi: Int, newLo: Int, newHi: Int)] = []
        let n = oldChanged.count
        let m = newChanged.count
        var i = 0
        var j = 0
        while i < n || j < m {
            let oldMarked = i < n && oldChanged[i]
            let newMarked = j < m && newChanged[j]
            if oldMarked || newMarked || i >= n || j >= m {
                let (oldLo, newLo) = (i, j)
                while i < n, oldChanged[i] || j >= m { i += 1 }
                while j < m, newChanged[j] || i >= n { j += 1 }
                blocks.append((oldLo, i, newLo, j))
            } else {
                i += 1
                j += 1
            }
        }

        var hunks: [DiffHunk] = []
        var index = 0
        while index < blocks.count {
            // Blocks whose gap of unchanged lines is at most 2 × context share a hunk (their contexts touch).
            var endIndex = index
            while endIndex + 1 < blocks.count, blocks[endIndex + 1].oldLo - blocks[endIndex].oldHi <= 2 * context {
                endIndex += 1
            }
            let first = blocks[index]
            let lastBlock = blocks[endIndex]
            let before = min(context, first.oldLo, first.newLo)
            let after = min(context, n - lastBlock.oldHi, m - lastBlock.newHi)
            var lines: [DiffLine] = []
            for line in (first.oldLo - before)..<first.oldLo { lines.append(DiffLine(.context, a.text(line))) }
            for blockIndex in index...endIndex {
                let block = blocks[blockIndex]
                if blockIndex > index {
                    let previous = blocks[blockIndex - 1]
                    for line in previous.oldHi..<block.oldLo { lines.append(DiffLine(.context, a.text(line))) }
                }
                for line in block.oldLo..<block.oldHi { lines.append(DiffLine(.removed, a.text(line))) }
                for line in block.newLo..<block.newHi { lines.append(DiffLine(.added, b.text(line))) }
            }
            for line in lastBlock.oldHi..<(lastBlock.oldHi + after) { lines.append(DiffLine(.context, a.text(line))) }
            let oldLo = first.oldLo - before
            let oldCount = lastBlock.oldHi + after - oldLo
            let newLo = first.newLo - before
            let newCount = lastBlock.newHi + after - newLo
            // Git numbers an empty range by the line before it.
            hunks.append(
                DiffHunk(
                    oldStart: oldCount == 0 ? oldLo : oldLo + 1, oldCount: oldCount,
                    newStart: newCount == 0 ? newLo : newLo + 1, newCount: newCount, lines: lines))
            index = endIndex + 1
        }
        return hunks
    }
}

/// A file's bytes cut into lines at "\n" (line `i` is `bytes[starts[i]..<ends[i]]`, without its newline).
private struct SplitText {
    let bytes: [UInt8]
    var starts: [Int] = []
    var ends: [Int] = []
    let missingNewline: Bool

    init(_ data: Data) {
        let bytes = [UInt8](data)
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(start)
            ends.append(index)
            start = index + 1
        }
        missingNewline = start < bytes.count
        if missingNewline {
            starts.append(start)
            ends.append(bytes.count)
        }
        self.bytes = bytes
    }

    var count: Int { starts.count }

    func text(_ line: Int) -> String {
        guard line >= 0, line < starts.count else { return "" }
        return String(decoding: bytes[starts[line]..<ends[line]], as: UTF8.self)
    }

    /// Whether `line` is the final line and has no newline (it then differs from the same text with one).
    func lacksNewline(_ line: Int) -> Bool { missingNewline && line == starts.count - 1 }

    /// Dense ids for the lines of both texts: equal ids exactly when the bytes (and the final-newline state) are
    /// equal. An open-addressing table over a cheap 64-bit hash; far faster than a Dictionary of byte slices.
    static func ids(_ a: SplitText, _ b: SplitText) -> (old: [Int32], new: [Int32], count: Int) {
        var interner = Interner(lines: a.count + b.count)
        let old = interner.assign(a, side: false, other: b)
        let new = interner.assign(b, side: true, other: a)
        return (old, new, interner.idHash.count)
    }

    private struct Interner {
        var table: [Int32]
        let mask: Int
        var idHash: [UInt64] = []
        /// Where each id was first seen: which text (false: old) and which line.
        var idLine: [(side: Bool, line: Int)] = []

        init(lines: Int) {
            var capacity = 16
            while capacity < 2 * lines { capacity *= 2 }
            mask = capacity - 1
            table = [Int32](repeating: -1, count: capacity)
        }

        mutating func assign(_ text: SplitText, side: Bool, other: SplitText) -> [Int32] {
            var out = [Int32](repeating: 0, count: text.count)
            text.bytes.withUnsafeBytes { mine in
                other.bytes.withUnsafeBytes { theirs in
                    for line in 0..<text.count {
                        let bytes = UnsafeRawBufferPointer(rebasing: mine[text.starts[line]..<text.ends[line]])
                        let noEOL = text.lacksNewline(line)
                        let hash = SplitText.mix(bytes) ^ (noEOL ? 0x5bd1_e995 : 0)
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        while true {
                            let id = Int(table[slot])
                            if id < 0 {
                                table[slot] = Int32(idHash.count)
                                out[line] = Int32(idHash.count)
                                idHash.append(hash)
                                idLine.append((side, line))
                                break
                            }
                            if idHash[id] == hash {
                                let (knownSide, knownLine) = idLine[id]
                                let source = knownSide == side ? text : other
                                let buffer = knownSide == side ? mine : theirs
                                let known = UnsafeRawBufferPointer(
                                    rebasing: buffer[source.starts[knownLine]..<source.ends[knownLine]])
                                if source.lacksNewline(knownLine) == noEOL, SplitText.same(known, bytes) {
                                    out[line] = Int32(id)
                                    break
                                }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
            return out
        }
    }

    private static func same(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
        guard x.count == y.count else { return false }
        guard let xp = x.baseAddress, let yp = y.baseAddress else { return true }
        return memcmp(xp, yp, x.count) == 0
    }

    /// Eight bytes at a time, multiply-xorshift; good enough to spread lines over a table.
    private static func mix(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(buffer.count)
        var i = 0
        while i + 8 <= buffer.count {
            let word = buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < buffer.count {
            tail |= UInt64(buffer[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
