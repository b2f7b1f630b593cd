import Foundation
import SXCore

/// The whole `auth-profiles.json`, edited in place: everything sx does not touch is written back as it was read.
public struct AuthStoreDocument: Sendable, Equatable {
    public private(set) var root: JSONObject

    /// An empty version-1 store.
    public init() {
        var r = JSONObject()
        r["version"] = .int(1)
        r["profiles"] = .object(JSONObject())
        root = r
    }

    /// Wraps a parsed file; the caller has checked that it is an object of version 1.
    public init(root: JSONObject) {
        self.root = root
        if root["profiles"]?.objectValue == nil { self.root["profiles"] = .object(JSONObject()) }
    }

    // MARK: profiles

    /// All stored credentials in file order, including unusable ones.
    public var allProfiles: [AuthProfile] {
        (root["profiles"]?.objectValue?.entries ?? []).compactMap { e in
            e.value.objectValue.map { AuthProfile(id: e.key, raw: $0) }
        }
    }

    /// Profiles that sx can use: known type and provider.
    public var profiles: [AuthProfile] { allProfiles.filter { $0.type != nil && $0.provider != nil } }

    /// One line per stored entry that sx keeps but ignores (unknown type, missing or unknown provider).
    public var warnings: [String] {
        (root["profiles"]?.objectValue?.entries ?? []).compactMap { e in
            guard let o = e.value.objectValue else { return "profile '\(e.key)' is not an object; ignored" }
            let p = AuthProfile(id: e.key, raw: o)
            if p.type == nil {
                return "profile '\(e.key)' has unknown type '\(o["type"]?.stringValue ?? "?")'; ignored"
            }
            if p.providerRaw == nil { return "profile '\(e.key)' has no provider; ignored" }
            if p.provider == nil { return "profile '\(e.key)' has unknown provider '\(p.providerRaw!)'; ignored" }
            return nil
        }
    }

    public func profile(_ id: String) -> AuthProfile? {
        root["profiles"]?.objectValue?[id]?.objectValue.map { AuthProfile(id: id, raw: $0) }
    }

    public func profiles(for provider: ProviderID) -> [AuthProfile] { profiles.filter { $0.provider == provider } }

    /// Stores `credential` under `id`, replacing the whole credential (fields a refresh must keep are the caller's).
    public mutating func setProfile(_ id: String, _ credential: JSONObject) {
        root.withObject("profiles") { $0[id] = .object(credential) }
    }

    /// Changes some fields of a stored credential, leaving the others (known or not) as they are.
    public mutating func editProfile(_ id: String, _ edit: (inout JSONObject) -> Void) throws {
        guard var c = root["profiles"]?.objectValue?[id]?.objectValue else { throw StoreError.unknownProfile(id) }
        edit(&c)
        setProfile(id, c)
    }

    /// Removes the credential, its usage stats, and its mentions in `order` and `lastGood`.
    public mutating func removeProfile(_ id: String) {
        var p = root["profiles"]?.objectValue ?? JSONObject()
        p[id] = nil
        root["profiles"] = .object(p)
        if var stats = root["usageStats"]?.objectValue {
            stats[id] = nil
            root["usageStats"] = .object(stats)
        }
        if var order = root["order"]?.objectValue {
            for (prov, ids) in order.entries {
                guard let arr = ids.arrayValue else { continue }
                let kept = arr.filter { $0.stringValue != id }
                order[prov] = kept.isEmpty ? nil : .array(kept)
            }
            root["order"] = order.isEmpty ? nil : .object(order)
        }
        if var lg = root["lastGood"]?.objectValue {
            for (prov, v) in lg.entries where v.stringValue == id { lg[prov] = nil }
            root["lastGood"] = .object(lg)
        }
    }

    // MARK: order, lastGood

    /// `order[provider]`, or `nil` when the store has no explicit order for it.
    public func order(for provider: ProviderID) -> [String]? {
        root["order"]?.objectValue?[provider.rawValue]?.arrayValue?.compactMap(\.stringValue)
    }

    public mutating func setOrder(_ ids: [String]?, for provider: ProviderID) {
        var o = root["order"]?.objectValue ?? JSONObject()
        o[provider.rawValue] = ids.map { .array($0.map(JSONValue.string)) }
        root["order"] = o.isEmpty ? nil : .object(o)
    }

    /// Adds `id` at the end of the provider's explicit order if it has one (a new login is tried last).
    public mutating func appendToOrder(_ id: String, for provider: ProviderID) {
        guard var ids = order(for: provider), !ids.contains(id) else { return }
        ids.append(id)
        setOrder(ids, for: provider)
    }

    public func lastGood(for provider: ProviderID) -> String? {
        root["lastGood"]?.objectValue?[provider.rawValue]?.stringValue
    }

    public mutating func setLastGood(_ id: String, for provider: ProviderID) {
        var o = root["lastGood"]?.objectValue ?? JSONObject()
        o[provider.rawValue] = .string(id)
        root["lastGood"] = .object(o)
    }

    // MARK: usage stats

    public func usageStats(_ id: String) -> UsageStats {
        UsageStats(raw: root["usageStats"]?.objectValue?[id]?.objectValue ?? JSONObject())
    }

    public mutating func setUsageStats(_ id: String, _ stats: UsageStats) {
        if stats.raw.isEmpty, root["usageStats"]?.objectValue?[id] == nil { return }
        root.withObject("usageStats") { $0[id] = stats.raw.isEmpty ? nil : .object(stats.raw) }
    }

    /// The file's text: two-space indented, with a final newline.
    public func serialized() -> String { JSONValue.object(root).serialized() + "\n" }
}
