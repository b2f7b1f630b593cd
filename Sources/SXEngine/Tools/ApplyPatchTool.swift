import Foundation
import SXCore

/// `apply_patch`: the patch format OpenAI's models are trained to edit with (`*** Begin Patch` … `*** End Patch`),
/// for the models whose catalog entry names it (`ToolOffer`). Every path is confined to the workspace like the
/// other file tools; the whole patch is worked out before anything is written, so a hunk that does not match fails
/// it with nothing changed.
struct ApplyPatchTool: FileChangingTool {
    static let name = "apply_patch"

    let spec = ToolSpec(
        name: ApplyPatchTool.name, description: ApplyPatchToolText.description,
        parametersSchema: ApplyPatchToolText.functionParametersSchema)

    func plan(arguments: String, context: ToolContext) throws(ToolFailure) -> FileChangePlan {
        let text = try Self.patchText(arguments)
        let patch: Patch
        do { patch = try PatchParser.parse(text) } catch { throw ToolFailure(error.description) }
        // Every path resolved (and confined) before anything is read.
        var resolved: [String: String] = [:]
        for operation in patch.operations {
            for path in operation.paths where resolved[path] == nil {
                resolved[path] = try WorkspacePath.resolve(path, in: context, tool: spec.name)
            }
        }
        let files: [PatchedFile]
        do {
            files = try PatchApplier.apply(patch) { path in
                resolved[path].flatMap { FileManager.default.contents(atPath: $0) }
            }
        } catch {
            throw ToolFailure(error.description)
        }
        var changes: [FileChange] = []
        var lines: [String] = []
        for file in files {
            guard let source = resolved[file.path] else { continue }
            let destination = file.moveTo.flatMap { resolved[$0] } ?? source
            let shown = WorkspacePath.display(destination, root: context.workspaceRoot)
            let moved = destination != source
            let sourceShown = WorkspacePath.display(source, root: context.workspaceRoot)
            changes.append(
                FileChange(
                    path: destination, shown: shown, old: file.old, new: file.new,
                    movedFrom: moved ? source : nil, movedFromShown: moved ? sourceShown : nil))
            let mark = file.old == nil ? "A" : file.new == nil ? "D" : "M"
            lines.append(moved ? "\(mark) \(shown) (moved from \(sourceShown))" : "\(mark) \(shown)")
        }
        return FileChangePlan(
            changes: changes, message: "Success. Updated the following files:\n" + lines.joined(separator: "\n"))
    }

    /// The patch: a freeform call's input as it is, or a function call's `input` argument.
    static func patchText(_ arguments: String) throws(ToolFailure) -> String {
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{") else { return arguments }
        guard let object = (try? JSONParser.parse(trimmed))?.objectValue else {
            throw ToolFailure("apply_patch: the arguments are not a JSON object with the patch in \"input\".")
        }
        guard let input = object["input"]?.stringValue ?? object["patch"]?.stringValue else {
            throw ToolFailure(
                "apply_patch: missing \"input\": pass the whole patch, from *** Begin Patch to *** End Patch.")
        }
        return input
    }
}

extension PatchOperation {
    /// The paths the operation reads or writes.
    var paths: [String] {
        switch self {
        case .add(let path, _), .delete(let path): [path]
        case .update(let path, let moveTo, _): [path] + (moveTo.map { [$0] } ?? [])
        }
    }
}
