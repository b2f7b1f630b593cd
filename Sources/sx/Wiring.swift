import Foundation
import SXAuth
import SXEngine

/// Builds the engine for a command: layered config (warnings to stderr), credentials, tools.
enum Wiring {
    static func loadConfig(flags: [String: String]) throws -> Config {
        let config = try Config.load(flags: flags)
        for w in config.warnings { Terminal.err("sx: warning: \(w)") }
        try config.validate()
        return config
    }

    static func engine(config: Config) throws -> Engine {
        let demoDelay = ProcessInfo.processInfo.environment["SX_DEMO_DELAY_MS"].flatMap(Int.init) ?? 12
        return try Engine(config: config, credentials: StaticCredentials([]), hasCredential: { _ in false },
                          demoDelayMs: demoDelay)
    }

    /// The built-in tools in the current folder. `APPROVAL` defaults to `ask`; without a front end that can ask
    /// (`sx exec`), `ask` refuses shell commands and writes with a hint to pass `--approval auto`.
    static func tools(config: Config, approvalHandler: ApprovalHandler? = nil) throws -> ToolExecuting {
        guard try config.toolsEnabled() else { return NoTools() }
        let runner = try ToolRunner.fromConfig(tools: config["TOOLS"], approval: config["APPROVAL"], defaultPolicy: .ask,
                                               approvalHandler: approvalHandler)
        return WorkspaceTools(runner: runner, context: ToolContext(workspaceRoot: config.workingDirectory.path))
    }
}
