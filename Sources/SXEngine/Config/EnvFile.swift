import Foundation

/// One `KEY=VALUE` file: `#` comments, blank lines, optional single or double quotes, `export ` tolerated.
public struct EnvFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public let path: String
    public var entries: [Entry]

    public init(path: String, entries: [Entry]) {
        self.path = path
        self.entries = entries
    }

    /// Parses `text`; a malformed line throws an error naming the file and line.
    public static func parse(_ text: String, path: String) throws -> EnvFile {
        var entries: [Entry] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") || line.hasPrefix("export\t") {
                line = line.dropFirst(7).drop(while: { $0 == " " || $0 == "\t" })
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ConfigError.malformedLine(file: path, line: lineNo, reason: "expected KEY=VALUE")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            guard isValidKey(key) else {
                throw ConfigError.malformedLine(file: path, line: lineNo, reason: "'\(key)' is not a valid key name")
            }
            let value = try unquote(line[line.index(after: eq)...], file: path, line: lineNo)
            entries.append(Entry(key: key, value: value, line: lineNo))
        }
        return EnvFile(path: path, entries: entries)
    }

    /// Loads a file; a missing file is an empty one.
    public static func load(_ path: String) throws -> EnvFile {
        guard FileManager.default.fileExists(atPath: path) else { return EnvFile(path: path, entries: []) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.malformedLine(file: path, line: 1, reason: "file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else {
            return false
        }
        return key.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    private static func unquote(_ v: Substring, file: String, line: Int) throws -> String {
        let value = v.trimmingCharacters(in: .whitespaces)
        guard let q = value.first, q == "\"" || q == "'" else {
            // An unquoted value ends at an inline comment introduced by whitespace + '#'.
            if let r = value.range(of: " #") ?? value.range(of: "\t#") {
                return String(value[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
            return value
        }
        var out = ""
        var escaped = false
        var idx = value.index(after: value.startIndex)
        while idx < value.endIndex {
            let c = value[idx]
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" && q == "\"" {
                escaped = true
            } else if c == q {
                let rest = value[value.index(after: idx)...].trimmingCharacters(in: .whitespaces)
                guard rest.isEmpty || rest.hasPrefix("#") else {
                    throw ConfigError.malformedLine(file: file, line: line, reason: "text after the closing quote")
                }
                return out
            } else {
                out.append(c)
            }
            idx = value.index(after: idx)
        }
        throw ConfigError.malformedLine(file: file, line: line, reason: "unterminated quote")
    }

    /// Quotes a value for writing back so that `parse` reads it unchanged.
    public static func quote(_ value: String) -> String {
        let plain = value.allSatisfy { !$0.isWhitespace && $0 != "\"" && $0 != "'" && $0 != "#" && $0 != "\\" }
        if plain && !value.isEmpty { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}

public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case malformedLine(file: String, line: Int, reason: String)
    case unreadable(file: String)
    case badValue(key: String, value: String, source: String, expected: String)

    public var description: String {
        switch self {
        case .malformedLine(let f, let l, let r): "\(f):\(l): \(r)"
        case .unreadable(let f): "\(f): cannot read the file"
        case .badValue(let k, let v, let s, let e): "\(s): \(k)=\(v) is not valid (expected \(e))"
        }
    }
}
