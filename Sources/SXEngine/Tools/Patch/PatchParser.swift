import Foundation

/// Parses `apply_patch` text into a `Patch`.
///
/// Follows openai/codex `codex-rs/apply-patch/src/parser.rs` in its lenient mode: white space around the marker lines
/// and blank lines around the patch are tolerated, so is a heredoc wrapper (`<<EOF`, `<<'EOF'` or `<<"EOF"` on the
/// first line and a last line ending in `EOF`, as gpt-4.1 sends it), and the first chunk of an Update may start
/// without `@@`. Everything else is an error naming the patch line. Line numbers count lines of the text as given
/// (1-based), including any blank lines or heredoc line before `*** Begin Patch`.
///
/// sx differences from Codex's parser: paths are checked and normalised here (no empty, absolute or `..` paths, see
/// `checkedPath`); blank lines between operations are skipped; an Add File line that does not start with "+" gets its
/// own message; a patch with no operations is an error here (Codex fails it later with "No files were modified.");
/// stacked `@@` lines form one chunk (see `PatchChunk`); header markers are matched without their trailing space so
/// `*** Delete File:` with no path reports an empty path.
enum PatchParser {
    // Marker strings, from openai/codex `codex-rs/apply-patch/src/parser.rs`.
    static let beginMarker = "*** Begin Patch"
    static let endMarker = "*** End Patch"
    static let addMarker = "*** Add File:"
    static let deleteMarker = "*** Delete File:"
    static let updateMarker = "*** Update File:"
    static let moveMarker = "*** Move to:"
    static let endOfFileMarker = "*** End of File"

    /// Parses `text`, throwing the first problem found.
    static func parse(_ text: String) throws(PatchError) -> Patch {
        let lines = PatchText.lines(text).texts
        let (begin, end) = try boundaries(lines)
        var operations: [PatchOperation] = []
        var index = begin + 1
        var lastWasAdd = false
        while index < end {
            let line = lines[index]
            let trimmed = PatchText.trimmed(line)
            if trimmed.isEmpty {
                index += 1
                continue
            }
            if let rest = trimmed.headerPath(addMarker) {
                let path = try checkedPath(rest, line: index + 1)
                index += 1
                var content = ""
                while index < end, let added = lines[index].dropPrefix("+") {
                    content += added
                    content += "\n"
                    index += 1
                }
                operations.append(.add(path: path, content: content))
                lastWasAdd = true
            } else if let rest = trimmed.headerPath(deleteMarker) {
                operations.append(.delete(path: try checkedPath(rest, line: index + 1)))
                index += 1
                lastWasAdd = false
            } else if let rest = trimmed.headerPath(updateMarker) {
                let headerLine = index + 1
                let path = try checkedPath(rest, line: headerLine)
                index += 1
                var moveTo: String?
                if index < end, let destination = PatchText.trimmed(lines[index]).headerPath(moveMarker) {
                    moveTo = try checkedPath(destination, line: index + 1)
                    index += 1
                }
                var chunks: [PatchChunk] = []
                while index < end {
                    // Blank lines may separate chunks; a line starting with "*" starts the next operation.
                    if PatchText.isBlank(lines[index]) {
                        index += 1
                        continue
                    }
                    if lines[index].unicodeScalars.first == "*" { break }
                    chunks.append(try chunk(lines, at: &index, end: end, isFirst: chunks.isEmpty))
                }
                if chunks.isEmpty {
                    throw .parse(line: headerLine, "Update File '\(path)' has no hunks; add '@@' and the changed lines")
                }
                operations.append(.update(path: path, moveTo: moveTo, chunks: chunks))
                lastWasAdd = false
            } else if lastWasAdd && trimmed.dropPrefix("***") == nil {
                throw .parse(
                    line: index + 1, "every line of an Add File must start with '+', got '\(clipped(line))'")
            } else {
                throw .parse(
                    line: index + 1,
                    "'\(clipped(trimmed))' is not a valid operation header; expected '*** Add File: <path>', "
                        + "'*** Delete File: <path>' or '*** Update File: <path>'")
            }
        }
        if operations.isEmpty {
            throw .parse(line: end + 1, "the patch contains no file operations")
        }
        return Patch(operations: operations)
    }

    /// The indices of the `*** Begin Patch` and `*** End Patch` lines, unwrapping a heredoc if needed.
    ///
    /// Strict check first; if that fails and the first line is `<<EOF`, `<<'EOF'` or `<<"EOF"`, the last ends with
    /// `EOF` and there are at least four lines, the check is repeated inside (openai/codex
    /// `codex-rs/apply-patch/src/parser.rs`, `check_patch_boundaries_lenient`).
    private static func boundaries(_ lines: [String]) throws(PatchError) -> (Int, Int) {
        guard let first = lines.firstIndex(where: { !PatchText.isBlank($0) }),
            let last = lines.lastIndex(where: { !PatchText.isBlank($0) })
        else {
            throw .parse(line: 1, "the patch is empty; it must start with '\(beginMarker)'")
        }
        let strict = strictBoundaries(lines, first: first, last: last)
        if case .success(let found) = strict { return found }
        let opener = PatchText.trimmed(lines[first])
        if opener == "<<EOF" || opener == "<<'EOF'" || opener == "<<\"EOF\"",
            PatchText.trimmedEnd(lines[last]).hasSuffix("EOF"), last - first + 1 >= 4,
            let innerFirst = lines[(first + 1)..<last].firstIndex(where: { !PatchText.isBlank($0) }),
            let innerLast = lines[(first + 1)..<last].lastIndex(where: { !PatchText.isBlank($0) })
        {
            return try strictBoundaries(lines, first: innerFirst, last: innerLast).get()
        }
        return try strict.get()
    }

    private static func strictBoundaries(_ lines: [String], first: Int, last: Int) -> Result<(Int, Int), PatchError> {
        guard PatchText.trimmed(lines[first]) == beginMarker else {
            return .failure(.parse(line: first + 1, "the first line of the patch must be '\(beginMarker)'"))
        }
        guard last > first, PatchText.trimmed(lines[last]) == endMarker else {
            return .failure(.parse(line: last + 1, "the last line of the patch must be '\(endMarker)'"))
        }
        return .success((first, last))
    }

    /// Parses one chunk starting at `index` (a non-blank line not starting with "*") and moves `index` past it.
    ///
    /// Rules from openai/codex `codex-rs/apply-patch/src/parser.rs` (`parse_update_file_chunk`): "@@" or "@@ text"
    /// opens the chunk (only the first chunk of an Update may omit it); then " " lines are context, "-" removed,
    /// "+" added, an empty line is an empty context line; `*** End of File` ends the chunk and anchors it at the end
    /// of the file; any other line ends the chunk, or is an error if the chunk has no lines yet.
    private static func chunk(
        _ lines: [String], at index: inout Int, end: Int, isFirst: Bool
    ) throws(PatchError) -> PatchChunk {
        let startLine = index + 1
        var contexts: [String] = []
        var sawMarker = false
        while index < end {
            let line = lines[index]
            if PatchText.trimmedEnd(line) == "@@" {
                sawMarker = true
            } else if let context = line.dropPrefix("@@ ") {
                contexts.append(context)
                sawMarker = true
            } else {
                break
            }
            index += 1
        }
        if !sawMarker && !isFirst {
            throw .parse(line: startLine, "expected a hunk to start with '@@', got '\(clipped(lines[index]))'")
        }
        var oldLines: [String] = []
        var newLines: [String] = []
        var isEndOfFile = false
        var count = 0
        while index < end {
            let line = lines[index]
            if PatchText.trimmed(line) == endOfFileMarker {
                if count == 0 { break }
                isEndOfFile = true
                index += 1
                break
            }
            if line.isEmpty {
                oldLines.append("")
                newLines.append("")
            } else if let text = line.dropPrefix(" ") {
                oldLines.append(text)
                newLines.append(text)
            } else if let text = line.dropPrefix("+") {
                newLines.append(text)
            } else if let text = line.dropPrefix("-") {
                oldLines.append(text)
            } else if count == 0 {
                throw .parse(
                    line: index + 1,
                    "unexpected line in hunk: '\(clipped(line))'; every line must start with ' ' (context), "
                        + "'+' (added) or '-' (removed)")
            } else {
                break  // the start of the next chunk or operation
            }
            count += 1
            index += 1
        }
        if count == 0 {
            throw .parse(line: min(index, end - 1) + 1, "hunk has no lines")
        }
        return PatchChunk(
            contexts: contexts, oldLines: oldLines, newLines: newLines, isEndOfFile: isEndOfFile,
            patchLine: startLine)
    }

    /// Checks a path from a header and returns it normalised ("./" and repeated "/" removed).
    ///
    /// Codex's tool instructions require relative paths (openai/codex
    /// `codex-rs/apply-patch/apply_patch_tool_instructions.md`: "File references can only be relative, NEVER
    /// ABSOLUTE"); sx also refuses `..` here so a patch cannot name a file outside the workspace even before the
    /// caller confines it.
    static func checkedPath<S: StringProtocol>(_ raw: S, line: Int) throws(PatchError) -> String {
        let path = String(PatchText.trimmed(raw))
        if path.isEmpty {
            throw .parse(line: line, "empty file path")
        }
        if path.unicodeScalars.contains("\0") {
            throw .parse(line: line, "file path contains a NUL character")
        }
        let scalars = Array(path.unicodeScalars.prefix(3))
        let isDrive =
            scalars.count >= 2 && scalars[1] == ":" && (scalars[0].properties.isAlphabetic)
            && (scalars.count == 2 || scalars[2] == "/" || scalars[2] == "\\")
        if path.hasPrefix("/") || path.hasPrefix("\\") || path.hasPrefix("~") || isDrive {
            throw .parse(line: line, "absolute path '\(path)' is not allowed; use a path relative to the workspace")
        }
        let components = path.split(omittingEmptySubsequences: true) { $0 == "/" || $0 == "\\" }
        if components.contains("..") {
            throw .parse(line: line, "path '\(path)' must not contain '..'")
        }
        let normalised = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if normalised.isEmpty {
            throw .parse(line: line, "path '\(path)' does not name a file")
        }
        return normalised.joined(separator: "/")
    }

    /// A line shortened for an error message, so the message stays one readable line.
    static func clipped<S: StringProtocol>(_ line: S, limit: Int = 120) -> String {
        line.count <= limit ? String(line) : String(line.prefix(limit)) + "…"
    }
}

extension StringProtocol {
    /// The rest of the string after `prefix`, or nil if it does not start with it. Compares Unicode scalars, not
    /// `Character`s, so "+" followed by a combining mark still counts as an added line.
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        let scalars = unicodeScalars
        guard scalars.starts(with: prefix.unicodeScalars) else { return nil }
        return String(String.UnicodeScalarView(scalars.dropFirst(prefix.unicodeScalars.count)))
    }

    /// The path after a header such as `*** Add File:`, or nil if the line is not that header. The path may be empty
    /// (reported by `checkedPath`) but must be separated from the colon by white space.
    fileprivate func headerPath(_ marker: String) -> String? {
        guard let rest = dropPrefix(marker) else { return nil }
        guard let first = rest.unicodeScalars.first else { return "" }
        return first.properties.isWhitespace ? rest : nil
    }
}
