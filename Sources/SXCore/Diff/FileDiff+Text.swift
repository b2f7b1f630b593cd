import Foundation

extension FileDiff {
    /// This file as a git-style unified patch: `--- a/old` / `+++ b/new` (`/dev/null` for a missing side), hunks, and
    /// "\ No newline at end of file" where a side lacks its final newline. A binary file is git's
    /// `Binary files a/x and b/y differ`, a move without content change `rename from` / `rename to`, and an unchanged
    /// file the empty string.
    public var unified: String {
        let oldName = oldPath ?? path
        if kind == .binary {
            return "Binary files \(Self.quoted("a/" + oldName)) and \(Self.quoted("b/" + path)) differ\n"
        }
        if hunks.isEmpty {
            switch kind {
            case .moved: return "rename from \(Self.quoted(oldName))\nrename to \(Self.quoted(path))\n"
            case .modified, .binary: return ""
            case .added, .deleted: break
            }
        }
        var out = "--- " + (kind == .added ? "/dev/null" : Self.quoted("a/" + oldName)) + "\n"
        out += "+++ " + (kind == .deleted ? "/dev/null" : Self.quoted("b/" + path)) + "\n"
        for (index, hunk) in hunks.enumerated() {
            out += "@@ -\(Self.range(hunk.oldStart, hunk.oldCount)) +\(Self.range(hunk.newStart, hunk.newCount)) @@\n"
            let isLast = index == hunks.count - 1
            // The markers belong after the last line of a side, which only the last hunk can hold.
            let oldEnd = isLast && oldMissingNewline ? hunk.oldCount : -1
            let newEnd = isLast && newMissingNewline ? hunk.newCount : -1
            var oldSeen = 0
            var newSeen = 0
            for line in hunk.lines {
                out += line.unified + "\n"
                var marker = false
                if line.kind != .added {
                    oldSeen += 1
                    marker = marker || oldSeen == oldEnd
                }
                if line.kind != .removed {
                    newSeen += 1
                    marker = marker || newSeen == newEnd
                }
                if marker { out += "\\ No newline at end of file\n" }
            }
        }
        return out
    }

    /// One line for lists and logs: `edited src/a.swift +12 −3`, `created x +5`, `deleted y −5`,
    /// `moved a → b +1 −1`, `binary file x changed`.
    public var summary: String {
        let counts = "+\(added) \u{2212}\(removed)"
        switch kind {
        case .modified: return "edited \(path) \(counts)"
        case .added: return "created \(path) +\(added)"
        case .deleted: return "deleted \(path) \u{2212}\(removed)"
        case .moved:
            let move = "moved \(oldPath ?? path) → \(path)"
            return added == 0 && removed == 0 ? move : "\(move) \(counts)"
        case .binary:
            if let oldPath { return "binary file \(oldPath) → \(path) changed" }
            return "binary file \(path) changed"
        }
    }

    /// The patches of several files, one after the other.
    public static func unifiedPatch(_ diffs: [FileDiff]) -> String {
        diffs.map(\.unified).joined()
    }

    /// `start,count`, or just `start` when the count is 1 (as git writes it).
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    /// A path as git writes it: in C-style quotes when it holds a quote, a backslash or a control character.
    static func quoted(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F })
        else { return name }
        var out = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let octal = String(scalar.value, radix: 8)
                    out += "\\" + String(repeating: "0", count: max(0, 3 - octal.count)) + octal
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

// MARK: - Reading git's unified diffs

extension FileDiff {
    /// Reads `git diff` output (or `unifiedPatch` output) back into diffs: `diff --git` headers, new/deleted file
    /// modes, renames, `Binary files … differ`, `---` / `+++`, hunks and "\ No newline at end of file". Lenient:
    /// whatever it does not understand is skipped, and it never fails.
    public static func parseUnified(_ text: String) -> [FileDiff] {
        var parser = UnifiedParser()
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            parser.feed(String(decoding: line, as: UTF8.self))
        }
        parser.finish()
        return parser.diffs
    }
}

/// The line-by-line state of `parseUnified`.
private struct UnifiedParser {
    /// What is known about the file being read.
    struct Entry {
        var headerOld: String?
        var headerNew: String?
        var minusName: String?
        var plusName: String?
        var renameFrom: String?
        var renameTo: String?
        var created = false
        var deleted = false
        var binary = false
        var hunks: [DiffHunk] = []
        var oldMissingNewline = false
        var newMissingNewline = false
        /// Started by `diff --git`: the header lines that follow (renames, `---`, binary notice) belong to it.
        var gitHeader = false

        /// Whether a `---` line, a rename or a binary notice still belongs to this file rather than a new one.
        var acceptsBody: Bool {
            hunks.isEmpty && minusName == nil && !binary && (gitHeader || renameFrom == nil)
        }
    }

    var diffs: [FileDiff] = []
    var entry: Entry?
    /// The hunk being read and how many old / new lines it still expects.
    var hunk: DiffHunk?
    var oldLeft = 0
    var newLeft = 0
    /// A `---` line waiting for its `+++`.
    var pendingMinus: String?

    mutating func feed(_ line: String) {
        if hunk != nil, oldLeft > 0 || newLeft > 0, readHunkLine(line) { return }
        closeHunk()
        if let minus = pendingMinus {
            pendingMinus = nil
            if line.hasPrefix("+++ ") {
                if entry?.acceptsBody != true { startEntry() }
                entry?.minusName = minus
                entry?.plusName = Self.name(String(line.dropFirst(4)))
                return
            }
        }
        if line.hasPrefix("\\") {
            markMissingNewline()
        } else if line.hasPrefix("diff --git ") {
            startEntry()
            entry?.gitHeader = true
            let names = Self.headerNames(String(line.dropFirst("diff --git ".count)))
            entry?.headerOld = names?.old
            entry?.headerNew = names?.new
        } else if line.hasPrefix("--- ") {
            pendingMinus = Self.name(String(line.dropFirst(4)))
        } else if line.hasPrefix("@@ ") {
            startHunk(line)
        } else if line.hasPrefix("new file mode") {
            entry?.created = true
        } else if line.hasPrefix("deleted file mode") {
            entry?.deleted = true
        } else if line.hasPrefix("rename from ") {
            if entry?.acceptsBody != true { startEntry() }
            entry?.renameFrom = Self.unquote(Self.trimmed(String(line.dropFirst("rename from ".count))))
        } else if line.hasPrefix("rename to ") {
            if entry == nil { startEntry() }
            entry?.renameTo = Self.unquote(Self.trimmed(String(line.dropFirst("rename to ".count))))
        } else if line.hasPrefix("Binary files "), line.hasSuffix(" differ") || line.hasSuffix(" differ\r") {
            if entry?.acceptsBody != true { startEntry() }
            entry?.binary = true
            if let names = Self.binaryNames(line) {
                if entry?.minusName == nil { entry?.minusName = names.old }
                if entry?.plusName == nil { entry?.plusName = names.new }
            }
        } else if line.hasPrefix("GIT binary patch") {
            entry?.binary = true
        }
    }

    mutating func finish() {
        closeHunk()
        finishEntry()
    }

    /// One line inside a hunk; false when the line cannot belong to it (the hunk then ends early).
    private mutating func readHunkLine(_ line: String) -> Bool {
        guard var current = hunk else { return false }
        switch line.utf8.first {
        case UInt8(ascii: " "), nil:
            current.lines.append(DiffLine(.context, Self.body(line)))
            oldLeft -= 1
            newLeft -= 1
        case UInt8(ascii: "-"):
            current.lines.append(DiffLine(.removed, Self.body(line)))
            oldLeft -= 1
        case UInt8(ascii: "+"):
            current.lines.append(DiffLine(.added, Self.body(line)))
            newLeft -= 1
        case UInt8(ascii: "\\"):
            hunk = current
            markMissingNewline()
            return true
        default:
            return false
        }
        hunk = current
        return true
    }

    /// A hunk line without its one-byte marker (by bytes: a combining mark after "+" is part of the text).
    private static func body(_ line: String) -> String {
        String(decoding: line.utf8.dropFirst(), as: UTF8.self)
    }

    /// "\ No newline at end of file" after a hunk line: that line's side(s) lack the final newline.
    private mutating func markMissingNewline() {
        let lastLine = hunk?.lines.last ?? entry?.hunks.last?.lines.last
        guard let lastLine else { return }
        if lastLine.kind != .added { entry?.oldMissingNewline = true }
        if lastLine.kind != .removed { entry?.newMissingNewline = true }
    }

    private mutating func startHunk(_ line: String) {
        // "@@ -a[,b] +c[,d] @@ section"
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+"),
            let old = Self.rangeNumbers(fields[1].dropFirst()), let new = Self.rangeNumbers(fields[2].dropFirst())
        else { return }
        if entry == nil { startEntry() }
        hunk = DiffHunk(oldStart: old.start, oldCount: old.count, newStart: new.start, newCount: new.count, lines: [])
        oldLeft = old.count
        newLeft = new.count
    }

    private mutating func closeHunk() {
        guard let done = hunk else { return }
        hunk = nil
        oldLeft = 0
        newLeft = 0
        entry?.hunks.append(done)
    }

    private mutating func startEntry() {
        closeHunk()
        finishEntry()
        entry = Entry()
    }

    private mutating func finishEntry() {
        guard let e = entry else { return }
        entry = nil
        let oldName = e.renameFrom ?? e.minusName ?? e.headerOld
        let newName = e.renameTo ?? e.plusName ?? e.headerNew
        let created = e.created || oldName == nil || oldName == "/dev/null"
        let deleted = e.deleted || newName == nil || newName == "/dev/null"
        guard let path = deleted ? oldName : newName, path != "/dev/null" else { return }
        let moved = !created && !deleted && oldName != newName ? oldName : nil
        var added = 0
        var removed = 0
        for hunk in e.hunks {
            for line in hunk.lines {
                if line.kind == .added { added += 1 } else if line.kind == .removed { removed += 1 }
            }
        }
        let kind: FileDiff.Kind =
            e.binary ? .binary : created ? .added : deleted ? .deleted : moved != nil ? .moved : .modified
        diffs.append(
            FileDiff(
                path: path, oldPath: moved, kind: kind, hunks: e.binary ? [] : e.hunks,
                added: e.binary ? 0 : added, removed: e.binary ? 0 : removed,
                oldMissingNewline: e.oldMissingNewline && !e.binary,
                newMissingNewline: e.newMissingNewline && !e.binary))
    }

    /// `start[,count]` of a hunk header; the count defaults to 1.
    private static func rangeNumbers(_ text: Substring) -> (start: Int, count: Int)? {
        let parts = text.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let start = Int(first), start >= 0 else { return nil }
        guard parts.count == 2 else { return (start, 1) }
        guard let count = Int(parts[1]), count >= 0 else { return nil }
        return (start, count)
    }

    /// A `---` / `+++` name without its `a/` / `b/` prefix (or a trailing tab and timestamp).
    private static func name(_ raw: String) -> String {
        var text = trimmed(raw)
        if text.hasPrefix("\"") {
            text = unquote(text)
        } else if let tab = text.firstIndex(of: "\t") {
            text = String(text[..<tab])
        }
        return stripPrefix(text)
    }

    private static func stripPrefix(_ name: String) -> String {
        if name.hasPrefix("a/") || name.hasPrefix("b/") { return String(name.dropFirst(2)) }
        return name
    }

    /// Drops a "\r" left by a patch with CRLF line ends.
    private static func trimmed(_ text: String) -> String {
        text.utf8.last == 0x0D ? String(decoding: text.utf8.dropLast(), as: UTF8.self) : text
    }

    /// The two names of `diff --git a/x b/y`; with spaces in names the split that gives equal names wins.
    private static func headerNames(_ rest: String) -> (old: String, new: String)? {
        let text = trimmed(rest)
        if text.hasPrefix("\"") {
            guard let (first, remainder) = splitQuoted(text) else { return nil }
            let second = remainder.drop { $0 == " " }
            return (stripPrefix(first), stripPrefix(unquote(String(second))))
        }
        var candidates: [(String, String)] = []
        var search = text.startIndex
        while let hit = text.range(of: " b/", range: search..<text.endIndex) {
            candidates.append((String(text[..<hit.lowerBound]), String(text[text.index(after: hit.lowerBound)...])))
            search = hit.upperBound
        }
        if let hit = text.range(of: " \"") {
            candidates.append(
                (String(text[..<hit.lowerBound]), unquote(String(text[text.index(after: hit.lowerBound)...]))))
        }
        let pairs = candidates.map { (stripPrefix($0.0), stripPrefix($0.1)) }
        return pairs.first { $0.0 == $0.1 } ?? pairs.first
    }

    /// The names of `Binary files a/x and b/y differ`.
    private static func binaryNames(_ line: String) -> (old: String, new: String)? {
        var text = trimmed(line)
        text = String(text.dropFirst("Binary files ".count).dropLast(" differ".count))
        for separator in [" and b/", " and /dev/null", " and \""] {
            if let hit = text.range(of: separator, options: .backwards) {
                let old = String(text[..<hit.lowerBound])
                let new = String(text[text.index(hit.lowerBound, offsetBy: 5)...])
                return (name(old), name(new))
            }
        }
        return nil
    }

    /// A C-style quoted name split from what follows it.
    private static func splitQuoted(_ text: String) -> (String, Substring)? {
        var escaped = false
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let c = text[index]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                let end = text.index(after: index)
                return (unquote(String(text[..<end])), text[end...])
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Undoes git's C-style quoting (`"a/caf\303\251"`); text not in quotes is returned as it is.
    static func unquote(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else { return text }
        var out: [UInt8] = []
        var i = 1
        while i < bytes.count - 1 {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < bytes.count - 1 else {
                out.append(byte)
                i += 1
                continue
            }
            let next = bytes[i + 1]
            i += 2
            switch next {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(next - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, i < bytes.count - 1, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[i]) {
                    value = value * 8 + Int(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                    digits += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            default: out.append(next)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
