import Foundation
import Testing
@testable import SXEngine

/// A real folder under the system temp dir, removed when the test is done with it.
final class TempWorkspace: Sendable {
    let root: String

    init() throws {
        let base = NSTemporaryDirectory() + "sx-tools-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base + "/ws", withIntermediateDirectories: true)
        // Resolve /tmp symlinks once so expectations compare real paths.
        root = WorkspacePath.realPath(of: base) + "/ws"
    }

    deinit { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }

    /// The folder that holds the workspace: outside it, but ours to clean up.
    var outside: String { (root as NSString).deletingLastPathComponent }

    var context: ToolContext { ToolContext(workspaceRoot: root) }

    @discardableResult
    func write(_ relative: String, _ content: String) throws -> String {
        try write(relative, Data(content.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let path = relative.hasPrefix("/") ? relative : root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// JSON text for a tool's arguments.
func json(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// Runs a tool directly (no runner), collecting streamed output.
func runTool(_ tool: any Tool, _ arguments: [String: Any], in context: ToolContext) async -> ToolOutcome {
    await tool.run(arguments: json(arguments), context: context, output: { _ in })
}
