import Foundation

/// The layered configuration: `$SX_HOME/scorpiox-env.txt`, then `./scorpiox-env.txt`, then environment variables,
/// then command-line flags — each layer overriding the one before. Every value remembers where it came from so
/// that a bad value is reported as `file:line: KEY=… is not valid`.
public struct Config: Sendable {
    public struct Value: Sendable, Equatable {
        public var value: String
        /// `path:line`, `environment` or `flag`.
        public var source: String

        public init(value: String, source: String) {
            self.value = value
            self.source = source
        }
    }

    public private(set) var values: [String: Value] = [:]
    /// Unknown keys and other things worth a line on stderr, never fatal.
    public private(set) var warnings: [String] = []
    public let paths: SXPaths
    public let workingDirectory: URL

    public init(paths: SXPaths, workingDirectory: URL, values: [String: Value] = [:]) {
        self.paths = paths
        self.workingDirectory = workingDirectory
        self.values = values
    }

    /// Loads every layer. Malformed lines throw; unknown keys become warnings.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                            flags: [String: String] = [:]) throws -> Config {
        let paths = SXPaths.resolve(environment: environment.merging(flags.filter { $0.key == "SX_HOME" }) { $1 })
        var config = Config(paths: paths, workingDirectory: workingDirectory)
        let userFile = paths.envFile.path
        let projectFile = workingDirectory.appendingPathComponent("scorpiox-env.txt").standardizedFileURL.path
        for file in userFile == projectFile ? [userFile] : [userFile, projectFile] {
            let env = try EnvFile.load(file)
            for e in env.entries {
                if ConfigKeys.known[e.key] == nil {
                    config.warnings.append("\(file):\(e.line): unknown key \(e.key) (ignored)")
                    continue
                }
                config.values[e.key] = Value(value: e.value, source: "\(file):\(e.line)")
            }
        }
        for key in ConfigKeys.known.keys {
            if let v = environment[key] { config.values[key] = Value(value: v, source: "environment") }
        }
        for (k, v) in flags { config.values[k] = Value(value: v, source: "flag") }
        return config
    }

    public subscript(key: String) -> String? {
        guard let v = values[key]?.value, !v.isEmpty else { return nil }
        return v
    }

    /// A lookup closure for layers below the engine (SXAuth settings, network settings). Proxy variables and the
    /// like also come from the environment when the config does not set them.
    public func lookup(environment: [String: String] = ProcessInfo.processInfo.environment) -> @Sendable (String) -> String? {
        let snapshot = values.mapValues(\.value)
        return { key in
            if let v = snapshot[key], !v.isEmpty { return v }
            return environment[key]
        }
    }

    public func source(of key: String) -> String { values[key]?.source ?? "default" }

    public mutating func set(_ key: String, _ value: String, source: String = "flag") {
        values[key] = Value(value: value, source: source)
    }

    // MARK: typed settings

    public enum ProviderChoice: Sendable, Equatable {
        case auto
        case fixed(ProviderID)
    }

    public func providerChoice() throws -> ProviderChoice {
        guard let raw = self["PROVIDER"], raw.lowercased() != "auto" else { return .auto }
        guard let p = ProviderID(userInput: raw) else {
            throw ConfigError.badValue(key: "PROVIDER", value: raw, source: source(of: "PROVIDER"),
                                       expected: "auto, codex, claude-code, anthropic, openai, google, router or demo")
        }
        return .fixed(p)
    }

    /// `TOOLS`: `0`/`off`/`none` disables every tool; `1`, unset, or a list of tool names enables tools.
    public func toolsEnabled() throws -> Bool {
        guard let raw = self["TOOLS"]?.lowercased() else { return true }
        if ["0", "false", "no", "off", "none"].contains(raw) { return false }
        if ["1", "true", "yes", "on", "all"].contains(raw) { return true }
        let known = Set(BuiltInToolNames.all)
        let names = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy(known.contains) else {
            throw ConfigError.badValue(key: "TOOLS", value: raw, source: source(of: "TOOLS"),
                                       expected: "1, 0 or a comma-separated list of: \(known.sorted().joined(separator: ", "))")
        }
        return true
    }

    public func maxSteps() throws -> Int {
        try positiveInt("MAX_STEPS", default: 50)
    }

    public func bool(_ key: String, default def: Bool) throws -> Bool {
        guard let raw = self[key] else { return def }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError.badValue(key: key, value: raw, source: source(of: key), expected: "1 or 0")
        }
    }

    public func positiveInt(_ key: String, default def: Int) throws -> Int {
        guard let raw = self[key] else { return def }
        guard let n = Int(raw), n > 0 else {
            throw ConfigError.badValue(key: key, value: raw, source: source(of: key), expected: "a positive whole number")
        }
        return n
    }

    /// `RETRY_WAIT_MAX`: seconds, 0 (never wait) to an hour (a longer wait is a failure the person should see).
    public func retryWaitMax() throws -> Int {
        guard let raw = self["RETRY_WAIT_MAX"] else { return 60 }
        guard let n = Int(raw), (0...3600).contains(n) else {
            throw ConfigError.badValue(key: "RETRY_WAIT_MAX", value: raw, source: source(of: "RETRY_WAIT_MAX"),
                                       expected: "a whole number of seconds from 0 to 3600")
        }
        return n
    }

    public func oneOf(_ key: String, _ allowed: [String], default def: String) throws -> String {
        guard let raw = self[key]?.lowercased() else { return def }
        guard allowed.contains(raw) else {
            throw ConfigError.badValue(key: key, value: raw, source: source(of: key), expected: allowed.joined(separator: ", "))
        }
        return raw
    }

    /// Checks every typed key at once so that a bad value is reported before anything starts.
    public func validate() throws {
        _ = try providerChoice()
        _ = try toolsEnabled()
        _ = try maxSteps()
        _ = try oneOf("APPROVAL", ["auto", "ask", "never"], default: "ask")
        _ = try oneOf("OPENAI_API", ["responses", "chat"], default: "responses")
        _ = try oneOf("CODEX_TOKEN_SOURCE", ["local", "remote", "ssh"], default: "local")
        if self["ROTATE_AT_PERCENT"] != nil { _ = try positiveInt("ROTATE_AT_PERCENT", default: 95) }
        if self["WATCH_INTERVAL"] != nil { _ = try positiveInt("WATCH_INTERVAL", default: 600) }
        _ = try retryWaitMax()
        if self["CODEX_SSH_PORT"] != nil { _ = try positiveInt("CODEX_SSH_PORT", default: 22) }
        for key in ["CODEX_BASE_URL", "ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "GEMINI_BASE_URL", "ROUTER_URL",
                    "CODEX_AUTH_ISSUER", "CLAUDE_AUTH_URL", "CODEX_REMOTE_URL"] {
            if let raw = self[key] {
                guard let u = URL(string: raw), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
                      u.host != nil else {
                    throw ConfigError.badValue(key: key, value: raw, source: source(of: key), expected: "an http(s) URL")
                }
            }
        }
    }
}
