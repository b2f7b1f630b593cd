import Foundation

/// A parsed `apply_patch` document: the file operations between `*** Begin Patch` and `*** End Patch`, in order.
///
/// The format is the one OpenAI's models are trained to emit for Codex CLI
/// (openai/codex `codex-rs/apply-patch/src/parser.rs`, grammar in
/// `codex-rs/core/src/tools/handlers/tool_apply_patch.lark`).
struct Patch: Sendable, Equatable {
    /// The operations in the order they appear in the patch.
    var operations: [PatchOperation]
}

/// One file section of a patch.
enum PatchOperation: Sendable, Equatable {
    /// `*** Add File: path` followed by `+` lines; `content` is those lines, each ending in "\n".
    case add(path: String, content: String)
    /// `*** Delete File: path`; nothing follows.
    case delete(path: String)
    /// `*** Update File: path`, an optional `*** Move to: newPath`, then one or more chunks.
    case update(path: String, moveTo: String?, chunks: [PatchChunk])

    /// The path the operation reads from (the source of a move).
    var path: String {
        switch self {
        case .add(let path, _), .delete(let path), .update(let path, _, _): return path
        }
    }
}

/// One `@@` section of an Update: where to look, what to replace, and with what.
///
/// Mirrors `UpdateFileChunk` in openai/codex `codex-rs/apply-patch/src/parser.rs`, except that `contexts` holds
/// every consecutive `@@ text` line rather than at most one: Codex's own tool instructions
/// (`codex-rs/apply-patch/apply_patch_tool_instructions.md`) teach stacking `@@ class X` / `@@ def m():` to narrow
/// the position, so sx accepts that and locates the contexts one after another.
struct PatchChunk: Sendable, Equatable {
    /// The `@@ text` lines (usually a class or function header), located in order before `oldLines`; may be empty.
    var contexts: [String]
    /// The lines that must be found in the file: context (" ") and removed ("-") lines, in order.
    var oldLines: [String]
    /// The lines that replace `oldLines`: context (" ") and added ("+") lines, in order.
    var newLines: [String]
    /// Set by `*** End of File`: `oldLines` must be the last lines of the file.
    var isEndOfFile: Bool
    /// The 1-based line in the patch text where the chunk starts (its first `@@` line, or its first diff line).
    var patchLine: Int

    init(contexts: [String] = [], oldLines: [String], newLines: [String], isEndOfFile: Bool = false, patchLine: Int) {
        self.contexts = contexts
        self.oldLines = oldLines
        self.newLines = newLines
        self.isEndOfFile = isEndOfFile
        self.patchLine = patchLine
    }
}

/// Why a patch could not be parsed or applied: one line, starting with `apply_patch:` and naming the patch line
/// or the file concerned, written so a model can correct its next attempt.
struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The complete one-line message.
    var message: String

    init(_ message: String) {
        self.message = message
    }

    /// An error found while parsing, tied to a 1-based line of the patch text.
    static func parse(line: Int, _ detail: String) -> PatchError {
        PatchError("apply_patch: patch line \(line): \(detail)")
    }

    /// An error about one file of the patch.
    static func file(_ path: String, _ detail: String) -> PatchError {
        PatchError("apply_patch: \(path): \(detail)")
    }

    var description: String { message }
}

/// The outcome of a patch for one file: its complete contents before and after.
///
/// `old == nil` means the file is created, `new == nil` that it is deleted; for a move, `path` is the source (which
/// the caller removes) and `moveTo` the destination that receives `new`.
struct PatchedFile: Sendable, Equatable {
    var path: String
    var moveTo: String?
    var old: Data?
    var new: Data?
}

/// Line splitting and whitespace handling shared by the parser and the applier.
enum PatchText {
    /// Splits `text` at every "\n" (a byte scan, so "\r\n" — one `Character` in Swift — splits too) and drops one
    /// trailing "\r" from each line. Returns the lines and whether each one ended in "\r\n" (`true`), "\n" (`false`)
    /// or nothing (`nil`, only possible for the last line). A final "\n" does not start an extra empty line.
    static func lines(_ text: String) -> (texts: [String], crlf: [Bool?]) {
        var texts: [String] = []
        var crlf: [Bool?] = []
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                var lineEnd = index
                var isCRLF = false
                if lineEnd > lineStart {
                    let before = utf8.index(before: lineEnd)
                    if utf8[before] == UInt8(ascii: "\r") {
                        lineEnd = before
                        isCRLF = true
                    }
                }
                texts.append(String(text[lineStart..<lineEnd]))
                crlf.append(isCRLF)
                lineStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if lineStart < utf8.endIndex {
            texts.append(String(text[lineStart..<utf8.endIndex]))
            crlf.append(nil)
        }
        return (texts, crlf)
    }

    /// `s` without leading and trailing Unicode white space (the `White_Space` property, like Rust's `str::trim`).
    static func trimmed<S: StringProtocol>(_ s: S) -> Substring {
        let scalars = Substring(s).unicodeScalars
        var low = scalars.startIndex
        var high = scalars.endIndex
        while low < high, scalars[low].properties.isWhitespace {
            low = scalars.index(after: low)
        }
        while high > low, scalars[scalars.index(before: high)].properties.isWhitespace {
            high = scalars.index(before: high)
        }
        return Substring(scalars[low..<high])
    }

    /// `s` without trailing Unicode white space (like Rust's `str::trim_end`).
    static func trimmedEnd<S: StringProtocol>(_ s: S) -> Substring {
        let scalars = Substring(s).unicodeScalars
        var high = scalars.endIndex
        while high > scalars.startIndex, scalars[scalars.index(before: high)].properties.isWhitespace {
            high = scalars.index(before: high)
        }
        return Substring(scalars[scalars.startIndex..<high])
    }

    /// Whether `s` is empty or only white space.
    static func isBlank<S: StringProtocol>(_ s: S) -> Bool {
        s.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// `s` trimmed, with typographic dashes, quotes and spaces replaced by their ASCII forms, so a patch written in
    /// ASCII still finds a line that uses them. The code-point list is the one in openai/codex
    /// `codex-rs/apply-patch/src/seek_sequence.rs` (`normalise`).
    static func normalised<S: StringProtocol>(_ s: S) -> String {
        var out = String.UnicodeScalarView()
        for scalar in trimmed(s).unicodeScalars {
            switch scalar.value {
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212:
                out.append("-")
            case 0x2018, 0x2019, 0x201A, 0x201B:
                out.append("'")
            case 0x201C, 0x201D, 0x201E, 0x201F:
                out.append("\"")
            case 0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F,
                0x3000:
                out.append(" ")
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}
