import Foundation
import SXCore

/// Where a Codex access token comes from (`CODEX_TOKEN_SOURCE`).
public enum CodexTokenSource: String, Sendable, CaseIterable {
    /// The profile store (and, read-only, Codex's own auth.json); sx refreshes OAuth logins itself.
    case local
    /// `GET CODEX_REMOTE_URL`; the server owns the login and refreshes it.
    case remote
    /// A token file read over the system `ssh`; the remote machine owns the login.
    case ssh
}

/// The auth keys of sx's configuration, read once from a key lookup (config file merged with the environment).
public struct AuthSettings: Sendable {
    public var issuer: URL
    public var claudeAuthURL: URL?
    public var tokenSource: CodexTokenSource
    public var remoteURL: String
    public var remoteToken: String?
    public var ssh: SSHSettings?
    public var originator: String
    /// Codex CLI's auth.json (read only, or written back when it is mirrored as `openai-codex:codex-cli`).
    public var codexAuthFile: URL
    /// Claude Code's own login, mirrored as `anthropic:claude-cli`.
    public var claudeCredentialsFile: URL

    public static let defaultRemoteURL = SettingKeys.defaultValue("CODEX_REMOTE_URL")

    public static func from(_ value: (String) -> String?) throws -> AuthSettings {
        func v(_ k: String) -> String? {
            guard let s = value(k)?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
            return s
        }
        let issuerText = v("CODEX_AUTH_ISSUER") ?? OpenAIOAuth.defaultIssuer
        guard let issuer = URL(string: issuerText.hasSuffix("/") ? String(issuerText.dropLast()) : issuerText),
            issuer.scheme == "https" || issuer.scheme == "http", issuer.host != nil
        else {
            throw AuthSettingsError.invalid(key: "CODEX_AUTH_ISSUER", value: issuerText, expected: "an https URL")
        }
        var claude: URL?
        if let c = v("CLAUDE_AUTH_URL") {
            guard let u = URL(string: c), u.host != nil else {
                throw AuthSettingsError.invalid(key: "CLAUDE_AUTH_URL", value: c, expected: "an https URL")
            }
            claude = u
        }
        let srcText = (v("CODEX_TOKEN_SOURCE") ?? SettingKeys.defaultValue("CODEX_TOKEN_SOURCE")).lowercased()
        guard let source = CodexTokenSource(rawValue: srcText) else {
            throw AuthSettingsError.invalid(key: "CODEX_TOKEN_SOURCE", value: srcText, expected: "local, remote or ssh")
        }
        var ssh: SSHSettings?
        if let host = v("CODEX_SSH_HOST") {
            let portText = v("CODEX_SSH_PORT") ?? SettingKeys.defaultValue("CODEX_SSH_PORT")
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw AuthSettingsError.invalid(
                    key: "CODEX_SSH_PORT", value: portText, expected: "a port number 1-65535")
            }
            ssh = SSHSettings(
                host: host, user: v("CODEX_SSH_USER"), port: port, keyFile: v("CODEX_SSH_KEY"),
                password: value("CODEX_SSH_PASS").flatMap { $0.isEmpty ? nil : $0 },
                remotePath: v("CODEX_SSH_PATH") ?? SettingKeys.defaultValue("CODEX_SSH_PATH"),
                knownHostsFile: v("CODEX_SSH_KNOWN_HOSTS"))
        } else if source == .ssh {
            throw AuthSettingsError.missing(key: "CODEX_SSH_HOST", why: "CODEX_TOKEN_SOURCE=ssh")
        }
        var env: [String: String] = [:]
        for k in ["CODEX_HOME", "CLAUDE_CONFIG_DIR", "HOME"] { if let x = v(k) { env[k] = x } }
        let fileEnv = env.isEmpty ? ProcessEnvironment.current : env
        return AuthSettings(
            issuer: issuer, claudeAuthURL: claude, tokenSource: source,
            remoteURL: v("CODEX_REMOTE_URL") ?? defaultRemoteURL, remoteToken: v("CODEX_REMOTE_TOKEN"),
            ssh: ssh, originator: v("CODEX_ORIGINATOR") ?? "sx",
            codexAuthFile: CodexAuthFile.defaultURL(environment: fileEnv),
            claudeCredentialsFile: claudeCredentialsURL(fileEnv))
    }

    /// `$CLAUDE_CONFIG_DIR/.credentials.json`, else `~/.claude/.credentials.json`: Claude Code keeps its config
    /// folder in `CLAUDE_CONFIG_DIR` when set (as its public tools resolve it), `~/.claude` otherwise.
    public static func claudeCredentialsURL(_ environment: [String: String]) -> URL {
        if let d = environment["CLAUDE_CONFIG_DIR"], !d.isEmpty {
            return URL(fileURLWithPath: d).appendingPathComponent(".credentials.json")
        }
        return SXPaths.userHome(environment).appendingPathComponent(".claude/.credentials.json")
    }
}

public enum AuthSettingsError: Error, Sendable, CustomStringConvertible {
    case invalid(key: String, value: String, expected: String)
    case missing(key: String, why: String)
    public var description: String {
        switch self {
        case let .invalid(key, value, expected): "\(key)='\(value)' is not valid: expected \(expected)"
        case let .missing(key, why): "\(key) must be set when \(why)"
        }
    }
}
