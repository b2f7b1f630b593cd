import Foundation
import SXCore

/// Typed accessors over one profile's `usageStats` object; unknown fields in `raw` are kept.
public struct UsageStats: Sendable, Equatable {
    public var raw: JSONObject

    public init(raw: JSONObject = JSONObject()) { self.raw = raw }

    public var lastUsed: Date? {
        get { date("lastUsed") }
        set { setDate("lastUsed", newValue) }
    }
    public var cooldownUntil: Date? {
        get { date("cooldownUntil") }
        set { setDate("cooldownUntil", newValue) }
    }
    public var cooldownReason: FailureReason? {
        get { reason("cooldownReason") }
        set { raw["cooldownReason"] = newValue.map { .string($0.rawValue) } }
    }
    public var cooldownModel: String? {
        get { raw["cooldownModel"]?.stringValue }
        set { raw["cooldownModel"] = newValue.map(JSONValue.string) }
    }
    public var disabledUntil: Date? {
        get { date("disabledUntil") }
        set { setDate("disabledUntil", newValue) }
    }
    public var disabledReason: FailureReason? {
        get { reason("disabledReason") }
        set { raw["disabledReason"] = newValue.map { .string($0.rawValue) } }
    }
    public var errorCount: Int {
        get { raw["errorCount"]?.int64Value.map { Int($0) } ?? 0 }
        set { raw["errorCount"] = .int(newValue) }
    }
    public var lastFailureAt: Date? {
        get { date("lastFailureAt") }
        set { setDate("lastFailureAt", newValue) }
    }

    /// `{reason: n}`; an empty dictionary removes the field.
    public var failureCounts: [FailureReason: Int] {
        get {
            var out: [FailureReason: Int] = [:]
            for (k, v) in raw["failureCounts"]?.objectValue?.entries ?? [] {
                if let r = FailureReason(rawValue: k), let n = v.int64Value { out[r] = Int(n) }
            }
            return out
        }
        set {
            if newValue.isEmpty { raw["failureCounts"] = nil; return }
            // Keep counts of reasons sx does not know; rewrite the known ones.
            var o = raw["failureCounts"]?.objectValue ?? JSONObject()
            for r in FailureReason.allCases { o[r.rawValue] = newValue[r].map { .int($0) } }
            raw["failureCounts"] = .object(o)
        }
    }

    /// The time until which the profile may not be used (for `model`, when the cooldown is scoped to another model
    /// the cooldown does not apply).
    public func blockedUntil(now: Date, model: String? = nil) -> Date? {
        var until: Date?
        if let c = cooldownUntil, c > now {
            if let scoped = cooldownModel, let model, scoped != model {} else { until = c }
        }
        if let d = disabledUntil, d > now { until = max(until ?? d, d) }
        return until
    }

    /// "re-login needed": the last refresh or request failed for good.
    public var needsRelogin: Bool { disabledReason == .authPermanent }

    private func date(_ k: String) -> Date? { raw[k]?.int64Value.map(Date.init(epochMillis:)) }
    private mutating func setDate(_ k: String, _ d: Date?) { raw[k] = d.map { .int($0.epochMillis) } }
    private func reason(_ k: String) -> FailureReason? { raw[k]?.stringValue.flatMap(FailureReason.init(rawValue:)) }
}
