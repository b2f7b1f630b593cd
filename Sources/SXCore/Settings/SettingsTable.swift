import Foundation

/// The key table as people read it: `sx config keys` (text) and the README's table (`--markdown`), both from
/// `SettingKeys` so the documentation cannot drift from what sx reads (a test compares the README with `markdown()`).
public enum SettingsTable {
    /// A value as `sx config` shows it: a secret key's value masked, an unset one said so.
    public static func display(_ key: String, _ value: String?) -> String {
        guard let value else { return "(unset)" }
        return ConfigKeys.secret.contains(key) ? Redact.mask(value) : value
    }

    /// The README lines between these markers are `markdown()`.
    public static let beginMarker = "<!-- settings-keys:begin (generated: sx config keys --markdown) -->"
    public static let endMarker = "<!-- settings-keys:end -->"

    static func notes(_ key: SettingKey) -> [String] {
        var n: [String] = []
        if key.secret { n.append("secret, masked when shown") }
        if key.origin == .environment { n.append("environment only") }
        return n
    }

    /// Grouped by section: the key, then what it takes, its default and what it is for.
    public static func text(_ keys: [SettingKey] = SettingKeys.all) -> String {
        var out: [String] = []
        for section in SettingKey.Section.allCases {
            let rows = keys.filter { $0.section == section }
            guard !rows.isEmpty else { continue }
            if !out.isEmpty { out.append("") }
            out.append("\(section.rawValue):")
            for k in rows {
                out.append("  \(k.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(k.help)")
                let extra = ([k.kind.summary, "default: \(k.defaultText)"] + notes(k)).joined(separator: "; ")
                out.append("  \(String(repeating: " ", count: 24)) (\(extra))")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One markdown table, sections in order.
    public static func markdown(_ keys: [SettingKey] = SettingKeys.all) -> String {
        var out = ["| key | section | values | default | meaning |", "| --- | --- | --- | --- | --- |"]
        for section in SettingKey.Section.allCases {
            for k in keys where k.section == section {
                let def = k.defaultValue.map { "`\($0)`" } ?? k.defaultNote ?? "–"
                let meaning = ([k.help] + notes(k)).joined(separator: "; ")
                out.append(
                    "| `\(k.name)` | \(section.rawValue) | \(cell(k.kind.summary)) | \(cell(def)) | \(cell(meaning)) |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A `|` inside a cell would end it.
    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// The text between the markers of `document` (nil when they are missing), and `document` with it replaced.
    public static func generatedPart(of document: String) -> String? {
        guard let b = document.range(of: beginMarker + "\n"), let e = document.range(of: endMarker),
            b.upperBound <= e.lowerBound
        else { return nil }
        return String(document[b.upperBound..<e.lowerBound])
    }

    public static func replacingGeneratedPart(of document: String, with table: String = markdown()) -> String? {
        guard let b = document.range(of: beginMarker + "\n"), let e = document.range(of: endMarker),
            b.upperBound <= e.lowerBound
        else { return nil }
        return document.replacingCharacters(in: b.upperBound..<e.lowerBound, with: table)
    }
}
