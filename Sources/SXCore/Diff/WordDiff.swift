import Foundation

/// Which parts of a replaced line changed, for highlighting inside a removed / added pair.
public enum WordDiff {
    /// The changed parts of `old` and `new` as Character offsets (the TUI draws by Character). Lines are cut into
    /// words (letters, digits, underscores), whitespace runs and single other characters; the token lists are diffed
    /// and adjacent changed tokens merged. Lines with less than a third of their characters in common come back
    /// changed as a whole (`[0..<count]` on both sides); equal lines give no ranges.
    public static func changedRanges(old: String, new: String) -> (old: [Range<Int>], new: [Range<Int>]) {
        if old.utf8.elementsEqual(new.utf8) { return ([], []) }
        let a = tokens(old)
        let b = tokens(new)
        let oldCount = a.last?.range.upperBound ?? 0
        let newCount = b.last?.range.upperBound ?? 0
        let whole = ([0..<oldCount], [0..<newCount])
        var ids: [TokenText: Int32] = [:]
        func id(_ token: Token) -> Int32 {
            let fresh = Int32(truncatingIfNeeded: ids.count)
            let known = ids[token.key, default: fresh]
            if known == fresh { ids[token.key] = fresh }
            return known
        }
        let aIds = a.map(id)
        let bIds = b.map(id)
        let marks = LineDiff.changes(ids: aIds, bIds, idCount: ids.count)
        let edits = LineDiff.script(old: marks.old, new: marks.new)
        var common = 0
        var oldRanges: [Range<Int>] = []
        var newRanges: [Range<Int>] = []
        for edit in edits {
            switch edit {
            case .equal(let i, _): common += a[i].range.count
            case .delete(let i): append(a[i].range, to: &oldRanges)
            case .insert(let j): append(b[j].range, to: &newRanges)
            }
        }
        if common * 3 < max(oldCount, newCount) { return whole }
        return (oldRanges, newRanges)
    }

    /// Pairs each removed line with the added line at the same position of the block that directly follows it (the
    /// i-th of a run of removed lines with the i-th of the next run of added lines); indexes into `lines`.
    public static func pairs(in lines: [DiffLine]) -> [(removed: Int, added: Int)] {
        var out: [(removed: Int, added: Int)] = []
        var i = 0
        while i < lines.count {
            guard lines[i].kind == .removed else {
                i += 1
                continue
            }
            let removedStart = i
            while i < lines.count, lines[i].kind == .removed { i += 1 }
            let addedStart = i
            while i < lines.count, lines[i].kind == .added { i += 1 }
            for k in 0..<min(addedStart - removedStart, i - addedStart) {
                out.append((removedStart + k, addedStart + k))
            }
        }
        return out
    }

    private static func append(_ range: Range<Int>, to ranges: inout [Range<Int>]) {
        if let last = ranges.last, last.upperBound == range.lowerBound {
            ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
        } else {
            ranges.append(range)
        }
    }

    private enum TokenClass { case word, space, other }

    /// A token's text and where it sits, in Characters.
    private struct Token {
        var key: TokenText
        var range: Range<Int>
    }

    /// Token text compared by bytes: canonically equivalent spellings are still a change.
    private struct TokenText: Hashable {
        let text: Substring

        static func == (lhs: TokenText, rhs: TokenText) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

        func hash(into hasher: inout Hasher) {
            let done: Void? = text.utf8.withContiguousStorageIfAvailable {
                hasher.combine(bytes: UnsafeRawBufferPointer($0))
            }
            if done == nil {
                for byte in text.utf8 { hasher.combine(byte) }
            }
            hasher.combine(text.utf8.count)
        }
    }

    private static func classify(_ character: Character) -> TokenClass {
        if let ascii = character.asciiValue {  // the common case, without Unicode property look-ups
            switch ascii {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                return .word
            case 0x09...0x0D, 0x20: return .space
            default: return .other
            }
        }
        if character.isLetter || character.isNumber { return .word }
        return character.isWhitespace ? .space : .other
    }

    private static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var currentClass = TokenClass.other
        var tokenStart = text.startIndex
        var start = 0
        var offset = 0
        var index = text.startIndex
        while index < text.endIndex {
            let cls = classify(text[index])
            if offset > start, cls != currentClass || cls == .other {
                out.append(Token(key: TokenText(text: text[tokenStart..<index]), range: start..<offset))
                tokenStart = index
                start = offset
            }
            currentClass = cls
            offset += 1
            index = text.index(after: index)
        }
        if offset > start { out.append(Token(key: TokenText(text: text[tokenStart...]), range: start..<offset)) }
        return out
    }
}
