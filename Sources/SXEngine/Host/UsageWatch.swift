import Foundation
import SXCore
import SXAuth

/// What a full-screen session runs in the background: live Codex usage for the status pane and the auto-switch
/// watcher (the same one as `sx models watch`).
public struct UsageWatch: Sendable {
    public let poller: UsagePoller
    public let schedule: ModelWatchSchedule

    public init(poller: UsagePoller, schedule: ModelWatchSchedule) {
        self.poller = poller
        self.schedule = schedule
    }

    /// Both for the session's options: the watcher starts from the session's model and follows `WATCH_PRIORITY`,
    /// else the session's model and its fallbacks.
    public static func make(engine: Engine, options: SessionOptions, store: ProfileStore) -> UsageWatch {
        let config = engine.config
        let codexBase = engine.settings.endpoints.codexBaseURL
        let poller = UsagePoller(
            store: store,
            client: CodexUsageClient(
                url: CodexUsageClient.usageURL(codexBase: codexBase),
                transport: Transport(pool: engine.pool)))
        let start = ModelRef(provider: options.provider, model: options.model)
        let priority =
            (try? WatchPriority.resolve(engine: engine, active: start, fallbacks: options.fallbacks))
            ?? [start] + options.fallbacks
        let watcher = ModelWatcher(
            priority: priority, stateFile: config.paths.modelSwitch,
            configKeyProviders: ConfigKeyCredentials.providers(engine.settings.apiKeys))
        let interval = Double(engine.settings.failover.watchInterval)
        let schedule = ModelWatchSchedule(
            watcher: watcher, store: store, interval: interval, startingFrom: start.description)
        return UsageWatch(poller: poller, schedule: schedule)
    }
}

/// `WATCH_PRIORITY` (models or aliases, comma-separated, read as `FALLBACK_MODELS` is), else the active model and
/// its fallbacks.
public enum WatchPriority {
    public static func resolve(engine: Engine, active: ModelRef, fallbacks: [ModelRef]) throws -> [ModelRef] {
        guard let list = engine.settings.failover.watchPriority else { return [active] + fallbacks }
        return try engine.modelChain(list)
    }
}
