import ArgumentParser
import Foundation
import SXCore
import SXAuth
import SXEngine
#if canImport(Glibc)
    import Glibc
#endif

/// The one place auth configuration is read; the lead will point it at the layered config.
func authLookup(_ key: String) -> String? { layeredLookup(key) }

/// The layered configuration (files, then environment) for the auth commands; a config file that does not parse
/// falls back to the environment alone here, and the model-facing commands report it.
private let layeredLookup: @Sendable (String) -> String? = {
    if let config = try? Config.load() { return config.lookup() }
    let env = ProcessEnvironment.current
    return { env[$0] }
}()

/// What every auth command needs, built from configuration; `close()` must run before exit.
struct AuthContext {
    let paths: SXPaths
    let settings: AuthSettings
    let pool: HTTPClientPool
    let credentials: CredentialStore
    var store: ProfileStore { credentials.store }
    var http: AuthHTTP { AuthHTTP(pool: pool) }

    static func make() throws -> AuthContext {
        var env: [String: String] = [:]
        for k in ["SX_HOME", "HOME"] { if let v = authLookup(k) { env[k] = v } }
        let paths = SXPaths.resolve(environment: env)
        let settings = try AuthSettings.from(authLookup)
        let pool = try HTTPClientPool(settings: NetworkSettings.from(authLookup))
        return AuthContext(
            paths: paths, settings: settings, pool: pool,
            credentials: CredentialStore(paths: paths, settings: settings, pool: pool))
    }

    /// Runs `body` with a context and always shuts the HTTP pool down; errors become one `sx:` line and exit 1.
    static func run(_ body: (AuthContext) async throws -> Void) async throws {
        let ctx: AuthContext
        do { ctx = try make() } catch { throw fail(error) }
        do {
            try await body(ctx)
            await ctx.pool.shutdown()
        } catch {
            await ctx.pool.shutdown()
            if error is ExitCode || error is CleanExit { throw error }
            throw fail(error)
        }
    }

    static func fail(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("sx: \(error)\n".utf8))
        return ExitCode(1)
    }

    /// `NAME` or `provider:NAME` → a profile id.
    static func profileId(_ text: String, provider: ProviderID?, doc: AuthStoreDocument) throws -> String {
        if text.contains(":") { return text }
        if let provider { return "\(provider.rawValue):\(text)" }
        let matches = doc.allProfiles.filter { $0.name == text }
        guard matches.count == 1 else {
            throw ValidationError(
                matches.isEmpty
                    ? "no profile named '\(text)' (see `sx auth list`)"
                    : "'\(text)' is ambiguous: use one of \(matches.map(\.id).joined(separator: ", "))")
        }
        return matches[0].id
    }
}

func errLine(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

extension ProviderID: ExpressibleByArgument {
    public init?(argument: String) { self.init(userInput: argument) }
}

struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth", abstract: "Manage provider logins and API keys (profiles).",
        subcommands: [
            AuthLoginCommand.self, AuthImportCodexCommand.self, AuthAddKeyCommand.self, AuthListCommand.self,
            AuthLogoutCommand.self, AuthOrderCommand.self
        ])
}

struct AuthImportCodexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-codex", abstract: "Copy Codex CLI's ChatGPT login (~/.codex/auth.json) into a profile.")
    @Argument(help: "Profile name (default: codex; an existing profile of the same account is updated).")
    var name: String?

    func run() async throws {
        try await AuthContext.run { ctx in
            let file = try CodexAuthFile.read(ctx.settings.codexAuthFile)
            let (id, replaced) = try await ctx.store.importCodex(file, name: name)
            errLine(
                "warning: sx and Codex now share one refresh chain; when one of them refreshes, the other is "
                    + "logged out. Prefer `sx auth login` for a separate login.")
            print(
                "\(replaced ? "Updated" : "Imported") \(id) (\(file.claims.email ?? file.accountId ?? "unknown account"))"
            )
        }
    }
}

struct AuthAddKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-key", abstract: "Store an API key read from stdin (never from the command line).")
    @Option(help: "Provider: anthropic, openai, google, router, …") var provider: ProviderID
    @Argument(help: "Profile name.") var name: String

    func run() async throws {
        try await AuthContext.run { ctx in
            let key = readSecret(prompt: "Paste the \(provider.displayName) API key, then Enter: ")
            guard !key.isEmpty else { throw ValidationError("no key on stdin") }
            let id = try await ctx.store.addKey(provider: provider, name: name, key: key)
            print("Saved \(id) (\(Redact.mask(key)))")
        }
    }
}

/// A line from stdin; on a terminal, without echo.
func readSecret(prompt: String) -> String {
    guard isatty(0) == 1 else {
        return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    FileHandle.standardError.write(Data(prompt.utf8))
    var old = termios()
    tcgetattr(0, &old)
    var quiet = old
    quiet.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(0, TCSANOW, &quiet)
    let line = readLine() ?? ""
    tcsetattr(0, TCSANOW, &old)
    FileHandle.standardError.write(Data("\n".utf8))
    return line.trimmingCharacters(in: .whitespacesAndNewlines)
}

struct AuthLogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Remove a profile (a backup is kept).")
    @Argument(help: "Profile id or name.") var name: String

    func run() async throws {
        try await AuthContext.run { ctx in
            let id = try AuthContext.profileId(name, provider: nil, doc: ctx.store.load())
            try await ctx.store.logout(id)
            print("Removed \(id)")
        }
    }
}

struct AuthOrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Set the order in which a provider's profiles are tried (no ids: clear it).")
    @Argument(help: "Provider.") var provider: ProviderID
    @Argument(help: "Profile ids or names, first tried first.") var ids: [String] = []

    func run() async throws {
        try await AuthContext.run { ctx in
            let doc = try ctx.store.load()
            let full = try ids.map { try AuthContext.profileId($0, provider: provider, doc: doc) }
            try await ctx.store.setOrder(full, for: provider)
            print(
                full.isEmpty
                    ? "Cleared the order of \(provider.displayName)"
                    : "Order of \(provider.displayName): \(full.joined(separator: ", "))")
        }
    }
}

struct CodexFetchTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codex-fetchtoken",
        abstract: "Print a valid Codex access token (refreshed or fetched if needed) as the last line.")
    @Option(help: "Profile id (default: the first usable openai-codex profile).") var profile: String?
    @Flag(help: "Print {profile, account_id, expires_at, access_token} as one JSON object.") var json = false

    func run() async throws {
        try await AuthContext.run { ctx in
            let id: String
            if let profile {
                id = try AuthContext.profileId(profile, provider: .openaiCodex, doc: ctx.store.load())
            } else {
                guard let first = try await ctx.credentials.profileIds(for: .openaiCodex).first else {
                    throw CredentialError.noProfiles(.openaiCodex)
                }
                id = first
            }
            let c = try await ctx.credentials.credential(profileId: id, forceRefresh: false)
            let expires = c.expiresAt.map { Int64($0.timeIntervalSince1970) }
            if json {
                var o = JSONObject()
                o["profile"] = .string(c.profileId)
                o["account_id"] = c.accountId.map(JSONValue.string) ?? .null
                o["expires_at"] = expires.map { JSONValue.int($0) } ?? .null
                o["access_token"] = .string(c.secret)
                print(JSONValue.object(o).compact())
            } else {
                errLine(
                    "profile \(c.profileId), account \(c.accountId ?? "-"), expires "
                        + (c.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "unknown"))
                print(c.secret)
            }
        }
    }
}
