import Foundation
import SXCore
import SXAuth
import SXProtocol

/// The process's MCP servers (DECISIONS 45): each starts in the background when `start` is called; the tools of the
/// ready ones are what `tools` offers, under unique `mcp__server__tool` names. Start-up never waits for a server.
public final class MCPManager: ToolSource, @unchecked Sendable {
    private let servers: [MCPServer]
    private let blocked: [MCPServerStatus]
    private let lock = NSLock()
    private var snapshot: [any Tool] = []

    /// The environment variables a server inherits from sx (its own `env` comes on top); API keys and tokens in
    /// sx's environment stay out. The list is Codex CLI's (`DEFAULT_ENV_VARS`).
    public static let inheritedVariables = [
        "HOME", "LOGNAME", "PATH", "SHELL", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TMPDIR", "TZ"
    ]

    /// `configs` in order (user file first, then the workspace's); a workspace server that is not approved, or a
    /// transport this build does not speak, is listed with its state and never started.
    public init(
        configs: [MCPServerConfig], workspace: String, approvals: MCPApprovals?, logDirectory: URL?,
        limits: MCPLimits = MCPLimits(), environment: [String: String] = ProcessInfo.processInfo.environment,
        configProblems: [String] = [], http: HTTPClientPool? = nil
    ) {
        let transport = http.map { Transport(pool: $0) }
        var inherited: [String: String] = [:]
        for k in Self.inheritedVariables { if let v = environment[k] { inherited[k] = v } }
        if let logDirectory {
            try? FileManager.default.createDirectory(
                at: logDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var runnable: [MCPServer] = []
        var blocked = configProblems.map { MCPServerStatus(name: "config", state: .failed($0, retrying: false)) }
        let box = ChangeBox()
        for c in configs {
            if c.origin == .workspace, !(approvals?.isApproved(c, workspace: workspace) ?? false) {
                blocked.append(MCPServerStatus(name: c.name, state: .waitingForApproval))
                continue
            }
            if case .http = c.transport, transport == nil {
                blocked.append(MCPServerStatus(name: c.name, state: .unsupported("HTTP transport")))
                continue
            }
            runnable.append(
                MCPServer(
                    config: c, limits: limits, environment: inherited, workspace: workspace,
                    logDirectory: logDirectory, http: transport, changed: { box.manager?.rebuild() }))
        }
        servers = runnable
        self.blocked = blocked
        box.manager = self
    }

    /// Starts every runnable server in the background; returns at once.
    public func start() { servers.forEach { $0.start() } }

    /// Kills every server's process group at once (an error path; `shutdown` also waits).
    public func shutdownNow() { servers.forEach { $0.stop() } }

    /// Kills every server's process group and waits until each server process is reaped.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for s in servers { group.addTask { await s.stopAndWait() } }
        }
    }

    public var isEmpty: Bool { servers.isEmpty && blocked.isEmpty }

    public func statuses() -> [MCPServerStatus] { servers.map(\.status) + blocked }

    public var tools: [any Tool] { lock.withLock { snapshot } }

    public var notReadyNotice: String? {
        let starting = servers.filter(\.isStarting).map(\.config.name)
        guard !starting.isEmpty else { return nil }
        return "MCP server\(starting.count == 1 ? "" : "s") \(starting.joined(separator: ", ")) still starting: "
            + "this turn goes on with the tools that are ready"
    }

    public func awaitTool(named name: String) async -> (any Tool)? {
        guard let part = MCPNames.serverPart(of: name),
            let server = servers.first(where: { MCPNames.sanitize($0.config.name) == part })
        else { return nil }
        await server.waitUntilSettled()
        return tools.first { $0.name == name }
    }

    public func unavailableReason(for name: String) -> String? {
        guard let part = MCPNames.serverPart(of: name) else { return nil }
        if let server = servers.first(where: { MCPNames.sanitize($0.config.name) == part }) {
            return server.unavailableReason
        }
        if let blocked = blocked.first(where: { MCPNames.sanitize($0.name) == part }) {
            return "MCP server \(blocked.name): \(blocked.stateText)"
        }
        return nil
    }

    /// Rebuilds the offered tools from every ready server, names made unique across servers.
    func rebuild() {
        var pairs: [(server: MCPServer, tool: MCPRemoteTool)] = []
        for s in servers { for t in s.readyTools { pairs.append((s, t)) } }
        let names = MCPNames.unique(pairs.map { ($0.server.config.name, $0.tool.name) })
        let built: [any Tool] = zip(pairs, names).map { pair, name in
            MCPTool(
                spec: ToolSpec(
                    name: name, description: pair.tool.description,
                    parametersSchema: String(decoding: JSONBody.encode(pair.tool.schema), as: UTF8.self)),
                remoteName: pair.tool.name, server: pair.server, trust: pair.server.config.trust,
                readOnly: pair.tool.readOnly)
        }
        lock.withLock { snapshot = built }
    }

    /// Waits until no server is starting (tests; `sx mcp get` shows a settled state).
    public func waitUntilSettled() async {
        for s in servers { await s.waitUntilSettled() }
    }
}

/// Lets the servers reach the manager that owns them without a cycle at init.
private final class ChangeBox: @unchecked Sendable {
    weak var manager: MCPManager?
}
