import Foundation
import SXCore
import SXAuth

/// The auto-switch watcher (the seed's ten-minute cron job): picks the best usable model of a priority list from
/// the profile store's cooldowns, remembers it in `$SX_HOME/model-switch.json`, and says so only when it changed.
public struct ModelWatcher: Sendable {
    public struct Decision: Sendable, Equatable {
        public var effective: ModelRef
        /// Whether any model of the list is usable now (else `effective` is the one that frees up first).
        public var usable: Bool
        public var freeAt: Date?
        public var profileStatuses: [String: String]
    }

    public let priority: [ModelRef]
    public let stateFile: URL
    /// Providers with an API key in the configuration (`ANTHROPIC_API_KEY`, …): the session uses it as the
    /// profile `<provider>:env`, so the watcher counts it too (its cooldowns are in the store under that id).
    public let configKeyProviders: Set<ProviderID>

    public init(priority: [ModelRef], stateFile: URL, configKeyProviders: Set<ProviderID> = []) {
        self.priority = priority
        self.stateFile = stateFile
        self.configKeyProviders = configKeyProviders
    }

    /// The profile ids the session would try for `provider`: the usable stored ones, then a configured key.
    func profileIds(_ provider: ProviderID, doc: AuthStoreDocument, now: Date) -> [String] {
        var ids = doc.profiles(for: provider).filter { $0.isUsable(now: now) }.map(\.id)
        if configKeyProviders.contains(provider) { ids.append("\(provider.rawValue):env") }
        return ids
    }

    /// Pure: the decision for `doc` at `now`.
    public func decide(doc: AuthStoreDocument, now: Date) -> Decision {
        var statuses: [String: String] = [:]
        var best: (ModelRef, Date)?
        for target in priority {
            guard target.provider.needsCredential else {
                return Decision(effective: target, usable: true, freeAt: nil, profileStatuses: statuses)
            }
            var soonest: Date?
            var anyFree = false
            for id in profileIds(target.provider, doc: doc, now: now) {
                var s = doc.usageStats(id)
                CooldownPolicy.dropExpired(&s, now: now)
                if let until = s.blockedUntil(now: now, model: target.model) {
                    statuses[id] = "blocked until \(UTCTime.iso8601(until))"
                    soonest = min(soonest ?? until, until)
                } else {
                    statuses[id] = "ok"
                    anyFree = true
                }
            }
            if anyFree { return Decision(effective: target, usable: true, freeAt: nil, profileStatuses: statuses) }
            if let soonest, soonest < (best?.1 ?? .distantFuture) { best = (target, soonest) }
        }
        let fallback = best?.0 ?? priority.first ?? ModelRef(provider: .demo, model: "demo")
        return Decision(effective: fallback, usable: false, freeAt: best?.1, profileStatuses: statuses)
    }

    /// When the next check is due: after `interval`, or as soon as a block of a profile the priority list uses
    /// ends (a recovered model is picked up at once), whichever is sooner.
    public func nextCheck(doc: AuthStoreDocument, now: Date, interval: TimeInterval) -> Date {
        var next = now.addingTimeInterval(interval)
        for id in Set(priority.map(\.provider)).flatMap({ profileIds($0, doc: doc, now: now) }) {
            let s = doc.usageStats(id)
            for end in [s.cooldownUntil, s.disabledUntil].compactMap({ $0 }) where end > now && end < next {
                next = end
            }
        }
        return next
    }

    /// The line that announces a change of the effective model.
    public static func changeLine(from previous: String?, to d: Decision, now: Date) -> String {
        var line = "model: \(previous ?? "(none)") → \(d.effective)"
        if !d.usable, let free = d.freeAt {
            line +=
                " (everything is blocked; this one frees up first, at \(ProviderFailure.formatReset(free, now: now)))"
        }
        return line
    }

    public func lastEffective() -> String? {
        guard let data = try? Data(contentsOf: stateFile),
            let obj = try? JSONParser.parse(data)
        else { return nil }
        return obj["lastEffectiveModel"]?.stringValue
    }

    /// One check: decides, writes the state file, and returns the line to print when the effective model changed.
    public func check(doc: AuthStoreDocument, now: Date) throws -> (Decision, changed: String?) {
        let d = decide(doc: doc, now: now)
        let previous = lastEffective()
        var statuses = JSONObject()
        for key in d.profileStatuses.keys.sorted() { statuses[key] = .string(d.profileStatuses[key]!) }
        let state: JSONValue = [
            "lastEffectiveModel": .string(d.effective.description),
            "lastCheckedAt": .string(UTCTime.iso8601(now)),
            "profileStatuses": .object(statuses)
        ]
        // The watcher runs every minute in the TUI: Foundation's date formatter and sorted-key JSON writer would
        // load ICU's locale, calendar and collation data into it (~3 MB resident) for this small file.
        let data = JSONBody.encodePretty(state)
        try AtomicFile.write(data, to: stateFile)
        guard previous != d.effective.description else { return (d, nil) }
        return (d, Self.changeLine(from: previous, to: d, now: now))
    }
}
