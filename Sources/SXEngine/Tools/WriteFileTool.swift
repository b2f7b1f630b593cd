import Foundation
import SXCore

/// `write_file`: creates or replaces a whole file, atomically.
struct WriteFileTool: FileChangingTool {
    let spec = ToolSpec(
        name: "write_file",
        description: """
            Create or overwrite a file in the workspace with the given content (parent folders are created). \
            The write is atomic. For small changes to an existing file prefer edit_file.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "path":{"type":"string","description":"File path, relative to the workspace root or absolute."},\
            "content":{"type":"string","description":"The complete new content of the file."}\
            },"required":["path","content"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable {
        var path: String
        var content: String
    }

    func plan(arguments: String, context: ToolContext) throws(ToolFailure) -> FileChangePlan {
        let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
        let path = try WorkspacePath.resolve(args.path, in: context, tool: spec.name)
        let shown = WorkspacePath.display(path, root: context.workspaceRoot)
        var isDir: ObjCBool = false
        let existed = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        if existed && isDir.boolValue { throw ToolFailure("write_file: '\(shown)' is a directory.") }
        let data = Data(args.content.utf8)
        let old = existed ? FileManager.default.contents(atPath: path) : nil
        if existed && old == nil { throw ToolFailure("write_file: '\(shown)' exists but cannot be read.") }
        return FileChangePlan(
            changes: [FileChange(path: path, shown: shown, old: old, new: data)],
            message: "\(existed ? "Overwrote" : "Created") '\(shown)': \(data.count) bytes written.")
    }
}
