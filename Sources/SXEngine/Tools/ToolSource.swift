import Foundation

/// Tools that come and go while a session runs (the MCP servers' tools): `ToolRunner` reads them at every lookup
/// and the session at every request, so a server that becomes ready joins the next request.
public protocol ToolSource: Sendable {
    /// The tools offered now.
    var tools: [any Tool] { get }
    /// A tool not offered yet whose source is still starting (a call the model made from an earlier turn's list):
    /// waits until the source is ready or failed, then looks again.
    func awaitTool(named name: String) async -> (any Tool)?
    /// Why `name` is not offered although it looks like one of this source's tools (its server failed), or nil.
    func unavailableReason(for name: String) -> String?
    /// One line for a turn that starts while some source is not ready yet, or nil.
    var notReadyNotice: String? { get }
}
