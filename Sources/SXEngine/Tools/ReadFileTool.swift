import Foundation

/// `read_file`: a text file with line numbers, or an image for vision models.
struct ReadFileTool: Tool {
    static let defaultLimit = 2000
    /// Longer lines (minified code, data) are cut so one line cannot eat the whole budget.
    static let maxLineLength = 2000
    /// The text returned in one call; the model continues with `offset` past it.
    static let byteBudget = 60_000
    /// Providers reject larger images (Anthropic's limit is 5 MB).
    static let maxImageBytes = 5 * 1024 * 1024
    /// Text files bigger than this are refused: grep or a shell pipeline serves them better.
    static let maxTextBytes = 20 * 1024 * 1024

    let isMutating = false
    let spec = ToolSpec(
        name: "read_file",
        description: """
            Read a file from the workspace. Text comes back with 1-based line numbers (like `cat -n`), at most \
            `limit` lines (default 2000) from `offset`; very long lines are truncated. Images (PNG, JPEG, GIF, WebP) \
            are returned as images. Binary files are refused.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "path":{"type":"string","description":"File path, relative to the workspace root or absolute."},\
            "offset":{"type":"integer","description":"First line to return, 1-based (default 1)."},\
            "limit":{"type":"integer","description":"Maximum number of lines to return (default 2000)."}\
            },"required":["path"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var path: String
        var offset: Int?
        var limit: Int?
    }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        ToolOutcome.catching { () throws(ToolFailure) -> ToolOutcome in
            let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
            let path = try WorkspacePath.resolve(args.path, in: context, tool: spec.name)
            let shown = WorkspacePath.display(path, root: context.workspaceRoot)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw ToolFailure("read_file: '\(shown)' does not exist.")
            }
            if isDir.boolValue { throw ToolFailure("read_file: '\(shown)' is a directory; use list_dir.") }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ToolFailure("read_file: '\(shown)' cannot be read (permission denied?).")
            }
            defer { try? handle.close() }
            let sniff = (try? handle.read(upToCount: 8192)) ?? Data()
            if let mediaType = Self.imageType(sniff) {
                guard size <= Self.maxImageBytes else {
                    throw ToolFailure(
                        "read_file: '\(shown)' is an image of \(size) bytes, over the \(Self.maxImageBytes)-byte limit."
                    )
                }
                let data = sniff + ((try? handle.readToEnd()) ?? Data())
                return .ok(
                    "Image '\(shown)' (\(mediaType), \(data.count) bytes) attached.",
                    images: [ImageData(mediaType: mediaType, base64: data.base64EncodedString())])
            }
            if Self.looksBinary(sniff) {
                throw ToolFailure(
                    "read_file: '\(shown)' is a binary file (\(size) bytes) and is not shown. Inspect it with the shell tool (e.g. `file`, `xxd | head`)."
                )
            }
            guard size <= Self.maxTextBytes else {
                throw ToolFailure(
                    "read_file: '\(shown)' is \(size) bytes, too large to read; use grep or shell (head/sed) on it.")
            }
            let data = sniff + ((try? handle.readToEnd()) ?? Data())
            return try render(String(decoding: data, as: UTF8.self), shown: shown, args: args)
        }
    }

    private func render(_ text: String, shown: String, args: Arguments) throws(ToolFailure) -> ToolOutcome {
        if text.isEmpty { return .ok("(empty file)") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        let offset = max(args.offset ?? 1, 1)
        let limit = max(args.limit ?? Self.defaultLimit, 1)
        guard offset <= lines.count else {
            throw ToolFailure(
                "read_file: offset \(offset) is past the end of '\(shown)', which has \(lines.count) lines.")
        }
        var out = ""
        var last = offset - 1
        for index in (offset - 1)..<min(lines.count, offset - 1 + limit) {
            var line = String(lines[index])
            if line.hasSuffix("\r") { line.removeLast() }
            if line.count > Self.maxLineLength { line = String(line.prefix(Self.maxLineLength)) + "… [line truncated]" }
            let numbered =
                String(repeating: " ", count: max(0, 6 - String(index + 1).count)) + "\(index + 1)\t\(line)\n"
            if out.utf8.count + numbered.utf8.count > Self.byteBudget && index > offset - 1 { break }
            out += numbered
            last = index + 1
        }
        if last < lines.count {
            out += "… [\(lines.count - last) more lines; continue with offset=\(last + 1)]\n"
        }
        return .ok(out)
    }

    /// The media type when the bytes start with a PNG, JPEG, GIF or WebP signature.
    static func imageType(_ data: Data) -> String? {
        let b = [UInt8](data.prefix(12))
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if b.count >= 12 && b.starts(with: Array("RIFF".utf8)) && Array(b[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }

    /// A NUL byte, or mostly invalid UTF-8, in the first 8 KB: what git and grep treat as binary.
    static func looksBinary(_ data: Data) -> Bool {
        if data.contains(0) { return true }
        guard !data.isEmpty else { return false }
        // Allow a multi-byte character cut at the sniff boundary.
        let decoded = String(decoding: data.prefix(max(0, data.count - 4)), as: UTF8.self)
        let replacements = decoded.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        return replacements * 10 > max(data.count, 1)
    }
}
