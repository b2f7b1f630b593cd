/// The YAML-ish block both Claude Code and Codex CLI read at the top of a command file
/// (docs/protocol/command-files.md#front-matter): `---`, lines of `key: value`, `---`. Only what those tools write is
/// understood: plain, single- or double-quoted values, `>`/`|` followed by indented lines, and indented or `- `
/// lines under a key (Claude Code's `allowed-tools` as a list), which belong to that key. Anything else is an error
/// naming the line, so a typo does not silently become part of the prompt.
public enum FrontMatter {
    public struct Parsed: Sendable, Equatable {
        /// Keys as written (lower-cased), values unquoted; a key given twice keeps the last value.
        public var fields: [String: String]
        /// The text after the closing `---`.
        public var body: String
    }

    /// The front matter's fields and the body; a file without front matter is all body.
    /// The error's line is 1-based.
    public struct Problem: Error, Sendable, Equatable {
        /// 1-based.
        public var line: Int
        public var reason: String
    }

    public static func parse(_ text: String) -> Result<Parsed, Problem> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        guard lines.first.map({ $0.trimmingTrailingSpaces() == "---" }) == true else {
            return .success(Parsed(fields: [:], body: text))
        }
        var fields: [String: String] = [:]
        var current: String? = nil
        var block: [Substring] = []
        func finishBlock() {
            if let key = current, !block.isEmpty {
                fields[key] = block.map { $0.trimmed() }.joined(separator: " ")
            }
            block = []
        }
        for n in 1..<lines.count {
            let line = lines[n]
            if line.trimmingTrailingSpaces() == "---" {
                finishBlock()
                let body = lines[(n + 1)...].joined(separator: "\n")
                return .success(Parsed(fields: fields, body: body))
            }
            let trimmed = line.trimmed()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if line.first == " " || line.first == "\t" || trimmed.hasPrefix("- ") || trimmed == "-" {
                guard current != nil else {
                    return .failure(
                        Problem(line: n + 1, reason: "an indented line before any `key: value` in the front matter"))
                }
                block.append(Substring(trimmed))
                continue
            }
            finishBlock()
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(
                    Problem(
                        line: n + 1, reason: "expected `key: value` in the front matter, found '\(trimmed.prefix(40))'")
                )
            }
            let key = line[..<colon].trimmed().lowercased()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                return .failure(Problem(line: n + 1, reason: "'\(line[..<colon].trimmed())' is not a front matter key"))
            }
            var value = line[line.index(after: colon)...].trimmed()
            current = key
            if value == ">" || value == "|" || value == ">-" || value == "|-" { value = "" }
            if value.count >= 2, let q = value.first, q == "\"" || q == "'" {
                guard value.last == q else {
                    return .failure(
                        Problem(line: n + 1, reason: "the value of '\(key)' opens a \(q) quote it does not close"))
                }
                value = String(value.dropFirst().dropLast())
            }
            fields[key] = value
        }
        return .failure(Problem(line: 1, reason: "the front matter opened here is never closed with `---`"))
    }
}

extension StringProtocol {
    func trimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }

    func trimmingTrailingSpaces() -> Substring {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
