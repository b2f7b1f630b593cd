import Foundation
import SXCore
import SXAuth
import SXEngine

/// Builds the engine for a command: layered config (warnings to stderr), the profile store, tools.
enum Wiring {
    static func loadConfig(flags: [String: String]) throws -> Config {
        let config = try Config.load(flags: flags)
        for w in config.warnings { Terminal.err("sx: warning: \(w)") }
        try config.validate()
        return config
    }

    static func engine(config: Config, originator: String = "sx_exec") throws -> Engine {
        let lookup = config.lookup()
        let pool = try HTTPClientPool(settings: NetworkSettings.from(lookup))
        do {
            let store = CredentialStore(paths: config.paths, settings: try AuthSettings.from(lookup), pool: pool)
            // A store that does not parse stops sx here, with file, line, column and the newest backup.
            _ = try store.store.load()
            let settings = try Settings(config)
            let creds = ConfigKeyCredentials(base: store, keys: settings.apiKeys)
            let demoDelay = settings.runtime.demoDelayMs
            return try Engine(
                config: config, pool: pool, credentials: creds,
                hasCredential: { creds.hasKey($0) || store.hasUsableCredential($0) },
                demoDelayMs: demoDelay, originator: originator)
        } catch {
            try? pool.syncShutdownForExit()
            throw error
        }
    }

    /// What a session would be set to (provider, model, fallbacks) without starting one: for `sx models`.
    static func sessionOptions(config: Config) async throws -> SessionOptions {
        let engine = try engine(config: config)
        let options = try await sessionOptions(engine: engine)
        await engine.shutdown()
        return options
    }

    static func sessionOptions(engine: Engine) async throws -> SessionOptions {
        let session = try engine.makeSession(
            provider: try engine.resolveProvider(), tools: NoTools(), recordTranscript: false,
            announceUpgrade: false)
        let options = await session.options
        await session.close()
        return options
    }

    /// The built-in tools in the current folder. `APPROVAL` defaults to `ask`; without a front end that can ask
    /// (`sx exec`), `ask` refuses shell commands and writes with a hint to pass `--approval auto`.
    /// `web_fetch` uses the engine's HTTP clients (`http`), so the proxy settings and the extra CA apply to it.
    static func tools(
        config: Config, http: HTTPClientPool?, approvalHandler: ApprovalHandler? = nil, mcp: MCPManager? = nil
    ) throws
        -> ToolExecuting
    {
        let settings = try ToolSettings(config)
        guard settings.enabled else { return NoTools() }
        let runner = try ToolRunner.fromConfig(
            tools: settings.tools, approval: settings.approval, defaultPolicy: .ask,
            webFetch: settings.webFetch && http != nil, approvalHandler: approvalHandler, source: mcp)
        return WorkspaceTools(
            runner: runner,
            context: ToolContext(
                workspaceRoot: config.workingDirectory.path,
                homeDirectory: config.text("HOME"), http: http, allowPrivateNetwork: settings.webFetchPrivate))
    }

    /// The MCP servers of `$SX_HOME/mcp.json` and the workspace's `.mcp.json`, started in the background (nothing
    /// waits for them). A file that does not parse is one warning line and its servers stay off; nil when tools
    /// are off or no server is configured.
    static func mcp(config: Config, http: HTTPClientPool?) throws -> MCPManager? {
        let settings = try ToolSettings(config)
        guard settings.enabled else { return nil }
        var servers: [MCPServerConfig] = []
        var problems: [String] = []
        let files: [(URL, MCPServerConfig.Origin)] = [
            (MCPConfigFile.userPath(config.paths), .user),
            (MCPConfigFile.workspacePath(config.workingDirectory), .workspace)
        ]
        for (url, origin) in files {
            do { servers += try MCPConfigFile.load(url, origin: origin) } catch {
                Terminal.err("sx: warning: \(error) (its MCP servers are not started)")
                problems.append("\(error)")
            }
        }
        guard !servers.isEmpty || !problems.isEmpty else { return nil }
        var limits = MCPLimits()
        limits.toolCall = .seconds(settings.mcpToolTimeout)
        let manager = MCPManager(
            configs: servers, workspace: MCPApprovals.key(config.workingDirectory),
            approvals: MCPApprovals(paths: config.paths),
            logDirectory: config.paths.home.appendingPathComponent("logs"),
            limits: limits, configProblems: problems, http: http)
        for s in manager.statuses() where s.state == .waitingForApproval {
            Terminal.err(
                "sx: MCP server \(s.name) of ./.mcp.json waits for your approval: run `sx mcp approve` here to let it start"
            )
        }
        manager.start()
        return manager
    }
}
