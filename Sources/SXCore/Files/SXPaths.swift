import Foundation

/// Where sx keeps its state: `SX_HOME` (default `~/.scorpiox`).
public struct SXPaths: Sendable, Equatable {
    public let home: URL

    public init(home: URL) { self.home = home.standardizedFileURL }

    /// `SX_HOME` from the given environment, else `~/.scorpiox`.
    public static func resolve(environment: [String: String]) -> SXPaths {
        if let h = environment["SX_HOME"], !h.isEmpty {
            return SXPaths(home: URL(fileURLWithPath: (h as NSString).expandingTildeInPath))
        }
        return SXPaths(home: userHome(environment).appendingPathComponent(".scorpiox"))
    }

    public static func userHome(_ environment: [String: String]) -> URL {
        if let h = environment["HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    public var authProfiles: URL { home.appendingPathComponent("auth-profiles.json") }
    public var authProfilesLock: URL { home.appendingPathComponent("auth-profiles.json.lock") }
    public var backups: URL { home.appendingPathComponent("backups") }
    public var envFile: URL { home.appendingPathComponent("scorpiox-env.txt") }
    public var codexToken: URL { home.appendingPathComponent("codex-token.json") }
    public var sessions: URL { home.appendingPathComponent("sessions") }
    /// Shadow git repositories of the workspaces' checkpoints, one folder per workspace.
    public var snapshots: URL { home.appendingPathComponent("snapshots") }
    public var modelSwitch: URL { home.appendingPathComponent("model-switch.json") }
    public var log: URL { home.appendingPathComponent("sx.log") }
    public var keys: URL { home.appendingPathComponent("keys.txt") }

    /// Creates `SX_HOME` with mode 0700 if it is missing (and tightens it if it is looser).
    public func ensureHome() throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: home.path) {
            try fm.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        _ = chmod(home.path, 0o700)
    }
}
