/// Every configuration key sx knows, with what it is for. An unknown key in a file is a warning, not an error.
public enum ConfigKeys {
    public static let known: [String: String] = [
        "PROVIDER": "provider to use: auto, codex, claude-code, anthropic, openai, google, router, demo",
        "MODEL": "model id or alias for the provider",
        "TOOLS": "1 to let the model use tools, 0 to disable them",
        "THEME": "TUI theme name",
        "FALLBACK_MODELS": "comma-separated provider/model chain tried when a provider is blocked",
        "APPROVAL": "auto, ask or never: approval of shell commands and file writes",
        "MAX_STEPS": "most model requests in one turn",
        "REASONING_EFFORT": "reasoning effort for models that have it (low, medium, high)",
        "OPENAI_API": "responses or chat",
        "ROTATE_AT_PERCENT": "move to another profile at this usage percentage",
        "WATCH_INTERVAL": "auto-switch watcher interval in seconds",
        "WATCH_PRIORITY": "auto-switch priority list",
        "CODEX_TOKEN_SOURCE": "local, remote or ssh",
        "CODEX_REMOTE_URL": "URL of the remote token endpoint",
        "CODEX_REMOTE_TOKEN": "bearer for the remote token endpoint",
        "CODEX_SSH_HOST": "host holding the Codex token file",
        "CODEX_SSH_USER": "ssh user",
        "CODEX_SSH_PASS": "ssh password",
        "CODEX_SSH_PORT": "ssh port",
        "CODEX_SSH_KEY": "ssh private key file",
        "CODEX_SSH_PATH": "token file path on the ssh host",
        "CODEX_SSH_KNOWN_HOSTS": "known_hosts file for the ssh host",
        "CODEX_BASE_URL": "Codex backend base URL",
        "CODEX_AUTH_ISSUER": "OpenAI OAuth issuer",
        "CODEX_ORIGINATOR": "originator header sent to Codex",
        "ANTHROPIC_API_KEY": "Anthropic API key",
        "ANTHROPIC_BASE_URL": "Anthropic API base URL",
        "ANTHROPIC_VERSION": "anthropic-version header",
        "CLAUDE_AUTH_URL": "Claude OAuth base URL",
        "OPENAI_API_KEY": "OpenAI API key",
        "OPENAI_BASE_URL": "OpenAI API base URL",
        "GEMINI_API_KEY": "Gemini API key",
        "GEMINI_BASE_URL": "Gemini API base URL",
        "ROUTER_URL": "OpenAI-compatible local router URL",
        "SX_HOME": "sx state folder",
        "SX_CA_CERTIFICATE": "extra CA certificates (PEM) to trust",
        "SX_CONNECT_TIMEOUT": "connect timeout in seconds",
        "SX_READ_TIMEOUT": "longest silence in a streamed reply, in seconds",
        "HTTPS_PROXY": "proxy for https", "HTTP_PROXY": "proxy for http", "NO_PROXY": "hosts that bypass the proxy",
    ]

    /// Keys whose values are secrets: masked wherever config is shown.
    public static let secret: Set<String> = [
        "CODEX_REMOTE_TOKEN", "CODEX_SSH_PASS", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY",
    ]
}
