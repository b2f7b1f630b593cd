import Foundation

/// Pipe tables: columns sized to their content in cells, shrunk in proportion when the width is short, cells cut
/// with an ellipsis (never mid-grapheme). The `|---|` delimiter row becomes a rule under the header.
enum MarkdownTable {
    static func render(rows: [String], width: Int, base: Style) -> [StyledLine] {
        var parsed: [[StyledLine]] = []
        var headerCount = 0
        for (n, row) in rows.enumerated() {
            let cells = split(row)
            if n == 1 && cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } && !$0.isEmpty }) {
                headerCount = 1; continue
            }
            parsed.append(cells.map { InlineMarkdown.parse($0, base: base) })
        }
        let columns = parsed.map(\.count).max() ?? 0
        guard columns > 0 else { return [] }
        var widths = (0..<columns).map { c in parsed.map { c < $0.count ? $0[c].width : 0 }.max() ?? 0 }
        widths = widths.map { max(1, $0) }
        // Borders: "│ " before each column and " │" after the last: 3 cells per column + 1.
        let budget = max(columns, width - (3 * columns + 1))
        var total = widths.reduce(0, +)
        while total > budget {
            guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 else { break }
            widths[widest] -= 1
            total -= 1
        }
        let border = Style(fg: .border)
        var out: [StyledLine] = []
        for (r, row) in parsed.enumerated() {
            var line = StyledLine("│ ", border)
            for c in 0..<columns {
                var cell = c < row.count ? row[c] : StyledLine()
                if r < headerCount { cell = cell.styled(under: Style(.bold)) }
                cell = cell.truncated(to: widths[c])
                line.spans += cell.spans
                line.append(String(repeating: " ", count: max(0, widths[c] - cell.width)))
                line.append(c == columns - 1 ? " │" : " │ ", border)
            }
            out.append(line)
            if r + 1 == headerCount {
                let rule = widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┼")
                out.append(StyledLine("├" + rule + "┤", border))
            }
        }
        return out
    }

    static func split(_ row: String) -> [String] {
        var s = Substring(row)
        if s.hasPrefix("|") { s = s.dropFirst() }
        if s.hasSuffix("|") { s = s.dropLast() }
        return s.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
