import Foundation

/// Computes what a `Patch` does to the files it names, without touching the disk.
///
/// Pure: files are read only through `read`, and the complete old and new contents of every file are returned, so a
/// patch that fails anywhere changes nothing; the caller writes the results only after `apply` returns.
///
/// Chunk matching follows openai/codex `codex-rs/apply-patch/src/lib.rs` (`compute_replacements`) and
/// `codex-rs/apply-patch/src/seek_sequence.rs`: chunks are located in order, each searched from where the previous one
/// ended; a chunk's `@@` context line is found first and the search continues after it; the old lines are tried
/// exactly, then ignoring trailing white space, then ignoring surrounding white space, then with typographic
/// punctuation normalised; an `*** End of File` chunk must match the last lines; a chunk with no old lines is
/// inserted at the end of the file (before a final empty line). Line endings follow
/// `codex-rs/apply-patch/src/text_file.rs`: lines are matched without their "\r", untouched lines keep their own
/// ending, new lines take the ending of the file's first line, and the result always ends with a line ending.
///
/// sx is stricter than Codex where Codex overwrites: adding a file that exists and moving onto an existing file are
/// errors, as are two operations on one path and updating a binary file. It is more lenient in one place: when old
/// lines ending in empty lines are not found, all trailing empty lines are dropped before retrying (Codex drops one).
/// Swift's `String ==` compares canonically equivalent text as equal, so "exact" also accepts NFC/NFD variants.
enum PatchApplier {
    /// Applies `patch` to the files `read` returns (nil = no such file) and returns one `PatchedFile` per operation,
    /// in patch order.
    static func apply(_ patch: Patch, read: (String) -> Data?) throws(PatchError) -> [PatchedFile] {
        var seen: Set<String> = []
        for operation in patch.operations {
            var paths = [operation.path]
            if case .update(let path, let moveTo?, _) = operation, moveTo != path { paths.append(moveTo) }
            for path in paths where !seen.insert(path).inserted {
                throw .file(path, "more than one operation in this patch touches this path; combine them into one")
            }
        }
        var results: [PatchedFile] = []
        results.reserveCapacity(patch.operations.count)
        for operation in patch.operations {
            switch operation {
            case .add(let path, let content):
                if read(path) != nil {
                    throw .file(path, "cannot add: the file already exists; use '*** Update File:' to change it")
                }
                results.append(PatchedFile(path: path, moveTo: nil, old: nil, new: Data(content.utf8)))
            case .delete(let path):
                guard let old = read(path) else { throw .file(path, "cannot delete: no such file") }
                results.append(PatchedFile(path: path, moveTo: nil, old: old, new: nil))
            case .update(let path, let moveTo, let chunks):
                guard let old = read(path) else { throw .file(path, "cannot update: no such file") }
                let destination = moveTo == path ? nil : moveTo
                if let destination, read(destination) != nil {
                    throw .file(destination, "cannot move '\(path)' here: the file already exists")
                }
                guard !old.contains(0), let text = String(validating: old, as: UTF8.self) else {
                    throw .file(path, "is a binary file; apply_patch only edits UTF-8 text")
                }
                let updated = try updatedText(text, path: path, chunks: chunks)
                results.append(PatchedFile(path: path, moveTo: destination, old: old, new: Data(updated.utf8)))
            }
        }
        return results
    }

    /// A replacement of `oldCount` file lines at `start` by `lines`, in terms of the original file.
    private struct Replacement {
        var start: Int
        var oldCount: Int
        var lines: [String]
        var order: Int
    }

    /// The new text of a file after applying `chunks`, or the error for the first chunk that does not match.
    static func updatedText(_ text: String, path: String, chunks: [PatchChunk]) throws(PatchError) -> String {
        let (lines, crlf) = PatchText.lines(text)
        var matcher = LineMatcher(lines: lines)
        var replacements: [Replacement] = []
        var lineIndex = 0
        for chunk in chunks {
            for context in chunk.contexts {
                guard let found = matcher.seek([context], from: lineIndex, atEnd: false) else {
                    throw .file(
                        path,
                        "hunk at patch line \(chunk.patchLine) does not match the file (@@ context "
                            + "\"\(PatchParser.clipped(context))\" not found at or after line \(lineIndex + 1))")
                }
                lineIndex = found + 1
            }
            if chunk.oldLines.isEmpty {
                let start = lines.last == "" ? lines.count - 1 : lines.count
                replacements.append(
                    Replacement(start: start, oldCount: 0, lines: chunk.newLines, order: replacements.count))
                continue
            }
            var pattern = chunk.oldLines[...]
            var newLines = chunk.newLines[...]
            var found = matcher.seek(pattern, from: lineIndex, atEnd: chunk.isEndOfFile)
            if found == nil, pattern.last == "" {
                // A trailing empty old line often stands for the file's final newline, which is not a line here
                // (Codex retries without one; sx drops every trailing empty line, as blank lines before
                // `*** End Patch` are common).
                while pattern.last == "" {
                    pattern = pattern.dropLast()
                    if newLines.last == "" { newLines = newLines.dropLast() }
                }
                found = matcher.seek(pattern, from: lineIndex, atEnd: chunk.isEndOfFile)
            }
            guard let start = found else {
                throw mismatch(&matcher, pattern: pattern, from: lineIndex, chunk: chunk, path: path)
            }
            replacements.append(
                Replacement(start: start, oldCount: pattern.count, lines: Array(newLines), order: replacements.count))
            lineIndex = start + pattern.count
        }
        replacements.sort { ($0.start, $0.order) < ($1.start, $1.order) }

        // The first line ending decides how new lines end (openai/codex `codex-rs/apply-patch/src/text_file.rs`).
        let preferred = crlf.first.flatMap { $0 } == true ? "\r\n" : "\n"
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 64)
        func emitOriginal(_ range: Range<Int>) {
            for index in range {
                out += lines[index]
                switch crlf[index] {
                case true?: out += "\r\n"
                case false?: out += "\n"
                case nil: out += preferred
                }
            }
        }
        var source = 0
        for replacement in replacements {
            let start = max(replacement.start, source)
            emitOriginal(source..<start)
            for line in replacement.lines {
                out += line
                out += preferred
            }
            source = max(source, min(lines.count, replacement.start + replacement.oldCount))
        }
        emitOriginal(source..<lines.count)
        return out
    }

    /// The error for a chunk whose old lines were not found, naming the first line that could not be matched and
    /// where: the position (at or after `from`) where the longest leading part of the chunk matches, compared as
    /// leniently as the search does.
    private static func mismatch(
        _ matcher: inout LineMatcher, pattern: ArraySlice<String>, from: Int, chunk: PatchChunk, path: String
    ) -> PatchError {
        let prefix = "hunk at patch line \(chunk.patchLine) does not match the"
        let (matched, position) = matcher.longestPrefix(pattern, from: from)
        if matched == pattern.count {
            return .file(
                path,
                "\(prefix) end of the file (its lines were found at line \(position + 1), but the hunk is marked "
                    + "'*** End of File')")
        }
        let expected = PatchParser.clipped(pattern[pattern.startIndex + matched])
        return .file(path, "\(prefix) file (expected \"\(expected)\" at or after line \(position + matched + 1))")
    }
}

/// Finds runs of lines in a file with Codex's four levels of strictness, building the lenient forms of the file's
/// lines only once, and only if a search needs them.
private struct LineMatcher {
    let lines: [String]
    private var trimmedEnd: [Substring]?
    private var trimmed: [Substring]?
    private var normalised: [String]?

    init(lines: [String]) {
        self.lines = lines
    }

    /// The index where `pattern` starts at or after `from`, or nil. With `atEnd`, only the position that puts the
    /// pattern's last line on the file's last line is tried (openai/codex `codex-rs/apply-patch/src/seek_sequence.rs`
    /// with `eof`), and it must not lie before `from`. An empty pattern matches at `from`.
    mutating func seek<C: Collection>(_ pattern: C, from: Int, atEnd: Bool) -> Int? where C.Element == String {
        if pattern.isEmpty { return from }
        guard pattern.count <= lines.count else { return nil }
        let last = lines.count - pattern.count
        let first = atEnd ? last : from
        guard first >= from, first <= last else { return nil }
        let candidates = first...last
        if let found = search(candidates, lines, pattern.map { $0 }) { return found }
        if trimmedEnd == nil { trimmedEnd = lines.map { PatchText.trimmedEnd($0) } }
        if let keys = trimmedEnd, let found = search(candidates, keys, pattern.map { PatchText.trimmedEnd($0) }) {
            return found
        }
        if trimmed == nil { trimmed = lines.map { PatchText.trimmed($0) } }
        if let keys = trimmed, let found = search(candidates, keys, pattern.map { PatchText.trimmed($0) }) {
            return found
        }
        if normalised == nil { normalised = lines.map { PatchText.normalised($0) } }
        if let keys = normalised, let found = search(candidates, keys, pattern.map { PatchText.normalised($0) }) {
            return found
        }
        return nil
    }

    /// The first index in `candidates` where `keys` continues with `pattern`.
    private func search<K: Equatable>(_ candidates: ClosedRange<Int>, _ keys: [K], _ pattern: [K]) -> Int? {
        guard let head = pattern.first else { return candidates.lowerBound }
        outer: for index in candidates where keys[index] == head {
            for offset in 1..<pattern.count where keys[index + offset] != pattern[offset] {
                continue outer
            }
            return index
        }
        return nil
    }

    /// The longest leading part of `pattern` found at or after `from` (compared after normalising), as (number of
    /// lines matched, file index where that run starts). With no line matched, the position is `from`.
    mutating func longestPrefix(_ pattern: ArraySlice<String>, from: Int) -> (Int, Int) {
        if normalised == nil { normalised = lines.map { PatchText.normalised($0) } }
        let keys = normalised ?? []
        let wanted = pattern.map { PatchText.normalised($0) }
        var best = (0, from)
        var index = from
        while index < keys.count {
            var matched = 0
            while matched < wanted.count, index + matched < keys.count, keys[index + matched] == wanted[matched] {
                matched += 1
            }
            if matched > best.0 { best = (matched, index) }
            if matched == wanted.count { break }
            index += 1
        }
        return best
    }
}
