import Foundation

/// `list_dir`: an indented tree of a folder, `.gitignore` respected.
struct ListDirTool: Tool {
    static let defaultDepth = 2
    static let maxDepth = 10
    /// Enough to see a project's shape without flooding the context.
    static let maxEntries = 500

    let isMutating = false
    let spec = ToolSpec(
        name: "list_dir",
        description: """
            List a folder as an indented tree (folders end with `/`, symlinks show their target), to `depth` levels \
            (default 2). Files ignored by .gitignore and the .git folder are left out; long listings are cut.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "path":{"type":"string","description":"Folder to list, relative to the workspace root (default: the root)."},\
            "depth":{"type":"integer","description":"How many levels to descend (default 2, max 10)."}\
            },"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var path: String?
        var depth: Int?
    }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        ToolOutcome.catching { () throws(ToolFailure) -> ToolOutcome in
            let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
            let folder = try WorkspacePath.resolve(args.path ?? ".", in: context, tool: spec.name)
            let shown = WorkspacePath.display(folder, root: context.workspaceRoot)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) else {
                throw ToolFailure("list_dir: '\(shown)' does not exist.")
            }
            guard isDir.boolValue else { throw ToolFailure("list_dir: '\(shown)' is a file; use read_file.") }
            var walker = FileWalker(start: folder, workspaceRoot: context.workspaceRoot)
            walker.maxDepth = min(max(args.depth ?? Self.defaultDepth, 1), Self.maxDepth)
            var lines: [String] = []
            var omitted = 0
            walker.walk { entry in
                if lines.count >= Self.maxEntries {
                    omitted += 1
                    return .skip
                }
                let indent = String(repeating: "  ", count: entry.depth - 1)
                let name = (entry.relative as NSString).lastPathComponent
                if entry.isSymlink {
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: entry.path)) ?? "?"
                    lines.append("\(indent)\(name) -> \(target)")
                } else {
                    lines.append(indent + name + (entry.isDirectory ? "/" : ""))
                }
                return .descend
            }
            var text = (shown == "." ? "./" : shown + "/") + "\n" + lines.map { "  " + $0 }.joined(separator: "\n")
            if lines.isEmpty { text += "  (empty)" }
            if omitted > 0 {
                text += "\n… [at least \(omitted) more entries omitted; list a subfolder or lower the depth]"
            }
            return .ok(text)
        }
    }
}
