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
    /// The environment this config was loaded with: the fallback of `lookup()` for keys outside the table.
    public let environment: [String: String]

    public init(
        paths: SXPaths, workingDirectory: URL, values: [String: Value] = [:], environment: [String: String] = [:]
    ) {
        self.paths = paths
        self.workingDirectory = workingDirectory
        self.values = values
        self.environment = environment
    }

    /// Loads every layer. Malformed lines throw; unknown keys become warnings. Files may set the keys of the table
    /// whose origin is `.anywhere`; the environment every key of the table; flags any key.
    public static func load(
        environment: [String: String] = ProcessEnvironment.current,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        flags: [String: String] = [:]
    ) throws -> Config {
        let paths = SXPaths.resolve(environment: environment.merging(flags.filter { $0.key == "SX_HOME" }) { $1 })
        var config = Config(paths: paths, workingDirectory: workingDirectory, environment: environment)
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
        for key in SettingKeys.all.map(\.name) {
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
    public func lookup() -> @Sendable (String) -> String? {
        let snapshot = values.mapValues(\.value)
        let environment = environment
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
        let raw = try defaulted("PROVIDER")
        guard raw.lowercased() != "auto", let p = ProviderID(userInput: raw) else { return .auto }
        return .fixed(p)
    }

    /// `TOOLS`: `0`/`off`/`none` disables every tool; `1`, unset, or a list of tool names enables tools.
    public func toolsEnabled() throws -> Bool {
        let raw = try defaulted("TOOLS")
        return !(SettingKind.no.contains(raw) || raw == "none")
    }

    public func maxSteps() throws -> Int { try wholeNumber("MAX_STEPS") }

    public func retryWaitMax() throws -> Int { try wholeNumber("RETRY_WAIT_MAX") }

    /// Checks every key of the table at once so that a bad value is reported before anything starts, as
    /// `file:line: KEY=value is not valid (expected …)`.
    public func validate() throws {
        for row in SettingKeys.all { _ = try setting(row.name) }
    }
}
