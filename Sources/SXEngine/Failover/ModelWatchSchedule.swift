import Foundation
import SXCore
import SXAuth

/// The auto-switch watcher as the TUI runs it in the background: the same `ModelWatcher` as `sx models watch`
/// (same priority list, same `model-switch.json`), checked every `WATCH_INTERVAL` and as soon as a cooldown ends.
/// The caller ticks it often (the TUI: once a second); time comes from the injected clock, so tests move it by
/// hand. A change is reported against what this schedule saw last (starting from the model the session starts on),
/// so each switch is announced exactly once per TUI, whatever a cron job did to the state file meanwhile.
public actor ModelWatchSchedule {
    public typealias Report = ModelWatchReport

    public let watcher: ModelWatcher
    public let interval: TimeInterval
    let store: ProfileStore
    let clock: any SXClock
    private var nextDue: Date?
    private var lastSeen: String?

    /// - Parameter startingFrom: the model the session starts on; the first check is silent when it agrees.
    public init(
        watcher: ModelWatcher, store: ProfileStore, interval: TimeInterval, clock: any SXClock = SystemClock(),
        startingFrom: String? = nil
    ) {
        self.watcher = watcher
        self.store = store
        self.interval = max(1, interval)
        self.clock = clock
        self.lastSeen = startingFrom ?? watcher.priority.first?.description
    }

    /// Runs a check if one is due and returns what it found; nil when none was due (or the store cannot be read:
    /// a background check never stops the TUI, the next one tries again).
    public func tick() -> Report? {
        let now = clock.now()
        if let due = nextDue, now < due { return nil }
        guard let doc = try? store.load() else {
            nextDue = now.addingTimeInterval(interval)
            return nil
        }
        // `check` also writes model-switch.json, as `sx models watch` does; a failed write costs nothing here.
        let decision = (try? watcher.check(doc: doc, now: now))?.0 ?? watcher.decide(doc: doc, now: now)
        nextDue = watcher.nextCheck(doc: doc, now: now, interval: interval)
        let effective = decision.effective.description
        var changed: String?
        if effective != lastSeen {
            changed = ModelWatcher.changeLine(from: lastSeen, to: decision, now: now)
            lastSeen = effective
        }
        return Report(
            effective: effective, usable: decision.usable, freeAt: decision.freeAt, changed: changed, checkedAt: now)
    }

    /// When the next check will run (nil: at the next tick).
    public func nextCheckAt() -> Date? { nextDue }
}
