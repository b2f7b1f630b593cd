import Foundation
import SXCore

/// Which workspace `.mcp.json` servers the person let run, in `$SX_HOME/mcp-approvals.json`: per workspace, each
/// approved server's entry as it was written when approved. A server whose entry changed since (another command, new
/// arguments) waits for approval again: a pulled commit must not be able to swap what runs.
public struct MCPApprovals: Sendable {
    public let url: URL

    public init(paths: SXPaths) { url = paths.home.appendingPathComponent("mcp-approvals.json") }

    /// How a workspace is named in the file: its absolute path, symlinks resolved.
    public static func key(_ workspace: URL) -> String { workspace.standardizedFileURL.resolvingSymlinksInPath().path }

    private func read() -> JSONObject {
        guard let data = FileManager.default.contents(atPath: url.path) else { return JSONObject() }
        return (try? JSONParser.parse(data))?.objectValue ?? JSONObject()
    }

    public func isApproved(_ server: MCPServerConfig, workspace: String) -> Bool {
        guard server.origin == .workspace else { return true }
        return read()["workspaces"]?[workspace]?[server.name] == server.raw
    }

    /// Remembers `servers` as approved for `workspace` (atomic, 0600).
    public func approve(_ servers: [MCPServerConfig], workspace: String) throws {
        var tree = read()
        tree.withObject("workspaces") { all in
            all.withObject(workspace) { entry in
                for s in servers { entry[s.name] = s.raw }
            }
        }
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(JSONBody.encodePretty(.object(tree)), to: url, mode: 0o600)
    }
}
