import Foundation
import SXCore

/// A profile's usage windows as last seen, with when and where they were seen. Kept in the store (see
/// `UsageStats.observedUsage`) so that every process and `sx models status` show the newest one.
public struct ObservedUsage: Sendable, Equatable {
    public enum Source: String, Sendable {
        /// The `x-codex-*` headers (or `codex.rate_limits` event) of a model response.
        case headers
        /// `GET {chatgpt base}/wham/usage`.
        case usageEndpoint = "usage_endpoint"
    }

    public var snapshot: RateLimitSnapshot
    public var observedAt: Date
    public var source: Source
    public var plan: String?

    public init(snapshot: RateLimitSnapshot, observedAt: Date, source: Source, plan: String? = nil) {
        self.snapshot = snapshot
        self.observedAt = observedAt
        self.source = source
        self.plan = plan
    }

    /// Whether there is anything worth remembering: at least one window or a credit state.
    public var isMeaningful: Bool {
        snapshot.primary != nil || snapshot.secondary != nil || snapshot.hasCredits != nil
    }

    /// Whether this says what `other` said, whenever and wherever it was seen: the same windows (a reset time
    /// within a minute of the other's counts as the same, as the usage endpoint gives it in seconds from now), the
    /// same credits, and the same plan when this one names one. What the store keeps is compared, nothing else.
    public func sameReading(as other: ObservedUsage) -> Bool {
        func same(_ a: RateLimitWindow?, _ b: RateLimitWindow?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            guard a.usedPercent == b.usedPercent, a.windowMinutes == b.windowMinutes else { return false }
            switch (a.resetsAt, b.resetsAt) {
            case (nil, nil): return true
            case (let x?, let y?): return abs(x.timeIntervalSince(y)) < 60
            default: return false
            }
        }
        let a = snapshot, b = other.snapshot
        return same(a.primary, b.primary) && same(a.secondary, b.secondary) && a.hasCredits == b.hasCredits
            && a.unlimitedCredits == b.unlimitedCredits && a.creditBalance == b.creditBalance
            && (plan == nil || plan == other.plan)
    }
}

extension UsageStats {
    /// `usageStats[id].rateLimits`, an sx field next to OpenClaw's (which ignores it and, written back by sx, keeps
    /// it): `{"observedAt": ms, "source": "headers", "plan": "plus", "primary": {"usedPercent": 42,
    /// "windowMinutes": 300, "resetsAt": ms}, "secondary": {…}, "hasCredits": true, "creditBalance": "5.39"}`.
    /// Fields inside it that sx does not know are kept when it is rewritten.
    public var observedUsage: ObservedUsage? {
        get {
            guard let o = raw[Self.rateLimitsKey]?.objectValue, let at = o["observedAt"]?.int64Value else { return nil }
            var snap = RateLimitSnapshot(primary: Self.window(o["primary"]), secondary: Self.window(o["secondary"]))
            snap.hasCredits = o["hasCredits"]?.boolValue
            snap.unlimitedCredits = o["unlimitedCredits"]?.boolValue
            snap.creditBalance = o["creditBalance"]?.stringValue
            let source = o["source"]?.stringValue.flatMap(ObservedUsage.Source.init(rawValue:)) ?? .headers
            return ObservedUsage(
                snapshot: snap, observedAt: Date(epochMillis: at), source: source,
                plan: o["plan"]?.stringValue)
        }
        set {
            guard let u = newValue else {
                raw[Self.rateLimitsKey] = nil
                return
            }
            var o = raw[Self.rateLimitsKey]?.objectValue ?? JSONObject()
            o["observedAt"] = .int(u.observedAt.epochMillis)
            o["source"] = .string(u.source.rawValue)
            o["plan"] = u.plan.map(JSONValue.string)
            o["primary"] = u.snapshot.primary.map(Self.encode)
            o["secondary"] = u.snapshot.secondary.map(Self.encode)
            o["hasCredits"] = u.snapshot.hasCredits.map(JSONValue.bool)
            o["unlimitedCredits"] = u.snapshot.unlimitedCredits.map(JSONValue.bool)
            o["creditBalance"] = u.snapshot.creditBalance.map(JSONValue.string)
            raw[Self.rateLimitsKey] = .object(o)
        }
    }

    static let rateLimitsKey = "rateLimits"

    private static func window(_ v: JSONValue?) -> RateLimitWindow? {
        guard let o = v?.objectValue, let used = TimeValue.sane(o["usedPercent"]?.doubleValue) else { return nil }
        return RateLimitWindow(
            usedPercent: used, windowMinutes: o["windowMinutes"]?.int64Value.map { Int($0) },
            resetsAt: o["resetsAt"]?.int64Value.map(Date.init(epochMillis:)))
    }

    private static func encode(_ w: RateLimitWindow) -> JSONValue {
        var o = JSONObject()
        o["usedPercent"] = .number(number(w.usedPercent))
        o["windowMinutes"] = w.windowMinutes.map { .int($0) }
        o["resetsAt"] = w.resetsAt.map { .int($0.epochMillis) }
        return .object(o)
    }

    /// `42` rather than `42.0`; fractions as they are.
    private static func number(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

extension RateLimitSnapshot {
    /// This snapshot with what a later one reported laid over it (a later response's headers, a `codex.rate_limits`
    /// event after the headers): windows and credit fields it has replace the old ones, the rest stays.
    public func updated(with later: RateLimitSnapshot) -> RateLimitSnapshot {
        var s = self
        if let w = later.primary { s.primary = w }
        if let w = later.secondary { s.secondary = w }
        if let v = later.hasCredits { s.hasCredits = v }
        if let v = later.unlimitedCredits { s.unlimitedCredits = v }
        if let v = later.creditBalance { s.creditBalance = v }
        for (k, v) in later.other { s.other[k] = v }
        return s
    }
}
