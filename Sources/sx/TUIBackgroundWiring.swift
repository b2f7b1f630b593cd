import Foundation
import SXCore
import SXAuth
import SXEngine
import SXTUI

/// What the full-screen session runs in the background: live Codex usage for the status pane and the
/// auto-switch watcher (the same one as `sx models watch`).
enum TUIBackgroundWiring {
    static func make(config: Config, engine: Engine, session: Session, store: ProfileStore) async
        -> (background: TUIBackground, profiles: TUIApp.ProfileSource) {
        let codexBase = URL(string: config["CODEX_BASE_URL"] ?? CodexProvider.defaultBaseURL)
            ?? URL(string: CodexProvider.defaultBaseURL)!
        let poller = UsagePoller(store: store, client: CodexUsageClient(url: CodexUsageClient.usageURL(codexBase: codexBase),
                                                                         transport: Transport(pool: engine.pool)))
        let options = await session.options
        let start = ModelTarget(provider: options.provider, model: options.model)
        let priority = (try? WatchPriority.resolve(config: config, active: start, fallbacks: options.fallbacks))
            ?? [start] + options.fallbacks
        let schedule = ModelWatchSchedule(watcher: ModelWatcher(priority: priority, stateFile: config.paths.modelSwitch,
                                                                       configKeyProviders: ConfigKeyCredentials.providers(config: config)),
                                          store: store, interval: Double((try? config.positiveInt("WATCH_INTERVAL", default: 600)) ?? 600),
                                          startingFrom: start.description)
        let background = TUIBackground(statusPaneVisible: { await poller.kick(visible: $0) },
                                       watch: { await schedule.tick() })
        let profiles: TUIApp.ProfileSource = { ProfileStatuses.read(store: store, live: await poller.current()) }
        return (background, profiles)
    }
}

/// `WATCH_PRIORITY` (models or aliases, comma-separated), else the active model and its fallbacks.
enum WatchPriority {
    static func resolve(config: Config, active: ModelTarget, fallbacks: [ModelTarget]) throws -> [ModelTarget] {
        guard let list = config["WATCH_PRIORITY"] else { return [active] + fallbacks }
        let catalog = try ModelCatalog.load(config)
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { catalog.resolve($0) }.map { ModelTarget(provider: $0.provider, model: $0.model) }
    }
}

/// The status pane's view of the profile store: read-only, never refreshes or switches anything. Codex profiles
/// carry the newest usage known: the store's (headers of any process, earlier reads) or the poller's.
enum ProfileStatuses {
    static func read(store: ProfileStore, live: [String: UsagePoller.Reading] = [:]) -> [ProfileStatus] {
        guard let doc = try? store.load() else { return [] }
        let now = Date()
        return doc.profiles.compactMap { p in
            guard let provider = p.provider else { return nil }
            var s = doc.usageStats(p.id)
            CooldownPolicy.dropExpired(&s, now: now)
            let state: ProfileStatus.State
            if s.needsRelogin {
                state = .needsLogin
            } else if let d = s.disabledUntil, d > now {
                state = .disabled(reason: s.disabledReason?.rawValue ?? "disabled")
            } else if let c = s.cooldownUntil, c > now {
                state = .coolingDown(until: c)
            } else {
                state = .ok
            }
            var status = ProfileStatus(id: p.id, provider: provider.rawValue, state: state, lastUsed: s.lastUsed)
            if provider == .openaiCodex {
                let (usage, unknownSince) = UsagePoller.merge(stored: s.observedUsage, live: live[p.id])
                status.usage = usage?.snapshot
                status.usageAt = usage?.observedAt ?? unknownSince
                status.usageUnknown = unknownSince != nil
            }
            return status
        }
    }
}
