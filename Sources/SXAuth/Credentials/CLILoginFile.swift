import Foundation
import SXCore
#if canImport(Glibc)
    import Glibc
#endif

/// A CLI's own login file behind a mirror profile, as OpenClaw mirrors them (openclaw
/// `src/agents/auth-profiles/constants.ts` CLAUDE_CLI_PROFILE_ID / CODEX_CLI_PROFILE_ID, `src/agents/cli-credentials.ts`):
/// - `anthropic:claude-cli` ↔ Claude Code's `~/.claude/.credentials.json`:
///   `{"claudeAiOauth":{"accessToken","refreshToken","expiresAt" (ms),"scopes",…}}`;
/// - `openai-codex:codex-cli` ↔ Codex's `~/.codex/auth.json`: `{"tokens":{"access_token","refresh_token",…}}`.
/// The file is edited as a tree so that keys sx does not know, their order, the indentation style and the mode all
/// survive a write-back.
struct CLILoginFile {
    enum Kind { case claude, codex }

    let kind: Kind
    let url: URL
    /// The bytes read: a write-back happens only if the file still holds exactly these.
    let data: Data
    var root: JSONObject
    let mode: mode_t

    var access: String? { kind == .claude ? login?["accessToken"]?.stringValue : login?["access_token"]?.stringValue }
    var refresh: String? {
        kind == .claude ? login?["refreshToken"]?.stringValue : login?["refresh_token"]?.stringValue
    }
    /// Claude: `expiresAt` (ms). Codex: the access token's JWT `exp` (docs/protocol/codex-login.md#token-claims).
    var expires: Date? {
        if kind == .claude { return login?["expiresAt"]?.int64Value.map(Date.init(epochMillis:)) }
        return access.flatMap { JWTClaims(jwt: $0)?.expires }
    }
    var accountId: String? { kind == .codex ? login?["account_id"]?.stringValue : nil }
    private var loginKey: String { kind == .claude ? "claudeAiOauth" : "tokens" }
    private var login: JSONObject? { root[loginKey]?.objectValue }

    static func kind(forProfile id: String) -> Kind? {
        switch id {
        case CredentialStore.claudeCLIProfileId: .claude
        case CredentialStore.codexCLIProfileId: .codex
        default: nil
        }
    }

    /// nil when the file is missing or holds no OAuth login of that CLI: then there is nothing to mirror, and sx
    /// never creates or overwrites such a file.
    static func read(_ kind: Kind, _ url: URL) -> CLILoginFile? {
        var st = stat()
        guard stat(url.path, &st) == 0, let data = FileManager.default.contents(atPath: url.path),
            let root = (try? JSONParser.parse(data))?.objectValue
        else { return nil }
        let f = CLILoginFile(kind: kind, url: url, data: data, root: root, mode: st.st_mode & 0o7777)
        guard f.access?.isEmpty == false, f.refresh?.isEmpty == false else { return nil }
        return f
    }

    /// The file with refreshed tokens in place; every other key stays where it was.
    func updated(with tokens: OAuthTokens, expires: Date, now: Date) -> CLILoginFile {
        var copy = self
        copy.root.withObject(loginKey) { o in
            switch kind {
            case .claude:
                o["accessToken"] = .string(tokens.accessToken)
                if let r = tokens.refreshToken, !r.isEmpty { o["refreshToken"] = .string(r) }
                o["expiresAt"] = .int(expires.epochMillis)
            case .codex:
                // docs/protocol/codex-login.md#token-refresh: each returned field replaces only itself.
                o["access_token"] = .string(tokens.accessToken)
                if let r = tokens.refreshToken, !r.isEmpty { o["refresh_token"] = .string(r) }
                if let i = tokens.idToken, !i.isEmpty { o["id_token"] = .string(i) }
            }
        }
        if kind == .codex { copy.root["last_refresh"] = .string(UTCTime.iso8601Nanos(now)) }
        return copy
    }

    /// The text in the file's own style: indented if it was (Codex writes two-space indented JSON), one line if it
    /// was one line, with the final newline kept or left out as before.
    func text() -> String {
        let original = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let value = JSONValue.object(root)
        let body = original.contains("\n") ? value.serialized() : value.compact()
        return data.last == UInt8(ascii: "\n") ? body + "\n" : body
    }

    /// Backs the file up to `$SX_HOME/backups/<name>.<UTC stamp>` (0600, newest 20 kept), then replaces it
    /// atomically with its own mode. Only when the file still holds the bytes read: if the CLI rewrote it meanwhile,
    /// its own write wins and nothing is touched (returns false).
    @discardableResult
    func writeBack(paths: SXPaths, now: Date) throws -> Bool {
        guard FileManager.default.contents(atPath: url.path) == data else { return false }
        try ProfileStore.backup(data, name: backupName, paths: paths, now: now)
        try AtomicFile.write(Data(text().utf8), to: url, mode: mode)
        return true
    }

    var backupName: String { kind == .claude ? "claude-credentials.json" : "codex-auth.json" }
}
