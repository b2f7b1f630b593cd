import Foundation

/// `glob`: file paths matching a pattern, `.gitignore` respected.
struct GlobTool: Tool {
    static let maxResults = 500

    let isMutating = false
    let spec = ToolSpec(
        name: "glob",
        description: """
            Find files by path pattern, e.g. `**/*.swift`, `Sources/**/Test*.swift`, `*.md`. `*` and `?` stay within \
            one folder, `**` spans folders, `[abc]` is a class. The pattern is matched against paths relative to \
            `path` (default: the workspace root); a pattern without `/` matches file names at any depth. \
            Ignored files (.gitignore) and .git are skipped. Returns sorted paths relative to the workspace.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "pattern":{"type":"string","description":"Glob pattern, e.g. **/*.ts"},\
            "path":{"type":"string","description":"Folder to search in, relative to the workspace root (default: the root)."}\
            },"required":["pattern"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var pattern: String
        var path: String?
    }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        ToolOutcome.catching { () throws(ToolFailure) -> ToolOutcome in
            let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
            let folder = try WorkspacePath.resolve(args.path ?? ".", in: context, tool: spec.name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                throw ToolFailure("glob: '\(args.path ?? ".")' is not a folder.")
            }
            var pattern = args.pattern.trimmingCharacters(in: .whitespaces)
            if pattern.hasPrefix("./") { pattern.removeFirst(2) }
            guard !pattern.isEmpty else { throw ToolFailure("glob: 'pattern' is empty.") }
            let matcher = Self.matcher(for: pattern)
            var found: [String] = []
            var omitted = 0
            FileWalker(start: folder, workspaceRoot: context.workspaceRoot).walk { entry in
                if !entry.isDirectory || entry.isSymlink, matcher.matches(entry.relative) {
                    if found.count < Self.maxResults {
                        found.append(WorkspacePath.display(entry.path, root: context.workspaceRoot))
                    } else {
                        omitted += 1
                    }
                }
                return .descend
            }
            if found.isEmpty { return .ok("No files match '\(args.pattern)'.") }
            var text = found.joined(separator: "\n")
            if omitted > 0 { text += "\n… [\(omitted) more matches omitted; narrow the pattern or path]" }
            return .ok(text)
        }
    }

    /// A pattern without `/` matches file names anywhere, as in .gitignore and ripgrep's `--glob`.
    static func matcher(for pattern: String) -> Wildcard {
        pattern.contains("/") ? Wildcard(pattern) : Wildcard("**/" + pattern)
    }
}
