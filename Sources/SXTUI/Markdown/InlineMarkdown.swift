/// Inline markdown of one line → styled spans: `**bold**`, `*italic*`/`_italic_`, `` `code` ``, `[text](url)`,
/// `~~strike~~` (shown dim). Unclosed markers are kept as literal text, so a half-typed `**bo` reads as typed.
public enum InlineMarkdown {
    public static func parse(_ text: String, base: Style = .plain) -> StyledLine {
        var out = StyledLine()
        parse(Array(text), base: base, into: &out)
        return out
    }

    static func parse(_ chars: [Character], base: Style, into out: inout StyledLine) {
        var i = 0
        var plain = ""
        func flush() { out.append(plain, base); plain = "" }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "\\`*_[]()#+-.!~|".contains(chars[i + 1]) {
                plain.append(chars[i + 1]); i += 2; continue
            }
            if c == "`" {
                var ticks = 0
                while i + ticks < chars.count && chars[i + ticks] == "`" { ticks += 1 }
                if let end = find(chars, String(repeating: "`", count: ticks), from: i + ticks) {
                    flush()
                    var code = String(chars[(i + ticks)..<end])
                    if code.hasPrefix(" ") && code.hasSuffix(" ") && code.count > 2 {
                        code = String(code.dropFirst().dropLast())
                    }
                    out.append(code, base.merged(with: Style(fg: .markdownCode)))
                    i = end + ticks
                    continue
                }
                plain.append(contentsOf: String(repeating: "`", count: ticks)); i += ticks; continue
            }
            if (c == "*" || c == "_" || c == "~"), i + 1 < chars.count, chars[i + 1] == c,
                let end = find(chars, String([c, c]), from: i + 2), end > i + 2
            {
                flush()
                let attr: Style.Attributes = c == "~" ? .dim : .bold
                parse(Array(chars[(i + 2)..<end]), base: base.with(attr), into: &out)
                i = end + 2
                continue
            }
            if (c == "*" || c == "_"), i + 1 < chars.count, chars[i + 1] != " ", chars[i + 1] != c,
                !(c == "_" && i > 0 && chars[i - 1].isLetter || c == "_" && i > 0 && chars[i - 1].isNumber),
                let end = findSingle(chars, c, from: i + 1)
            {
                flush()
                parse(Array(chars[(i + 1)..<end]), base: base.with(.italic), into: &out)
                i = end + 1
                continue
            }
            if c == "[", let close = find(chars, "](", from: i + 1), let paren = find(chars, ")", from: close + 2) {
                flush()
                let label = String(chars[(i + 1)..<close])
                let url = String(chars[(close + 2)..<paren])
                out.append(label.isEmpty ? url : label, base.merged(with: Style(fg: .markdownLink, .underline)))
                if !label.isEmpty && label != url { out.append(" (\(url))", base.merged(with: Style(fg: .textMuted))) }
                i = paren + 1
                continue
            }
            plain.append(c)
            i += 1
        }
        flush()
    }

    static func find(_ chars: [Character], _ needle: String, from start: Int) -> Int? {
        let n = Array(needle)
        guard !n.isEmpty, start <= chars.count - n.count else { return nil }
        var i = start
        while i <= chars.count - n.count {
            var ok = true
            for k in 0..<n.count where chars[i + k] != n[k] { ok = false; break }
            if ok { return i }
            i += 1
        }
        return nil
    }

    /// A closing single `*`/`_` not doubled and not preceded by a space (so `2 * 3 * 4` stays plain).
    static func findSingle(_ chars: [Character], _ c: Character, from start: Int) -> Int? {
        var i = start
        while i < chars.count {
            if chars[i] == c {
                let doubled = i + 1 < chars.count && chars[i + 1] == c
                if !doubled && chars[i - 1] != " " { return i }
                if doubled { i += 2; continue }
            }
            i += 1
        }
        return nil
    }
}
