import Foundation
import SXCore
import SXAuth

/// `sx models status`: the active model and its fallbacks, each provider's profiles in effective order with their
/// state, and the unusable ones sorted by when they come back (docs/protocol/profiles.md#status-command).
public struct ProfileStatusReport: Sendable {
    public struct Profile: Sendable {
        public var id: String
        public var provider: String
        public var type: String
        /// Email or masked key — never a secret.
        public var who: String
        public var expiry: String
        public var state: String
        public var expiresAt: Date?
        /// The last usage windows seen for the profile (Codex: from response headers or the usage endpoint).
        public var usage: ObservedUsage?
    }

    public struct Unusable: Sendable {
        public var profileId: String
        public var provider: String
        public var kind: String
        public var reason: String
        public var until: Date
        public var remainingMs: Int64
    }

    public var activeModel: String
    public var fallbacks: [String]
    public var providers: [(String, [Profile])]
    public var unusable: [Unusable]
    /// The time the report was made, for "resets in …".
    public var now: Date = Date()

    public static func build(doc: AuthStoreDocument, active: ModelRef, fallbacks: [ModelRef], now: Date)
        -> ProfileStatusReport
    {
        var providers: [(String, [Profile])] = []
        var unusable: [Unusable] = []
        var order: [ProviderID] = [active.provider] + fallbacks.map(\.provider)
        for p in ProviderID.allCases where p != .demo && !order.contains(p) && !doc.profiles(for: p).isEmpty {
            order.append(p)
        }
        var seen = Set<ProviderID>()
        for provider in order where seen.insert(provider).inserted && provider != .demo {
            let explicit = doc.order(for: provider)
            var profiles = doc.profiles(for: provider)
            if let explicit {
                profiles.sort {
                    (explicit.firstIndex(of: $0.id) ?? Int.max) < (explicit.firstIndex(of: $1.id) ?? Int.max)
                }
            }
            var rows: [Profile] = []
            for p in profiles {
                var s = doc.usageStats(p.id)
                CooldownPolicy.dropExpired(&s, now: now)
                var state = "ok"
                if let d = s.disabledUntil, d > now {
                    let reason = s.disabledReason?.rawValue ?? "unknown"
                    state =
                        s.needsRelogin
                        ? "[re-login needed \(Duration.compact(Int(d.timeIntervalSince(now))))]"
                        : "[disabled:\(reason) \(Duration.compact(Int(d.timeIntervalSince(now))))]"
                    unusable.append(
                        Unusable(
                            profileId: p.id, provider: provider.rawValue, kind: "disabled", reason: reason, until: d,
                            remainingMs: Int64(d.timeIntervalSince(now) * 1000)))
                } else if let c = s.cooldownUntil, c > now {
                    let reason = s.cooldownReason?.rawValue ?? "unknown"
                    state =
                        "[cooldown \(Duration.compact(Int(c.timeIntervalSince(now)))) \(reason)\(s.cooldownModel.map { " for \($0)" } ?? "")]"
                    unusable.append(
                        Unusable(
                            profileId: p.id, provider: provider.rawValue, kind: "cooldown", reason: reason, until: c,
                            remainingMs: Int64(c.timeIntervalSince(now) * 1000)))
                }
                var expiry = "ok"
                if let e = p.expires, p.type != .apiKey {
                    let left = Int(e.timeIntervalSince(now))
                    expiry = left <= 0 ? "expired" : left < 3600 ? "expiring in \(Duration.compact(left))" : "ok"
                }
                rows.append(
                    Profile(
                        id: p.id, provider: provider.rawValue, type: p.type?.rawValue ?? "?",
                        who: p.email ?? Redact.mask(p.secret), expiry: expiry, state: state, expiresAt: p.expires,
                        usage: provider == .openaiCodex ? s.observedUsage : nil))
            }
            providers.append((provider.rawValue, rows))
        }
        unusable.sort { $0.remainingMs < $1.remainingMs }
        return ProfileStatusReport(
            activeModel: active.description, fallbacks: fallbacks.map(\.description),
            providers: providers, unusable: unusable, now: now)
    }

    public var text: String {
        var out = "model: \(activeModel)"
        if !fallbacks.isEmpty { out += "  (fallbacks: \(fallbacks.joined(separator: ", ")))" }
        out += "\n"
        for (provider, rows) in providers {
            out += "\(provider):\n"
            if rows.isEmpty { out += "  (no profiles — sx auth login --provider \(provider))\n" }
            for r in rows {
                out += "  \(r.id)  \(r.type)  \(r.who)  \(r.expiry)" + (r.state == "ok" ? "" : "  \(r.state)") + "\n"
                if let u = r.usage { out += "    usage: " + UsageText.line(u, now: now) + "\n" }
            }
        }
        return out
    }

    public var json: JSONObject {
        [
            "activeModel": .string(activeModel),
            "fallbacks": .array(fallbacks.map { .string($0) }),
            "providers": .array(
                providers.map { p in
                    [
                        "provider": .string(p.0),
                        "profiles": .array(
                            p.1.map { r -> JSONValue in
                                var o: JSONObject = [
                                    "profileId": .string(r.id), "type": .string(r.type), "account": .string(r.who),
                                    "expiry": .string(r.expiry), "state": .string(r.state)
                                ]
                                if let e = r.expiresAt { o["expiresAt"] = .string(UTCTime.iso8601(e)) }
                                if let u = r.usage { o["usage"] = .object(UsageText.json(u)) }
                                return .object(o)
                            })
                    ]
                }),
            "unusableProfiles": .array(
                unusable.map {
                    [
                        "profileId": .string($0.profileId), "provider": .string($0.provider), "kind": .string($0.kind),
                        "reason": .string($0.reason), "until": .string(UTCTime.iso8601($0.until)),
                        "untilMs": .int($0.until.epochMillis),
                        "remainingMs": .int($0.remainingMs)
                    ]
                })
        ]
    }

    /// `--check`: 1 if a profile of the active provider is expired (and cannot refresh) or there is none, 2 if one
    /// expires within 24 h, else 0.
    public func checkStatus(activeProvider: ProviderID, doc: AuthStoreDocument, now: Date) -> Int32 {
        guard activeProvider.needsCredential else { return 0 }
        let profiles = doc.profiles(for: activeProvider)
        if profiles.isEmpty { return 1 }
        var code: Int32 = 0
        for p in profiles where p.type != .apiKey {
            guard let e = p.expires else { continue }
            if e <= now && !(p.type == .oauth && p.refresh != nil) { return 1 }
            if e.timeIntervalSince(now) < 86400 && p.type != .oauth { code = 2 }
            if e.timeIntervalSince(now) < 86400 && p.type == .oauth && p.refresh == nil { code = 2 }
        }
        return code
    }
}
