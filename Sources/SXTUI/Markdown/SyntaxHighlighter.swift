/// A deliberately small highlighter for fenced code: keywords, strings, numbers, comments and capitalised types,
/// one line at a time (a block comment spanning lines is not tracked — cheap and never wrong by much).
public enum SyntaxHighlighter {
    /// The union of common keywords of the languages models write most; one set keeps it tiny and language-blind.
    static let keywords: Set<String> = [
        "func", "let", "var", "if", "else", "for", "while", "return", "import", "struct", "class", "enum", "case",
        "switch", "default", "break", "continue", "protocol", "extension", "guard", "in", "do", "try", "catch",
        "throw", "throws", "async", "await", "public", "private", "static", "self", "nil", "true", "false", "def",
        "from", "as", "with", "pass", "None", "True", "False", "lambda", "yield", "fn", "mut", "impl", "pub", "use",
        "mod", "match", "const", "function", "new", "this", "null", "undefined", "export", "interface", "type",
        "package", "go", "defer", "chan", "select", "range", "int", "void", "char", "unsigned", "echo", "then", "fi",
        "done", "elif", "esac", "and", "or", "not", "is", "where", "final", "override", "init", "deinit"
    ]

    public static func highlight(_ line: String, language: String) -> StyledLine {
        let chars = Array(line)
        var out = StyledLine()
        let hashComments = ["sh", "bash", "zsh", "python", "py", "ruby", "rb", "yaml", "yml", "toml", "shell", ""]
            .contains(language.lowercased())
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if (c == "/" && i + 1 < chars.count && chars[i + 1] == "/") || (c == "#" && hashComments)
                || (c == "-" && i + 1 < chars.count && chars[i + 1] == "-" && language == "sql")
            {
                out.append(String(chars[i...]), Style(fg: .syntaxComment, .italic))
                break
            }
            if c == "\"" || c == "'" || c == "`" {
                var j = i + 1
                while j < chars.count && chars[j] != c { j += chars[j] == "\\" ? 2 : 1 }
                let end = min(j, chars.count - 1)
                out.append(String(chars[i...end]), Style(fg: .syntaxString))
                i = end + 1
                continue
            }
            if c.isNumber {
                // From i + 1: a digit that is not a hex digit (NKo ߇, Arabic-Indic ٣) would otherwise never advance
                // and hang the frame (found by fuzzing: Tests/Fixtures/fuzz/markdown/crash-nko-digit-in-code-block).
                var j = i + 1
                while j < chars.count && (chars[j].isHexDigit || chars[j] == "." || chars[j] == "x" || chars[j] == "_")
                { j += 1 }
                out.append(String(chars[i..<j]), Style(fg: .syntaxNumber))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                let word = String(chars[i..<j])
                if keywords.contains(word) {
                    out.append(word, Style(fg: .syntaxKeyword, .bold))
                } else if word.first?.isUppercase == true {
                    out.append(word, Style(fg: .syntaxType))
                } else {
                    out.append(word, Style(fg: .markdownCodeBlock))
                }
                i = j
                continue
            }
            out.append(String(c), Style(fg: .markdownCodeBlock))
            i += 1
        }
        return out
    }

    /// Diff lines get whole-line colour instead of token colours.
    public static func highlightDiff(_ line: String) -> StyledLine {
        if line.hasPrefix("+") && !line.hasPrefix("+++") { return StyledLine(line, Style(fg: .diffAdded)) }
        if line.hasPrefix("-") && !line.hasPrefix("---") { return StyledLine(line, Style(fg: .diffRemoved)) }
        if line.hasPrefix("@@") { return StyledLine(line, Style(fg: .accent)) }
        return StyledLine(line, Style(fg: .markdownCodeBlock))
    }
}
