import Foundation

/// Reading one key through its row of `SettingKeys`: the check, the default and the conversion live here once.
extension Config {
    /// `key`'s value after its row's check: the set value (lowercased when the kind says so), else the row's
    /// default; nil when neither. A value the kind rejects throws the error naming where it was set.
    public func setting(_ key: String) throws -> String? {
        let row = SettingKeys.row(key)
        guard let raw = self[key] else { return row.defaultValue }
        guard row.kind.accepts(raw) else {
            throw ConfigError.badValue(
                key: key, value: row.kind.normalized(raw), source: source(of: key),
                expected: row.kind.expected ?? "")
        }
        return row.kind.normalized(raw)
    }

    /// A key whose row has a default: never nil.
    public func defaulted(_ key: String) throws -> String {
        guard let v = try setting(key) else { preconditionFailure("\(key) has no default") }
        return v
    }

    /// A key whose every value is accepted (text, paths, lists): never throws.
    public func text(_ key: String) -> String? {
        (try? setting(key)) ?? nil
    }

    /// A whole-number key with a default.
    public func wholeNumber(_ key: String) throws -> Int {
        guard let n = try setting(key).flatMap({ Int($0) }) else {
            preconditionFailure("\(key) has no whole-number default")
        }
        return n
    }

    /// A number key with a default (`SX_READ_TIMEOUT=2.5`).
    public func number(_ key: String) throws -> Double {
        guard let d = try setting(key).flatMap({ Double($0) }) else {
            preconditionFailure("\(key) has no number default")
        }
        return d
    }

    /// A `1`/`0` key; unset and without a default is off.
    public func flag(_ key: String) throws -> Bool {
        guard let v = try setting(key) else { return false }
        return SettingKind.yes.contains(v)
    }

    /// An http(s) URL key, already checked; nil when unset without a default.
    public func url(_ key: String) throws -> URL? {
        try setting(key).flatMap { URL(string: $0) }
    }
}
