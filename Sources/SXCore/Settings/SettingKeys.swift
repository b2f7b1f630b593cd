import Foundation

/// Every key sx reads, in one table (DECISIONS 36). The typed sections (`Settings`), the validation of settings
/// files, `sx config` and the README's key table all come from these rows; nothing else names a key's default.
public enum SettingKeys {
    public static let all: [SettingKey] =
        model + tools + failover + endpoints + apiKeys + codexToken + connection
        + files + terminal + runtime

    private static let byName: [String: SettingKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static subscript(name: String) -> SettingKey? { byName[name] }

    /// A row sx's own code names; a missing one is a programming error, caught by any test that reads it.
    static func row(_ name: String) -> SettingKey {
        guard let r = byName[name] else { preconditionFailure("\(name) is not in SettingKeys.all") }
        return r
    }

    /// The default of a key whose row has one (the providers' base URLs are these).
    public static func defaultValue(_ name: String) -> String {
        guard let d = row(name).defaultValue else { preconditionFailure("\(name) has no default") }
        return d
    }

    static let providers = "auto, codex, claude-code, anthropic, openai, google, router or demo"
    static let provider = SettingKind(summary: "auto or a provider", expected: providers) { raw in
        raw.lowercased() == "auto" || ProviderID(userInput: raw) != nil
    }
    static let toolNames = BuiltInToolNames.all.sorted()
    /// `TOOLS`: on/off words, or the names of the tools to offer.
    static let toolsKind = SettingKind(
        summary: "1, 0 or tool names",
        expected: "1, 0 or a comma-separated list of: \(toolNames.joined(separator: ", "))",
        caseInsensitive: true
    ) { raw in
        if SettingKind.yes.contains(raw) || SettingKind.no.contains(raw) || raw == "all" || raw == "none" {
            return true
        }
        let names = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return !names.isEmpty && names.allSatisfy(toolNames.contains)
    }

    static let model: [SettingKey] = [
        SettingKey(
            "PROVIDER", provider, default: "auto", .model,
            "auto (first with a usable login, else demo), codex, claude-code, anthropic, openai, google, router, demo"
        ),
        SettingKey(
            "MODEL", .text, note: "the provider's first listed model", .model,
            "model id or alias for the provider; one it no longer lists is refused with the nearest listed one"),
        SettingKey(
            "REASONING_EFFORT", .text, note: "the model's listed default", .model,
            "minimal, low, medium, high, xhigh, max, ultra or none; clamped to the levels the model lists"
        ),
        SettingKey("MODEL_ALIASES", .list, .model, "your own model aliases: name=provider/model, comma-separated"),
        SettingKey("MAX_STEPS", .positiveWholeNumber, default: "50", .model, "most model requests in one turn"),
        SettingKey(
            "AUTO_COMPACT", .flag, default: "1", .model,
            "1 to summarise a long conversation before it outgrows the model's window, 0 only when the server refuses it"
        ),
        SettingKey(
            "AUTO_COMPACT_PERCENT", .wholeNumber(10...100, expected: "a whole number from 10 to 100"), default: "90",
            .model, "compact before a request would carry this share of the model's usable window")
    ]

    static let tools: [SettingKey] = [
        SettingKey(
            "TOOLS", toolsKind, default: "1", .tools,
            "1 to let the model use tools, 0 to offer none, or a list of tool names"),
        SettingKey(
            "APPROVAL", .choice(["auto", "ask", "never"]), default: "ask", .tools,
            "approval of shell commands and file writes"),
        SettingKey(
            "CHECKPOINTS", .flag, default: "1", .tools,
            "1 to snapshot the workspace before each turn's first change (for /undo, /redo, /rewind), 0 for none"),
        SettingKey(
            "WEB_FETCH", .flag, default: "1", .tools,
            "1 to offer the web_fetch tool (asks like a shell command under APPROVAL=ask), 0 to remove it"),
        SettingKey(
            "WEB_FETCH_PRIVATE", .flag, default: "0", .tools,
            "1 to let web_fetch reach private, loopback and link-local addresses without asking (APPROVAL=auto)"),
        SettingKey(
            "MCP_TOOL_TIMEOUT", .positiveWholeNumber, default: "120", .tools,
            "seconds an MCP server's tool call may take before it fails and the turn goes on")
    ]

    static let failover: [SettingKey] = [
        SettingKey(
            "FALLBACK_MODELS", .list, .failover,
            "provider/model or aliases tried in order when a provider has nothing usable"),
        SettingKey(
            "ROTATE_AT_PERCENT", .positiveWholeNumber, default: "95", .failover,
            "move to another profile at this usage percentage"),
        SettingKey(
            "RETRY_WAIT_MAX", .wholeNumber(0...3600, expected: "a whole number of seconds from 0 to 3600"),
            default: "60",
            .failover, "longest wait in seconds for a rate limit to reset instead of failing (0: never wait)"),
        SettingKey(
            "WATCH_INTERVAL", .positiveWholeNumber, default: "600", .failover, "auto-switch watcher interval in seconds"
        ),
        SettingKey(
            "WATCH_PRIORITY", .list, note: "the model and its fallbacks", .failover,
            "auto-switch priority: provider/model or aliases, comma-separated")
    ]

    static let endpoints: [SettingKey] = [
        SettingKey(
            "CODEX_BASE_URL", .httpURL, default: "https://chatgpt.com/backend-api/codex", .endpoints,
            "Codex backend base URL"),
        SettingKey(
            "CODEX_ORIGINATOR", .text, note: "sx_exec, sx_tui; sx for logins", .endpoints,
            "originator header sent to Codex"),
        SettingKey(
            "CODEX_AUTH_ISSUER", .httpURL, default: "https://auth.openai.com", .endpoints, "OpenAI OAuth issuer"),
        SettingKey(
            "ANTHROPIC_BASE_URL", .httpURL, default: "https://api.anthropic.com", .endpoints, "Anthropic API base URL"),
        SettingKey("ANTHROPIC_VERSION", .text, default: "2023-06-01", .endpoints, "anthropic-version header"),
        SettingKey("CLAUDE_AUTH_URL", .httpURL, note: "Claude's own", .endpoints, "Claude OAuth base URL"),
        SettingKey(
            "OPENAI_BASE_URL", .httpURL, default: "https://api.openai.com/v1", .endpoints, "OpenAI API base URL"),
        SettingKey(
            "OPENAI_API", .choice(["responses", "chat"]), default: "responses", .endpoints,
            "the API the OpenAI endpoint speaks: chat for Chat Completions servers"),
        SettingKey(
            "GEMINI_BASE_URL", .httpURL, default: "https://generativelanguage.googleapis.com", .endpoints,
            "Gemini API base URL"),
        SettingKey(
            "GEMINI_CONTEXT_CACHE", .flag, default: "1", .endpoints,
            "1 to store long stable prompt prefixes as Gemini cachedContents, 0 to not"),
        SettingKey("ROUTER_URL", .httpURL, .endpoints, "OpenAI-compatible local router URL (adds the router provider)"),
        SettingKey(
            "ROUTER_API", .choice(["chat", "responses"]), default: "chat", .endpoints, "the API the router speaks")
    ]

    static let apiKeys: [SettingKey] = [
        SettingKey(
            "ANTHROPIC_API_KEY", .text, .apiKeys, "Anthropic API key, used as profile anthropic:env", secret: true),
        SettingKey("OPENAI_API_KEY", .text, .apiKeys, "OpenAI API key, used as profile openai:env", secret: true),
        SettingKey("GEMINI_API_KEY", .text, .apiKeys, "Gemini API key, used as profile google:env", secret: true),
        SettingKey("ROUTER_API_KEY", .text, .apiKeys, "optional bearer token for the router", secret: true)
    ]

    static let codexToken: [SettingKey] = [
        SettingKey(
            "CODEX_TOKEN_SOURCE", .choice(["local", "remote", "ssh"]), default: "local", .codexToken,
            "where the Codex token comes from: the profile store, CODEX_REMOTE_URL or CODEX_SSH_HOST"),
        SettingKey(
            "CODEX_REMOTE_URL", .httpURL, default: "https://token.scorpiox.net/codex", .codexToken,
            "URL of the remote token endpoint"),
        SettingKey("CODEX_REMOTE_TOKEN", .text, .codexToken, "bearer for the remote token endpoint", secret: true),
        SettingKey("CODEX_SSH_HOST", .text, .codexToken, "host holding the Codex token file"),
        SettingKey("CODEX_SSH_USER", .text, .codexToken, "ssh user"),
        SettingKey("CODEX_SSH_PASS", .text, .codexToken, "ssh password", secret: true),
        SettingKey(
            "CODEX_SSH_PORT", .wholeNumber(1...65535, expected: "a port number 1-65535"), default: "22", .codexToken,
            "ssh port"),
        SettingKey("CODEX_SSH_KEY", .path, .codexToken, "ssh private key file"),
        SettingKey(
            "CODEX_SSH_PATH", .path, default: "~/.codex/auth.json", .codexToken, "token file path on the ssh host"),
        SettingKey("CODEX_SSH_KNOWN_HOSTS", .path, .codexToken, "known_hosts file for the ssh host")
    ]

    static let connection: [SettingKey] = [
        SettingKey("SX_CA_CERTIFICATE", .path, .connection, "extra CA certificates (PEM) to trust"),
        SettingKey(
            "HTTPS_PROXY", .text, .connection,
            "proxy for https (also http when HTTP_PROXY is unset); loopback is never proxied"),
        SettingKey("HTTP_PROXY", .text, .connection, "proxy for http"),
        SettingKey("NO_PROXY", .list, .connection, "hosts that bypass the proxy: names, .suffix domains, *"),
        SettingKey("https_proxy", .text, .connection, "read when HTTPS_PROXY is unset", origin: .environment),
        SettingKey("http_proxy", .text, .connection, "read when HTTP_PROXY is unset", origin: .environment),
        SettingKey("no_proxy", .list, .connection, "read when NO_PROXY is unset", origin: .environment),
        SettingKey("SX_CONNECT_TIMEOUT", .positiveNumber, default: "10", .connection, "connect timeout in seconds"),
        SettingKey(
            "SX_READ_TIMEOUT", .positiveNumber, default: "300", .connection,
            "longest silence in a streamed reply, in seconds"),
        SettingKey(
            "SX_MAX_RESPONSE_MB", .positiveNumber, default: "64", .connection,
            "largest streamed reply read, in MB; a bigger one is cut off with an error")
    ]

    static let files: [SettingKey] = [
        SettingKey(
            "SX_HOME", .path, note: "~/.scorpiox", .files, "sx state folder: profiles, sessions, settings, themes"),
        SettingKey("HOME", .path, .files, "your home folder (~)", origin: .environment),
        SettingKey(
            "CODEX_HOME", .path, note: "~/.codex", .files, "Codex CLI's folder, whose auth.json sx reads",
            origin: .environment),
        SettingKey(
            "CLAUDE_CONFIG_DIR", .path, note: "~/.claude", .files,
            "Claude Code's folder, whose .credentials.json sx reads", origin: .environment)
    ]

    static let terminal: [SettingKey] = [
        SettingKey(
            "THEME", .text, note: "sx-dark", .terminal,
            "TUI theme: sx-dark, sx-light, ansi16, high-contrast, tokyonight or one in $SX_HOME/themes"),
        SettingKey(
            "SX_THEME_MODE", .choice(["light", "dark"]), note: "from COLORFGBG, else dark", .terminal,
            "the terminal's background, for themes with a light and a dark variant", origin: .environment),
        SettingKey(
            "SX_MOUSE", .flag, default: "0", .terminal,
            "1: mouse wheel scrolling (off keeps the terminal's own selection)", origin: .environment),
        SettingKey(
            "NO_COLOR", .text, .terminal, "set and not empty: no colours or styles (no-color.org)", origin: .environment
        ),
        SettingKey(
            "COLORFGBG", .text, .terminal, "fg;bg set by some terminals; bg 7 or 15 means a light background",
            origin: .environment),
        SettingKey(
            "TERM", .text, .terminal,
            "terminal type; without cursor addressing (dumb) or a terminfo entry, sx uses the line mode",
            origin: .environment),
        SettingKey(
            "NOTIFY", .choice(["osc", "bell", "0"]), default: "osc", .terminal,
            "when a turn ends or an approval waits while the terminal is in the background: osc (OSC 9 and 777 desktop "
                + "notifications), bell, or 0 (none)"),
        SettingKey(
            "VISUAL", .text, .terminal, "the editor Ctrl+G opens the prompt in (before EDITOR)", origin: .environment),
        SettingKey(
            "EDITOR", .text, note: "vi", .terminal, "the editor Ctrl+G uses when VISUAL is unset", origin: .environment)
    ]

    static let runtime: [SettingKey] = [
        SettingKey(
            "SX_DEMO_DELAY_MS", .wholeNumber(0...60000, expected: "a whole number of milliseconds from 0 to 60000"),
            default: "12", .runtime, "delay between the demo provider's words (tests set 0)", origin: .environment),
        SettingKey(
            "MALLOC_ARENA_MAX", .text, .runtime, "set: sx leaves glibc's arena count alone (else 2)",
            origin: .environment),
        SettingKey(
            "MALLOC_MMAP_THRESHOLD_", .text, .runtime, "set: sx leaves glibc's mmap threshold alone (else 128 KB)",
            origin: .environment),
        SettingKey(
            "MALLOC_TRIM_THRESHOLD_", .text, .runtime, "set: sx leaves glibc's trim threshold alone (else 256 KB)",
            origin: .environment)
    ]
}
