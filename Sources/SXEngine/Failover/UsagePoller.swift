import Foundation
import SXCore
import SXAuth

/// Live usage of every Codex profile for the status pane: `GET …/wham/usage` per profile, at most once a minute
/// each, and only while the pane is on screen (the TUI says so with every `poll`/`kick`).
///
/// Read-only towards the logins: the bearer is the stored access token as it is (an expired one is not refreshed
/// — the profile's usage is then "unknown"), nothing is switched and no cooldown or counter is marked. A reading
/// that worked is remembered in the store's `usageStats[id].rateLimits` (newest wins) so that `sx models status`
/// and other processes see it; a failed one only lives here, as "unknown".
public actor UsagePoller {
    public enum Reading: Sendable, Equatable {
        case known(ObservedUsage)
        case unknown(reason: String, at: Date)

        public var at: Date {
            switch self {
            case .known(let u): u.observedAt
            case .unknown(_, let at): at
            }
        }
    }

    /// At most one request per profile in this many seconds.
    public static let minInterval: TimeInterval = 60

    public let store: ProfileStore
    public let client: CodexUsageClient
    let clock: any SXClock
    private var lastAttempt: [String: Date] = [:]
    private var readings: [String: Reading] = [:]
    private var round: Task<Void, Never>?

    public init(store: ProfileStore, client: CodexUsageClient, clock: any SXClock = SystemClock()) {
        self.store = store
        self.client = client
        self.clock = clock
    }

    /// The latest reading per profile id.
    public func current() -> [String: Reading] { readings }

    /// The TUI's once-a-second call: when the pane is visible and no round is running, starts one in the
    /// background and returns at once (the screen never waits on the network).
    public func kick(visible: Bool) {
        guard visible, round == nil else { return }
        round = Task {
            await self.poll(visible: true)
            self.round = nil
        }
    }

    /// Waits for the round `kick` started, if any.
    public func settle() async { await round?.value }

    /// One round: with `visible`, reads every Codex profile whose last attempt is `minInterval` old (or that was
    /// never read), all at once, and waits for them. Invisible: nothing.
    public func poll(visible: Bool) async {
        guard visible, let doc = try? store.load() else { return }
        let now = clock.now()
        var due: [(id: String, bearer: String?, accountId: String?, why: String?)] = []
        for p in doc.profiles(for: .openaiCodex) {
            if let last = lastAttempt[p.id], now.timeIntervalSince(last) < Self.minInterval { continue }
            lastAttempt[p.id] = now
            var why: String?
            if p.access == nil && p.token == nil {
                why = "no access token stored"
            } else if let e = p.expires, e <= now {
                why = "the access token expired (usage is read without refreshing it)"
            }
            due.append((p.id, p.access ?? p.token, p.accountId, why))
        }
        guard !due.isEmpty else { return }
        let client = self.client
        let results = await withTaskGroup(of: (String, Result<ObservedUsage, UsageReadError>).self) { group in
            for d in due {
                group.addTask {
                    guard d.why == nil, let bearer = d.bearer else {
                        return (d.id, .failure(UsageReadError(d.why ?? "no token")))
                    }
                    return (d.id, await client.fetch(bearer: bearer, accountId: d.accountId, now: now))
                }
            }
            var out: [(String, Result<ObservedUsage, UsageReadError>)] = []
            for await r in group { out.append(r) }
            return out
        }
        for (id, result) in results {
            switch result {
            case .success(let usage):
                readings[id] = .known(usage)
                _ = try? await store.recordUsage(id, usage)
            case .failure(let e):
                readings[id] = .unknown(reason: e.message, at: now)
            }
        }
    }

    /// What to show for a profile: the stored observation (headers or an earlier read, from any process) or this
    /// poller's reading, whichever is newer; a newer failed read means "unknown", never an old or a full bar.
    public static func merge(stored: ObservedUsage?, live: Reading?) -> (usage: ObservedUsage?, unknownSince: Date?) {
        switch live {
        case .unknown(_, let at)? where stored.map({ $0.observedAt <= at }) ?? true:
            return (nil, at)
        case .known(let u)? where stored.map({ $0.observedAt <= u.observedAt }) ?? true:
            return (u, nil)
        default:
            return (stored, nil)
        }
    }
}
