/// Fills a command's placeholders (docs/protocol/command-files.md#placeholders): `$1`…`$9` are the positional
/// arguments (split at spaces; double quotes keep spaces in one, as Codex CLI splits them), `$ARGUMENTS` all of
/// them, `$$` stays as it is. A missing positional argument is empty. Codex prompts also take named placeholders
/// (`$FILE`, upper case) from `FILE=value` arguments, and then every one of them must be given.
public enum CommandTemplate {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func expand(_ body: String, arguments: String, dialect: CustomCommand.Dialect, command: String)
        -> Result<String, Failure>
    {
        let raw = arguments.trimmed()
        let words = split(raw)
        let named = dialect == .codex ? namedPlaceholders(body) : []
        var values: [String: String] = [:]
        if !named.isEmpty {
            for word in words {
                guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                    return .failure(
                        Failure(
                            description:
                                "\(command) takes \(named.map { $0 + "=…" }.joined(separator: " ")), not '\(word)'"))
                }
                values[String(word[..<eq])] = String(word[word.index(after: eq)...])
            }
            let missing = named.filter { values[$0] == nil }
            if !missing.isEmpty {
                return .failure(
                    Failure(description: "\(command) needs \(missing.map { $0 + "=…" }.joined(separator: " "))"))
            }
        }
        let all = dialect == .codex ? words.joined(separator: " ") : raw
        return .success(substitute(body, positional: words, all: all, named: values))
    }

    /// One pass over the body: what a value brings in is never read again as a placeholder.
    static func substitute(_ body: String, positional: [String], all: String, named: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(body.utf8.count)
        var i = body.startIndex
        while let dollar = body[i...].firstIndex(of: "$") {
            out += body[i..<dollar]
            let next = body.index(after: dollar)
            guard next < body.endIndex else {
                out += "$"
                i = next
                break
            }
            let c = body[next]
            if c == "$" {
                out += "$$"
                i = body.index(after: next)
            } else if let d = c.wholeNumberValue, (1...9).contains(d), c.isASCII {
                out += d <= positional.count ? positional[d - 1] : ""
                i = body.index(after: next)
            } else if isUpper(c) {
                var end = next
                while end < body.endIndex,
                    isUpper(body[end]) || body[end] == "_" || (body[end].isASCII && body[end].isNumber)
                {
                    end = body.index(after: end)
                }
                let name = String(body[next..<end])
                if name == "ARGUMENTS" {
                    out += all
                } else if let v = named[name] {
                    out += v
                } else {
                    out += "$" + name
                }
                i = end
            } else {
                out += "$"
                i = next
            }
        }
        out += body[i...]
        return out
    }

    /// Codex's named placeholders: `$` then an upper-case letter, then upper-case letters, digits or `_`, not
    /// after another `$`, `$ARGUMENTS` excepted; in order of first appearance.
    public static func namedPlaceholders(_ body: String) -> [String] {
        var names: [String] = []
        let chars = Array(body)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, isUpper(chars[i + 1]), i == 0 || chars[i - 1] != "$" {
                var j = i + 1
                while j < chars.count, isUpper(chars[j]) || chars[j] == "_" || (chars[j].isASCII && chars[j].isNumber) {
                    j += 1
                }
                let name = String(chars[(i + 1)..<j])
                if name != "ARGUMENTS" && !names.contains(name) { names.append(name) }
                i = j
            } else {
                i += 1
            }
        }
        return names
    }

    /// Words split at spaces; `"…"` keeps spaces inside one word (the quotes are dropped).
    public static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = "", quoted = false, has = false
        for c in text {
            if c == "\"" {
                quoted.toggle()
                has = true
            } else if (c == " " || c == "\t" || c == "\n") && !quoted {
                if has { words.append(current) }
                current = ""
                has = false
            } else {
                current.append(c)
                has = true
            }
        }
        if has { words.append(current) }
        return words
    }

    static func isUpper(_ c: Character) -> Bool { c.isASCII && c.isUppercase }
}
