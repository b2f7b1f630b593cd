import Foundation

/// What values a key takes: the one check behind `sx config` validation, the typed sections and `sx config keys`.
public struct SettingKind: Sendable {
    /// What a value looks like, for the key table (`1 or 0`, `URL`, `one of: a, b`).
    public let summary: String
    /// The words after "expected" in a bad-value error; nil when every value is accepted.
    public let expected: String?
    /// Compared (and shown in an error) lowercased: `APPROVAL=Ask` is `ask`.
    public let caseInsensitive: Bool
    let check: @Sendable (String) -> Bool

    public init(
        summary: String, expected: String?, caseInsensitive: Bool = false,
        accepts: @escaping @Sendable (String) -> Bool
    ) {
        self.summary = summary
        self.expected = expected
        self.caseInsensitive = caseInsensitive
        self.check = accepts
    }

    /// The value as the sections read it (lowercased when the kind says so).
    public func normalized(_ raw: String) -> String { caseInsensitive ? raw.lowercased() : raw }

    public func accepts(_ raw: String) -> Bool { check(normalized(raw)) }

    public static let text = SettingKind(summary: "text", expected: nil) { _ in true }
    public static let path = SettingKind(summary: "path", expected: nil) { _ in true }
    public static let list = SettingKind(summary: "comma-separated list", expected: nil) { _ in true }

    static let yes: Set<String> = ["1", "true", "yes", "on"]
    static let no: Set<String> = ["0", "false", "no", "off"]
    /// `1`/`0` (also true/false, yes/no, on/off).
    public static let flag = SettingKind(summary: "1 or 0", expected: "1 or 0", caseInsensitive: true) {
        yes.contains($0) || no.contains($0)
    }

    public static let positiveWholeNumber = SettingKind(
        summary: "whole number > 0", expected: "a positive whole number"
    ) {
        (Int($0) ?? 0) > 0
    }

    public static func wholeNumber(_ range: ClosedRange<Int>, expected: String) -> SettingKind {
        SettingKind(summary: "whole number \(range.lowerBound)-\(range.upperBound)", expected: expected) {
            Int($0).map(range.contains) ?? false
        }
    }

    /// A decimal number above zero (`2.5` seconds).
    public static let positiveNumber = SettingKind(summary: "number > 0", expected: "a number greater than 0") {
        guard let d = Double($0), d.isFinite else { return false }
        return d > 0
    }

    public static func choice(_ allowed: [String]) -> SettingKind {
        SettingKind(
            summary: "one of: " + allowed.joined(separator: ", "), expected: allowed.joined(separator: ", "),
            caseInsensitive: true
        ) { allowed.contains($0) }
    }

    /// An absolute http or https URL with a host.
    public static let httpURL = SettingKind(summary: "http(s) URL", expected: "an http(s) URL") { raw in
        guard let u = URL(string: raw), let scheme = u.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && u.host != nil
    }
}

/// One row of the settings table: a key sx reads, what it takes, its default and what it is for.
public struct SettingKey: Sendable {
    /// The typed section a key belongs to (one struct each in `Settings`), also the grouping of the tables.
    public enum Section: String, Sendable, CaseIterable {
        case model, tools, failover, endpoints
        case apiKeys = "API keys"
        case codexToken = "Codex token"
        case connection, files, terminal, runtime
    }

    /// Where a key may be set.
    public enum Origin: Sendable, Equatable {
        /// Settings files, the environment and flags.
        case anywhere
        /// The environment (and `--config`) only: variables that belong to the system, the terminal or other
        /// programs, or switches for tests. In a settings file they stay an unknown key.
        case environment
    }

    public let name: String
    public let kind: SettingKind
    /// The value used when the key is unset; it passes `kind` (a test checks every row).
    public let defaultValue: String?
    /// Said instead of a default when the default is not one value (`per provider`).
    public let defaultNote: String?
    public let section: Section
    public let help: String
    /// Masked wherever settings are shown.
    public let secret: Bool
    public let origin: Origin

    public init(
        _ name: String, _ kind: SettingKind, default defaultValue: String? = nil, note: String? = nil,
        _ section: Section, _ help: String, secret: Bool = false, origin: Origin = .anywhere
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.defaultNote = note
        self.section = section
        self.help = help
        self.secret = secret
        self.origin = origin
    }

    /// The default as shown in the tables.
    public var defaultText: String {
        if let defaultValue { return defaultValue }
        return defaultNote ?? "–"
    }
}
