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

    /// Parses `text`; a malformed line throws an error naming the file and line. Works on Unicode scalars, not
    /// Characters: a newline, `=` or quote followed by a combining mark is one Character in Swift, and must still end
    /// the line, split the key from the value or close the quote (found by fuzzing, `Tests/Fixtures/fuzz/envfile`).
    public static func parse(_ text: String, path: String) throws -> EnvFile {
        var entries: [Entry] = []
        var lineNo = 0
        let scalars = Array(text.unicodeScalars)
        for raw in scalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.first == "#" { continue }
            if line.starts(with: "export ".unicodeScalars) || line.starts(with: "export\t".unicodeScalars) {
                line = line.dropFirst(7).drop(while: { $0 == " " || $0 == "\t" })
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ConfigError.malformedLine(file: path, line: lineNo, reason: "expected KEY=VALUE")
            }
            let key = string(line[..<eq]).trimmingCharacters(in: .whitespaces)
            guard isValidKey(key) else {
                throw ConfigError.malformedLine(file: path, line: lineNo, reason: "'\(key)' is not a valid key name")
            }
            let value = try unquote(line[(eq + 1)...], file: path, line: lineNo)
            entries.append(Entry(key: key, value: value, line: lineNo))
        }
        return EnvFile(path: path, entries: entries)
    }

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars)
        return String(v)
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
        guard let first = key.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII)
        else {
            return false
        }
        return key.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
    }

    private static func unquote(_ v: ArraySlice<Unicode.Scalar>, file: String, line: Int) throws -> String {
        let space: (Unicode.Scalar) -> Bool = { CharacterSet.whitespaces.contains($0) }
        var value = v.drop(while: space)
        while let last = value.last, space(last) { value = value.dropLast() }
        guard let q = value.first, q == "\"" || q == "'" else {
            // An unquoted value ends at an inline comment introduced by whitespace + '#'.
            var i = value.startIndex
            while i < value.endIndex {
                if value[i] == "#", i > value.startIndex, value[i - 1] == " " || value[i - 1] == "\t" {
                    return string(value[..<(i - 1)]).trimmingCharacters(in: .whitespaces)
                }
                i += 1
            }
            return string(value)
        }
        var out = String.UnicodeScalarView()
        var escaped = false
        var idx = value.startIndex + 1
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
                let rest = value[(idx + 1)...].drop(while: space)
                guard rest.isEmpty || rest.first == "#" else {
                    throw ConfigError.malformedLine(file: file, line: line, reason: "text after the closing quote")
                }
                return String(out)
            } else {
                out.append(c)
            }
            idx += 1
        }
        throw ConfigError.malformedLine(file: file, line: line, reason: "unterminated quote")
    }

    /// Quotes a value for writing back so that `parse` reads it unchanged.
    public static func quote(_ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy {
            !$0.properties.isWhitespace && $0 != "\"" && $0 != "'" && $0 != "#" && $0 != "\\"
        }
        if plain && !value.isEmpty { return value }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for c in value.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            default: out.append(c)
            }
        }
        out.append("\"")
        return String(out)
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
