import Foundation

/// Markdown source → styled lines wrapped to a width. Hand-written and line-oriented: every source newline is a
/// line break (models put newlines where they mean them, and it keeps streamed lines stable: a committed line is
/// never re-joined with the next one). Blocks: ATX headings, fenced code with highlighting, bullet and numbered
/// lists, quotes, pipe tables, rules, paragraphs.
public enum MarkdownRenderer {
    public static func render(_ source: String, width: Int, base: Style = .plain) -> [StyledLine] {
        let width = max(4, width)
        var out: [StyledLine] = []
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        var fence: (marker: String, language: String)? = nil
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingLeadingSpaces()
            if let f = fence {
                if trimmed.hasPrefix(f.marker) && trimmed.allSatisfy({ $0 == f.marker.first }) {
                    fence = nil
                } else {
                    let styled =
                        f.language == "diff"
                        ? SyntaxHighlighter.highlightDiff(line)
                        : SyntaxHighlighter.highlight(line, language: f.language)
                    out += LineWrapper.hardWrap(styled, width: width, prefix: StyledLine("  ", Style(fg: .border)))
                }
                i += 1
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = String(trimmed.prefix(3))
                let lang = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                fence = (marker, lang)
                if !lang.isEmpty { out.append(StyledLine("  " + lang, Style(fg: .textMuted, .dim))) }
                i += 1
                continue
            }
            if isTableRow(trimmed) {
                var rows: [String] = []
                while i < lines.count, isTableRow(lines[i].trimmingLeadingSpaces()) {
                    rows.append(lines[i].trimmingLeadingSpaces())
                    i += 1
                }
                out += MarkdownTable.render(rows: rows, width: width, base: base)
                continue
            }
            out += renderLine(line, trimmed: trimmed, width: width, base: base)
            i += 1
        }
        return out
    }

    static func isTableRow(_ s: String) -> Bool { s.hasPrefix("|") && s.count > 1 }

    static func renderLine(_ line: String, trimmed: String, width: Int, base: Style) -> [StyledLine] {
        if trimmed.isEmpty { return [StyledLine()] }
        if let level = headingLevel(trimmed) {
            let text = String(trimmed.dropFirst(level)).trimmingCharacters(in: .whitespaces)
            let style = base.merged(with: Style(fg: .markdownHeading, level <= 2 ? [.bold, .underline] : .bold))
            let marker = level <= 2 ? "" : String(repeating: "#", count: level) + " "
            return LineWrapper.wrap(InlineMarkdown.parse(marker + text, base: style), width: width)
        }
        if trimmed.count >= 3,
            ["-", "*", "_"].contains(where: { m in
                trimmed.allSatisfy { $0 == m.first || $0 == " " } && trimmed.filter({ $0 == m.first }).count >= 3
            })
        {
            return [StyledLine(String(repeating: "─", count: min(width, 40)), Style(fg: .border))]
        }
        if trimmed.hasPrefix(">") {
            let inner = String(trimmed.dropFirst()).trimmingLeadingSpaces()
            let bar = StyledLine("│ ", Style(fg: .markdownQuote))
            let body = InlineMarkdown.parse(inner, base: base.merged(with: Style(fg: .markdownQuote, .italic)))
            return LineWrapper.wrap(body, width: width, first: bar, rest: bar)
        }
        let indent = line.count - trimmed.count
        let pad = String(repeating: " ", count: min(indent, width / 2))
        if let (marker, rest) = listMarker(trimmed) {
            let shown = marker.last == "." || marker.last == ")" ? marker : "•"
            var first = StyledLine(pad)
            first.append(shown + " ", Style(fg: .markdownListMarker))
            let cont = StyledLine(String(repeating: " ", count: first.width))
            var text = rest
            var prefixBox: String? = nil
            if text.hasPrefix("[ ] ") { prefixBox = "☐ "; text.removeFirst(4) }
            if text.hasPrefix("[x] ") || text.hasPrefix("[X] ") { prefixBox = "☑ "; text.removeFirst(4) }
            var body = StyledLine()
            if let box = prefixBox { body.append(box, base.merged(with: Style(fg: .markdownListMarker))) }
            body.spans += InlineMarkdown.parse(text, base: base).spans
            return LineWrapper.wrap(body, width: width, first: first, rest: cont)
        }
        let prefix = StyledLine(pad)
        return LineWrapper.wrap(InlineMarkdown.parse(trimmed, base: base), width: width, first: prefix, rest: prefix)
    }

    static func headingLevel(_ s: String) -> Int? {
        var n = 0
        for ch in s { if ch == "#" { n += 1 } else { break } }
        guard (1...6).contains(n) else { return nil }
        let after = s.dropFirst(n)
        return after.isEmpty || after.first == " " ? n : nil
    }

    /// `- `, `* `, `+ ` or `12. ` / `12) ` → (marker, rest).
    static func listMarker(_ s: String) -> (String, String)? {
        if let f = s.first, "-*+".contains(f), s.dropFirst().first == " " { return (String(f), String(s.dropFirst(2))) }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let after = s.dropFirst(digits.count)
        guard let p = after.first, p == "." || p == ")", after.dropFirst().first == " " else { return nil }
        return (String(digits) + String(p), String(after.dropFirst(2)))
    }
}

extension String {
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
