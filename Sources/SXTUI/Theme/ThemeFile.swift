import Foundation

/// Parses a theme file (opencode's shape): `defs` names colours, `theme` maps every token to a colour or a def,
/// either one value for both modes or `{"dark": …, "light": …}`. Errors name the file and the field, in one line.
public enum ThemeFile {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var field: String
        public var problem: String
        public var description: String { "theme \(file): \(field): \(problem)" }
    }

    public static func parse(_ data: Data, file: String, mode: Theme.Mode) throws(ParseError) -> Theme {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ParseError(file: file, field: "(root)", problem: "not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw ParseError(file: file, field: "(root)", problem: "expected an object")
        }
        let defs = root["defs"] as? [String: Any] ?? [:]
        guard let tokens = root["theme"] as? [String: Any] else {
            throw ParseError(file: file, field: "theme", problem: "missing or not an object")
        }
        let name =
            root["name"] as? String ?? (file as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
        var colors: [ThemeToken: TermColor] = [:]
        for token in ThemeToken.allCases {
            let field = "theme.\(token.rawValue)"
            guard let entry = tokens[token.rawValue] else {
                throw ParseError(file: file, field: field, problem: "missing")
            }
            let raw: Any?
            if let s = entry as? String {
                raw = s
            } else if let d = entry as? [String: Any] {
                raw = d[mode.rawValue]
            } else {
                raw = nil
            }
            guard let value = raw as? String else {
                throw ParseError(file: file, field: "\(field).\(mode.rawValue)", problem: "expected a colour string")
            }
            guard let color = resolve(value, defs: defs) else {
                throw ParseError(file: file, field: field, problem: "unknown colour '\(value)'")
            }
            colors[token] = color
        }
        return Theme(name: name, mode: mode, colors: colors)
    }

    /// A def may name another def; three hops is more than any shipped theme uses and stops cycles.
    static func resolve(_ value: String, defs: [String: Any], depth: Int = 0) -> TermColor? {
        if let c = TermColor.parse(value) { return c }
        guard depth < 3, let next = defs[value] as? String else { return nil }
        return resolve(next, defs: defs, depth: depth + 1)
    }
}
