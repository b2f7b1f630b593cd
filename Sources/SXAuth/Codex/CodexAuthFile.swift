import Foundation
import SXCore

/// Codex CLI's `~/.codex/auth.json` (ChatGPT mode), as sx reads it. sx writes it only to put back the tokens of a
/// refreshed `openai-codex:codex-cli` mirror profile (`CLILoginFile`).
public struct CodexAuthFile: Sendable, Equatable {
    public var idToken: String?
    public var accessToken: String
    public var refreshToken: String?
    public var accountId: String?
    public var lastRefresh: String?
    public var authMode: String?

    public init(
        idToken: String?, accessToken: String, refreshToken: String?, accountId: String?,
        lastRefresh: String? = nil, authMode: String? = "chatgpt"
    ) {
        self.idToken = idToken
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.accountId = accountId
        self.lastRefresh = lastRefresh
        self.authMode = authMode
    }

    /// `$CODEX_HOME/auth.json`, else `~/.codex/auth.json`.
    public static func defaultURL(environment: [String: String]) -> URL {
        if let h = environment["CODEX_HOME"], !h.isEmpty {
            return URL(fileURLWithPath: h).appendingPathComponent("auth.json")
        }
        return SXPaths.userHome(environment).appendingPathComponent(".codex/auth.json")
    }

    public static func read(_ url: URL) throws -> CodexAuthFile {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CodexAuthFileError.unreadable(url.path)
        }
        return try parse(data, source: url.path)
    }

    /// Accepts the auth.json shape; `source` names the file or URL in errors.
    public static func parse(_ data: Data, source: String) throws -> CodexAuthFile {
        let root: JSONObject
        do {
            guard let o = try JSONParser.parse(data).objectValue else {
                throw CodexAuthFileError.malformed(source, "not a JSON object")
            }
            root = o
        } catch let e as JSONParseError {
            throw CodexAuthFileError.malformed(source, e.description)
        }
        let mode = root["auth_mode"]?.stringValue
        if mode == "apikey" || (mode == nil && root["OPENAI_API_KEY"]?.stringValue != nil && root["tokens"] == nil) {
            throw CodexAuthFileError.apiKeyMode(source)
        }
        guard let tokens = root["tokens"]?.objectValue else {
            throw CodexAuthFileError.malformed(source, "no \"tokens\" object")
        }
        guard let access = tokens["access_token"]?.stringValue, !access.isEmpty else {
            throw CodexAuthFileError.malformed(source, "tokens.access_token is missing")
        }
        let id = tokens["id_token"]?.stringValue
        return CodexAuthFile(
            idToken: id, accessToken: access, refreshToken: tokens["refresh_token"]?.stringValue,
            accountId: tokens["account_id"]?.stringValue
                ?? JWTClaims.merged(idToken: id, accessToken: access).accountId,
            lastRefresh: root["last_refresh"]?.stringValue, authMode: mode)
    }

    public var claims: JWTClaims { JWTClaims.merged(idToken: idToken, accessToken: accessToken) }
    /// The access token's `exp`.
    public var expires: Date? { claims.expires }
}

public enum CodexAuthFileError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case malformed(String, String)
    case apiKeyMode(String)

    public var description: String {
        switch self {
        case .unreadable(let p): "cannot read \(p) (log in with `codex login` first)"
        case .malformed(let p, let why): "\(p) is not a Codex auth.json: \(why)"
        case .apiKeyMode(let p):
            "\(p) holds an API key login, not a ChatGPT login; use `sx auth add-key --provider openai`"
        }
    }
}
