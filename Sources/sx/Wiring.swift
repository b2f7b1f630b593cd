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

    static func tools(config: Config) throws -> ToolExecuting {
        NoTools()
    }
}
