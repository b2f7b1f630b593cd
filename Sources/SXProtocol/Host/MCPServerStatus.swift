import Foundation

/// One configured MCP server as the status pane shows it (DECISIONS 45).
public struct MCPServerStatus: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Spawned (or about to be), `initialize` and `tools/list` not answered yet.
        case starting
        /// Initialized; its tools are offered to the model.
        case ready(tools: Int)
        /// The reason, one line; `retrying` when it will be started again.
        case failed(String, retrying: Bool)
        /// A workspace `.mcp.json` server the person has not approved yet (`sx mcp approve`).
        case waitingForApproval
        /// A transport this build does not speak yet (HTTP).
        case unsupported(String)
        /// An HTTP server answered 401/403: it wants a login sx cannot do yet (OAuth); not retried.
        case needsLogin
    }

    public var name: String
    public var state: State

    public init(name: String, state: State) {
        self.name = name
        self.state = state
    }

    /// `ready (3 tools)`, `failed: exited with status 1 (restarting)`, …
    public var stateText: String {
        switch state {
        case .starting: "starting"
        case .ready(let n): "ready (\(n) tool\(n == 1 ? "" : "s"))"
        case .failed(let reason, let retrying): "failed: \(reason)" + (retrying ? " (restarting)" : "")
        case .waitingForApproval: "waiting for approval (sx mcp approve)"
        case .unsupported(let what): "not supported yet: \(what)"
        case .needsLogin: "needs login (OAuth is not supported yet)"
        }
    }
}
