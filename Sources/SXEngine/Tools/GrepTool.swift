import Foundation

/// `grep`: lines matching a regular expression, as `path:line:text`, `.gitignore` respected.
struct GrepTool: Tool {
    static let maxMatches = 200
    /// Matched lines are cut to this many characters (minified files have very long lines).
    static let maxLineLength = 300
    /// Bigger files are skipped: they are almost always data or build products.
    static let maxFileBytes = 10 * 1024 * 1024

    let isMutating = false
    let spec = ToolSpec(
        name: "grep",
        description: """
            Search file contents with a regular expression (ICU syntax, like ripgrep's: `\\bfoo\\(`, `TODO|FIXME`). \
            Returns matching lines as `path:line:text`, sorted by path, at most 200. `glob` filters files \
            (e.g. `*.swift`, `Sources/**/*.ts`). Ignored files (.gitignore), .git and binary files are skipped.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "pattern":{"type":"string","description":"Regular expression to search for."},\
            "path":{"type":"string","description":"File or folder to search, relative to the workspace root (default: the root)."},\
            "glob":{"type":"string","description":"Only search files matching this glob, e.g. *.py"},\
            "ignore_case":{"type":"boolean","description":"Case-insensitive search (default false)."}\
            },"required":["pattern"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var pattern: String
        var path: String?
        var glob: String?
        var ignoreCase: Bool?
        enum CodingKeys: String, CodingKey { case pattern, path, glob, ignoreCase = "ignore_case" }
    }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        ToolOutcome.catching { () throws(ToolFailure) -> ToolOutcome in
            let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
            let target = try WorkspacePath.resolve(args.path ?? ".", in: context, tool: spec.name)
            var options: NSRegularExpression.Options = [.anchorsMatchLines]
            if args.ignoreCase == true { options.insert(.caseInsensitive) }
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: args.pattern, options: options)
            } catch {
                throw ToolFailure("grep: '\(args.pattern)' is not a valid regular expression.")
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isDir) else {
                throw ToolFailure("grep: '\(args.path ?? ".")' does not exist.")
            }
            let filter = args.glob.map { GlobTool.matcher(for: $0) }
            var results: [String] = []
            var omitted = 0
            var files = 0
            let search = { (path: String) in
                let found = Self.search(
                    path, regex: regex, root: context.workspaceRoot,
                    budget: Self.maxMatches - results.count, into: &results)
                omitted += found.omitted
                if found.matched { files += 1 }
            }
            if isDir.boolValue {
                FileWalker(start: target, workspaceRoot: context.workspaceRoot).walk { entry in
                    if entry.isDirectory { return .descend }
                    if entry.isSymlink { return .skip }
                    if let filter, !filter.matches(entry.relative) { return .skip }
                    search(entry.path)
                    return .descend
                }
            } else {
                search(target)
            }
            if results.isEmpty { return .ok("No matches for '\(args.pattern)'.") }
            var text = results.joined(separator: "\n")
            if omitted > 0 {
                text +=
                    "\n… [\(omitted) more matching lines omitted (\(files) files matched); narrow the pattern, path or glob]"
            }
            return .ok(text)
        }
    }

    /// Appends up to `budget` matching lines of one file; counts the rest as omitted.
    private static func search(
        _ path: String, regex: NSRegularExpression, root: String, budget: Int,
        into results: inout [String]
    ) -> (matched: Bool, omitted: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (false, 0) }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size <= UInt64(maxFileBytes) else { return (false, 0) }
        try? handle.seek(toOffset: 0)
        guard let data = try? handle.readToEnd(), !ReadFileTool.looksBinary(data.prefix(8192)) else {
            return (false, 0)
        }
        let text = String(decoding: data, as: UTF8.self)
        let ns = NSString(string: text)
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return (false, 0) }
        // UTF-16 offsets where each line starts (up to the last match), to turn match locations into line numbers.
        // Only files that match pay for this scan.
        let lastLocation = matches[matches.count - 1].range.location
        var lineStarts = [0]
        var offset = 0
        for unit in text.utf16 {
            offset += 1
            if unit == 0x0A { lineStarts.append(offset) }
            if offset > lastLocation && unit == 0x0A { break }
        }
        let shown = WorkspacePath.display(path, root: root)
        var lastLine = -1
        var matched = false
        var omitted = 0
        var taken = 0
        for match in matches {
            let line = lineIndex(of: match.range.location, in: lineStarts)
            if line == lastLine { continue }
            lastLine = line
            matched = true
            if taken >= budget { omitted += 1; continue }
            taken += 1
            let start = lineStarts[line]
            let end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : ns.length
            var content = ns.substring(with: NSRange(location: start, length: max(0, end - start)))
            if content.hasSuffix("\r") { content.removeLast() }
            if content.count > maxLineLength { content = String(content.prefix(maxLineLength)) + "…" }
            results.append("\(shown):\(line + 1):\(content)")
        }
        return (matched, omitted)
    }

    private static func lineIndex(of location: Int, in starts: [Int]) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= location { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
