import Foundation

/// The settings as typed sections, each read through the table (`SettingKeys`) once: the layers above ask for
/// `settings.failover.retryWaitMax`, not for a key string with a default repeated beside it.
public struct Settings: Sendable {
    public var model: ModelSettings
    public var tools: ToolSettings
    public var failover: FailoverSettings
    public var endpoints: EndpointSettings
    public var apiKeys: APIKeySettings
    public var runtime: RuntimeSettings

    /// Throws the first bad value, naming its key and where it was set.
    public init(_ config: Config) throws {
        model = try ModelSettings(config)
        tools = try ToolSettings(config)
        failover = try FailoverSettings(config)
        endpoints = try EndpointSettings(config)
        apiKeys = APIKeySettings(config)
        runtime = try RuntimeSettings(config)
    }
}

public struct ModelSettings: Sendable, Equatable {
    public var provider: Config.ProviderChoice
    /// `MODEL`; nil: the provider's default.
    public var model: String?
    public var reasoningEffort: String?
    /// `MODEL_ALIASES` as written (the engine's catalog parses it).
    public var aliases: String?
    public var maxSteps: Int
    /// `AUTO_COMPACT_PERCENT`, nil when `AUTO_COMPACT=0`.
    public var autoCompactPercent: Int?

    public init(_ config: Config) throws {
        provider = try config.providerChoice()
        model = config.text("MODEL")
        reasoningEffort = config.text("REASONING_EFFORT")
        aliases = config.text("MODEL_ALIASES")
        maxSteps = try config.maxSteps()
        autoCompactPercent = try config.flag("AUTO_COMPACT") ? try config.wholeNumber("AUTO_COMPACT_PERCENT") : nil
    }
}

public struct ToolSettings: Sendable, Equatable {
    public var enabled: Bool
    /// `TOOLS` and `APPROVAL` as set (nil when unset): the tool runner reads names and policy from them.
    public var tools: String?
    public var approval: String?
    /// `CHECKPOINTS`: snapshot the workspace around each turn's changes (`/undo`, `/redo`, `/rewind`).
    public var checkpoints: Bool
    /// `WEB_FETCH`: offer `web_fetch` at all.
    public var webFetch: Bool
    /// `WEB_FETCH_PRIVATE`: `web_fetch` may reach private, loopback and link-local addresses without a yes.
    public var webFetchPrivate: Bool
    /// `MCP_TOOL_TIMEOUT`: seconds an MCP tool call may take.
    public var mcpToolTimeout: Int

    public init(_ config: Config) throws {
        enabled = try config.toolsEnabled()
        tools = config["TOOLS"]
        approval = try config["APPROVAL"] == nil ? nil : config.setting("APPROVAL")
        checkpoints = try config.flag("CHECKPOINTS")
        webFetch = try config.flag("WEB_FETCH")
        webFetchPrivate = try config.flag("WEB_FETCH_PRIVATE")
        mcpToolTimeout = try config.wholeNumber("MCP_TOOL_TIMEOUT")
    }
}

public struct FailoverSettings: Sendable, Equatable {
    /// `FALLBACK_MODELS` and `WATCH_PRIORITY` as written: the engine's `modelChain` is their one reader.
    public var fallbackModels: String?
    public var watchPriority: String?
    public var rotateAtPercent: Int
    /// Seconds.
    public var retryWaitMax: Int
    /// Seconds.
    public var watchInterval: Int

    public init(_ config: Config) throws {
        fallbackModels = config.text("FALLBACK_MODELS")
        watchPriority = config.text("WATCH_PRIORITY")
        rotateAtPercent = try config.wholeNumber("ROTATE_AT_PERCENT")
        retryWaitMax = try config.retryWaitMax()
        watchInterval = try config.wholeNumber("WATCH_INTERVAL")
    }
}

/// The two OpenAI-shaped APIs an endpoint may speak.
public enum WireAPI: String, Sendable, Equatable {
    case responses, chat
}

public struct EndpointSettings: Sendable, Equatable {
    public var codexBaseURL: URL
    /// `CODEX_ORIGINATOR`; nil: the command's own (`sx_exec`, `sx_tui`).
    public var codexOriginator: String?
    public var anthropicBaseURL: URL
    public var anthropicVersion: String
    public var openAIBaseURL: URL
    public var openAIAPI: WireAPI
    public var geminiBaseURL: URL
    public var geminiContextCache: Bool
    /// `ROUTER_URL`; nil: no router provider.
    public var routerURL: URL?
    public var routerAPI: WireAPI

    public init(_ config: Config) throws {
        func required(_ key: String) throws -> URL {
            guard let u = try config.url(key) else { preconditionFailure("\(key) has no URL default") }
            return u
        }
        codexBaseURL = try required("CODEX_BASE_URL")
        codexOriginator = config.text("CODEX_ORIGINATOR")
        anthropicBaseURL = try required("ANTHROPIC_BASE_URL")
        anthropicVersion = try config.defaulted("ANTHROPIC_VERSION")
        openAIBaseURL = try required("OPENAI_BASE_URL")
        openAIAPI = WireAPI(rawValue: try config.defaulted("OPENAI_API")) ?? .responses
        geminiBaseURL = try required("GEMINI_BASE_URL")
        geminiContextCache = try config.flag("GEMINI_CONTEXT_CACHE")
        routerURL = try config.url("ROUTER_URL")
        routerAPI = WireAPI(rawValue: try config.defaulted("ROUTER_API")) ?? .chat
    }
}

/// API keys given as settings. Its description never shows them.
public struct APIKeySettings: Sendable, Equatable, CustomStringConvertible {
    public var anthropic: String?
    public var openai: String?
    public var gemini: String?
    public var router: String?

    public init(_ config: Config) {
        anthropic = config.text("ANTHROPIC_API_KEY")
        openai = config.text("OPENAI_API_KEY")
        gemini = config.text("GEMINI_API_KEY")
        router = config.text("ROUTER_API_KEY")
    }

    public var description: String {
        let set = [("anthropic", anthropic), ("openai", openai), ("gemini", gemini), ("router", router)]
            .filter { $0.1 != nil }.map(\.0)
        return "APIKeySettings(set: \(set.joined(separator: ", ")))"
    }
}

/// Switches of the running process.
public struct RuntimeSettings: Sendable, Equatable {
    /// `SX_DEMO_DELAY_MS`.
    public var demoDelayMs: Int
    /// `NO_COLOR` set and not empty (no-color.org).
    public var noColor: Bool

    public init(_ config: Config) throws {
        demoDelayMs = try config.wholeNumber("SX_DEMO_DELAY_MS")
        noColor = config["NO_COLOR"] != nil
    }
}
