import Foundation
import SXCore

/// `edit_file`: exact string replacement.
///
/// Matching is on UTF-8 bytes, not Swift `String` equality, so canonically-equivalent but different bytes
/// (é composed vs decomposed) never match by surprise, and what the model sees is exactly what is replaced.
struct EditFileTool: FileChangingTool {
    let spec = ToolSpec(
        name: "edit_file",
        description: """
            Replace an exact string in a file. old_string must match the file byte for byte (whitespace and \
            indentation included) and must be unique unless replace_all is true; include enough surrounding lines \
            to make it unique. Read the file first. To create a file use write_file.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "path":{"type":"string","description":"File path, relative to the workspace root or absolute."},\
            "old_string":{"type":"string","description":"The exact text to replace."},\
            "new_string":{"type":"string","description":"The replacement text (must differ from old_string)."},\
            "replace_all":{"type":"boolean","description":"Replace every occurrence instead of requiring exactly one (default false)."}\
            },"required":["path","old_string","new_string"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var path: String
        var oldString: String
        var newString: String
        var replaceAll: Bool?
        enum CodingKeys: String, CodingKey {
            case path, oldString = "old_string", newString = "new_string", replaceAll = "replace_all"
        }
    }

    func plan(arguments: String, context: ToolContext) throws(ToolFailure) -> FileChangePlan {
        let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
        let path = try WorkspacePath.resolve(args.path, in: context, tool: spec.name)
        let shown = WorkspacePath.display(path, root: context.workspaceRoot)
        guard !args.oldString.isEmpty else {
            throw ToolFailure("edit_file: old_string is empty. To create or replace a whole file use write_file.")
        }
        guard args.oldString != args.newString else {
            throw ToolFailure("edit_file: old_string and new_string are identical; nothing to change.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolFailure("edit_file: '\(shown)' does not exist or cannot be read.")
        }
        let haystack = [UInt8](data)
        var needle = [UInt8](args.oldString.utf8)
        var replacement = [UInt8](args.newString.utf8)
        var matches = Self.occurrences(of: needle, in: haystack)
        // Models write LF; a CRLF file would otherwise never match. Retry with both strings in CRLF.
        if matches.isEmpty, args.oldString.contains("\n"), !args.oldString.contains("\r\n"),
            !Self.occurrences(of: [0x0D, 0x0A], in: haystack).isEmpty
        {
            let crlfNeedle = Self.crlf(args.oldString)
            let crlfMatches = Self.occurrences(of: crlfNeedle, in: haystack)
            if !crlfMatches.isEmpty {
                needle = crlfNeedle
                replacement = Self.crlf(args.newString)
                matches = crlfMatches
            }
        }
        if matches.isEmpty {
            throw ToolFailure(
                "edit_file: old_string was not found in '\(shown)'. It must match exactly, including whitespace and indentation; read the file again and copy the text."
            )
        }
        if matches.count > 1 && args.replaceAll != true {
            throw ToolFailure(
                "edit_file: old_string occurs \(matches.count) times in '\(shown)'. Include more surrounding context to make it unique, or set replace_all to true."
            )
        }
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count + matches.count * max(0, replacement.count - needle.count))
        var cursor = 0
        for start in matches {
            result.append(contentsOf: haystack[cursor..<start])
            result.append(contentsOf: replacement)
            cursor = start + needle.count
        }
        result.append(contentsOf: haystack[cursor...])
        let firstLine = haystack[0..<matches[0]].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let count = matches.count == 1 ? "1 occurrence" : "\(matches.count) occurrences"
        return FileChangePlan(
            changes: [FileChange(path: path, shown: shown, old: data, new: Data(result))],
            message: "Edited '\(shown)': replaced \(count) (first at line \(firstLine)).")
    }

    /// `text` with every lone LF turned into CRLF.
    static func crlf(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            previous = byte
        }
        return out
    }

    /// Start offsets of the non-overlapping occurrences of `needle`, left to right.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        let first = needle[0]
        var i = 0
        let lastStart = haystack.count - needle.count
        while i <= lastStart {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}
