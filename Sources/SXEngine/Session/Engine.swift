import Foundation
import SXCore
import SXAuth

/// Everything a front end needs to start talking to a model, built once from the configuration: the HTTP pool,
/// the providers and the credentials.
public final class Engine: Sendable {
    public let config: Config
    /// The typed sections of `config`, read once here.
    public let settings: Settings
    public let pool: HTTPClientPool
    public let registry: ProviderRegistry
    public let credentials: CredentialProviding
    private let hasCredential: @Sendable (ProviderID) -> Bool
    /// The providers' cached model lists, read once here (files only, no network).
    public let catalogs: LiveCatalogs
    public let catalogRefresher: CatalogRefresher

    /// `pool` is shared with the auth layer (refreshes go through the same proxy and CA settings); the engine
    /// shuts it down.
    public init(
        config: Config, pool: HTTPClientPool, credentials: CredentialProviding,
        hasCredential: @escaping @Sendable (ProviderID) -> Bool, demoDelayMs: Int = 12,
        originator: String = "sx_exec"
    ) throws {
        try config.validate()
        let settings = try Settings(config)
        // A bad MODEL_ALIASES is reported before anything starts.
        _ = try ModelCatalog(userAliases: settings.model.aliases)
        self.config = config
        self.settings = settings
        self.pool = pool
        self.credentials = credentials
        self.hasCredential = hasCredential
        let transport = Transport(pool: pool)
        var providers: [any Provider] = [DemoProvider(delayMs: demoDelayMs)]
        let endpoints = settings.endpoints
        providers.append(
            CodexProvider(
                baseURL: endpoints.codexBaseURL, transport: transport,
                originator: endpoints.codexOriginator ?? originator, userAgent: SXVersion.userAgent))
        providers += Self.apiProviders(endpoints, routerKey: settings.apiKeys.router, transport: transport)
        registry = ProviderRegistry(providers)
        let cache = CatalogCache(paths: config.paths)
        catalogs = LiveCatalogs.load(cache, providers: registry.available)
        catalogRefresher = CatalogRefresher(
            registry: registry, credentials: credentials, cache: cache,
            fetcher: CatalogFetcher(transport: transport))
    }

    /// Anthropic (API key), Claude Code (subscription), OpenAI, Gemini and, when `ROUTER_URL` is set, the router.
    static func apiProviders(_ e: EndpointSettings, routerKey: String?, transport: Transport) -> [any Provider] {
        let ua = SXVersion.userAgent
        let version = e.anthropicVersion
        var list: [any Provider] = [
            AnthropicProvider(
                id: .anthropic, baseURL: e.anthropicBaseURL, transport: transport, version: version, userAgent: ua),
            AnthropicProvider(
                id: .claudeCode, baseURL: e.anthropicBaseURL, transport: transport, version: version, userAgent: ua),
            OpenAIProvider(
                id: .openai, baseURL: e.openAIBaseURL, api: e.openAIAPI == .chat ? .chat : .responses,
                transport: transport, userAgent: ua),
            GeminiProvider(
                baseURL: e.geminiBaseURL, transport: transport, userAgent: ua,
                contextCache: e.geminiContextCache ? GeminiContextCache() : nil)
        ]
        if let url = e.routerURL {
            list.append(
                RouterProvider.make(
                    routerURL: url, api: e.routerAPI == .responses ? .responses : .chat,
                    transport: transport, userAgent: ua, bearer: routerKey))
        }
        return list
    }

    /// Whether `provider` has a usable login (or needs none).
    public func hasLogin(_ provider: ProviderID) -> Bool {
        !provider.needsCredential || hasCredential(provider)
    }

    /// `PROVIDER`: a fixed provider, or with `auto` the first provider with a usable credential, else the demo.
    public func resolveProvider() throws -> ProviderID {
        switch settings.model.provider {
        case .fixed(let p): return p
        case .auto:
            for p in [ProviderID.openaiCodex, .claudeCode, .anthropic, .openai, .google]
            where registry.available.contains(p) {
                if hasCredential(p) { return p }
            }
            return .demo
        }
    }

    /// The model used when neither `--model` nor `MODEL` names one: the provider's first listed model when its
    /// list is known, else the built-in default.
    public func defaultModel(for provider: ProviderID) -> String {
        catalogs.defaultModel(provider) ?? Self.defaultModel(for: provider)
    }

    /// The built-in default, for when no list has been read.
    public static func defaultModel(for provider: ProviderID) -> String {
        ModelCatalog.builtInDefaultModel(for: provider)
    }

    /// A new session, or with `resume` one that continues an earlier transcript (same id, same history).
    /// A model the provider's known list lacks is refused here, before any request. `announceUpgrade`: show the
    /// provider's upgrade hint for the model (once ever) in the session's stream.
    public func makeSession(
        provider: ProviderID, model: String? = nil, tools: ToolExecuting, resume: URL? = nil,
        recordTranscript: Bool = true, announceUpgrade: Bool = true,
        observers: [@Sendable (EngineEvent) -> Void] = []
    ) throws -> Session {
        let toolsOn = settings.tools.enabled
        let prompt = SystemPrompt.parts(
            workspace: config.workingDirectory, toolsEnabled: toolsOn && !tools.specs.isEmpty)
        var loaded = Transcript.Loaded()
        var sessionId = SessionOptions.newSessionId()
        if let resume {
            loaded = try Transcript.load(resume)
            sessionId = resume.deletingPathExtension().lastPathComponent
        }
        // Aliases (`sonnet`, MODEL_ALIASES) become model ids; the provider stays the one chosen.
        let chosen = model ?? settings.model.model ?? defaultModel(for: provider)
        let catalog = try ModelCatalog.load(settings)
        let resolved = catalogs.resolve(chosen, current: provider, catalog: catalog)
        let modelId = resolved.provider == provider ? resolved.model : chosen
        try catalogs.check(provider: provider, model: modelId)
        let fallbacks = modelChain(settings.failover.fallbackModels ?? "", catalog: catalog)
        var options = SessionOptions(
            sessionId: sessionId, provider: provider,
            model: modelId,
            reasoningEffort: settings.model.reasoningEffort, maxSteps: settings.model.maxSteps,
            systemPrompt: prompt.instructions, fallbacks: fallbacks)
        options.systemContext = prompt.context
        options.rotateAtPercent = settings.failover.rotateAtPercent
        options.autoCompactPercent = settings.model.autoCompactPercent
        options.retryWaitMax = TimeInterval(settings.failover.retryWaitMax)
        options.catalogs = catalogs
        let transcript =
            recordTranscript
            ? Transcript(
                directory: config.paths.sessions, sessionId: sessionId,
                meta: ["provider": provider.displayName, "model": options.model, "cwd": config.workingDirectory.path])
            : nil
        var checkpoints: Checkpointer?
        if toolsOn && !tools.specs.isEmpty && settings.tools.checkpoints {
            checkpoints = Checkpointer(workspace: config.workingDirectory.path, snapshotsRoot: config.paths.snapshots)
            checkpoints?.restoreRecords(loaded.checkpoints)
        }
        let session = Session(
            options: options, providers: registry, credentials: credentials,
            tools: toolsOn ? tools : NoTools(), history: loaded.history, earlier: loaded.earlier,
            transcript: transcript, observers: observers, checkpoints: checkpoints)
        if announceUpgrade, let hint = upgradeHint(provider: provider, model: modelId) { session.announceEarly(hint) }
        return session
    }

    /// A chain of models, `provider/model` or aliases, comma-separated and in order (`FALLBACK_MODELS`,
    /// `WATCH_PRIORITY`): the one reading of such a list.
    public func modelChain(_ text: String) throws -> [ModelRef] {
        modelChain(text, catalog: try ModelCatalog.load(settings))
    }

    func modelChain(_ text: String, catalog: ModelCatalog) -> [ModelRef] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { catalogs.resolve($0, current: nil, catalog: catalog) }.map {
                ModelRef(provider: $0.provider, model: $0.model)
            }
    }

    public func shutdown() async {
        await pool.shutdown()
    }
}
