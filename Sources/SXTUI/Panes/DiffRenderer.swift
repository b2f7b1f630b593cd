import SXCore

/// A file's diff → styled lines: a header with the path and counts, hunk headers, old and new line numbers in a
/// gutter, added and removed lines coloured, and the changed words of a replaced line highlighted.
enum DiffRenderer {
    /// Diffs up to this many lines show in full in the conversation; longer ones collapse to their summary line.
    static let inlineLimit = 24

    /// Every line of the diff's body (hunks), wrapped to `width`; `limit` cuts it with a "… N more lines" line.
    static func lines(_ diff: FileDiff, width: Int, limit: Int? = nil) -> [StyledLine] {
        var out: [StyledLine] = []
        if diff.kind == .binary {
            return [StyledLine("  binary file, not shown", Style(fg: .textMuted, .dim))]
        }
        let bodyCount = diff.hunks.reduce(0) { $0 + $1.lines.count + 1 }
        let maxNumber = diff.hunks.map { max($0.oldStart + $0.oldCount, $0.newStart + $0.newCount) }.max() ?? 1
        let gutter = String(maxNumber).count
        var emitted = 0
        for hunk in diff.hunks {
            if let limit, emitted >= limit { break }
            out.append(
                StyledLine(
                    "  @@ -\(hunk.oldStart),\(hunk.oldCount) +\(hunk.newStart),\(hunk.newCount) @@",
                    Style(fg: .accent, .dim)))
            emitted += 1
            let highlights = wordHighlights(hunk.lines)
            var oldLine = hunk.oldStart, newLine = hunk.newStart
            for (index, line) in hunk.lines.enumerated() {
                if let limit, emitted >= limit { break }
                let number: String
                let sign: String
                let token: ThemeToken?
                switch line.kind {
                case .context:
                    number = pad(newLine, gutter)
                    sign = " "
                    token = .textMuted
                    oldLine += 1
                    newLine += 1
                case .removed:
                    number = pad(oldLine, gutter)
                    sign = "-"
                    token = .diffRemoved
                    oldLine += 1
                case .added:
                    number = pad(newLine, gutter)
                    sign = "+"
                    token = .diffAdded
                    newLine += 1
                }
                let prefix = StyledLine([
                    Span("  " + number + " ", Style(fg: .textMuted, .dim)), Span(sign + " ", Style(fg: token, .bold))
                ])
                var text = StyledLine()
                let plain = Style(fg: token)
                if let ranges = highlights[index], !ranges.isEmpty {
                    text = highlighted(line.text, ranges: ranges, base: plain)
                } else {
                    text.append(line.text, plain)
                }
                out += hardWrap(text, width: width, prefix: prefix)
                emitted += 1
            }
        }
        if let limit, bodyCount > limit {
            out.append(
                StyledLine("  … \(bodyCount - limit) more lines (Ctrl+O shows all)", Style(fg: .textMuted, .dim)))
        }
        return out
    }

    /// The summary line: "edited src/a.swift +12 −3", counts coloured.
    static func header(_ diff: FileDiff, hint: String = "") -> StyledLine {
        var line = StyledLine()
        let verb: String =
            switch diff.kind {
            case .added: "created "
            case .deleted: "deleted "
            case .moved: "moved "
            case .modified: "edited "
            case .binary: "binary "
            }
        line.append("  " + verb, Style(fg: .textMuted))
        if let old = diff.oldPath, diff.kind == .moved { line.append(old + " → ", Style(fg: .text, .bold)) }
        line.append(diff.path, Style(fg: .text, .bold))
        if diff.added > 0 { line.append(" +\(diff.added)", Style(fg: .diffAdded)) }
        if diff.removed > 0 { line.append(" \u{2212}\(diff.removed)", Style(fg: .diffRemoved)) }
        if !hint.isEmpty { line.append("  " + hint, Style(fg: .textMuted, .dim)) }
        return line
    }

    /// How many body lines a diff has (hunk headers included).
    static func bodyLineCount(_ diff: FileDiff) -> Int { diff.hunks.reduce(0) { $0 + $1.lines.count + 1 } }

    /// Code keeps its spaces: a line is cut by cells, not at words, and tabs show as four spaces.
    static func hardWrap(_ text: StyledLine, width: Int, prefix: StyledLine) -> [StyledLine] {
        let room = max(1, width - prefix.width)
        let indent = StyledLine(String(repeating: " ", count: prefix.width))
        var lines: [StyledLine] = []
        var current = prefix
        var used = 0
        for span in text.spans {
            for ch in span.text {
                let shown = ch == "\t" ? "    " : String(ch)
                let w = ch == "\t" ? 4 : CellWidth.of(ch)
                if used + w > room && used > 0 {
                    lines.append(current)
                    current = indent
                    used = 0
                }
                current.append(shown, span.style)
                used += w
            }
        }
        lines.append(current)
        return lines
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }

    /// Changed character ranges for each line of a replaced pair (removed line i with added line i of the block
    /// that follows it).
    private static func wordHighlights(_ lines: [DiffLine]) -> [Int: [Range<Int>]] {
        var out: [Int: [Range<Int>]] = [:]
        for pair in WordDiff.pairs(in: lines) {
            let ranges = WordDiff.changedRanges(old: lines[pair.removed].text, new: lines[pair.added].text)
            // A line replaced wholesale gains nothing from highlighting every character.
            if ranges.old.count == 1, ranges.old[0].count == lines[pair.removed].text.count { continue }
            out[pair.removed] = ranges.old
            out[pair.added] = ranges.new
        }
        return out
    }

    private static func highlighted(_ text: String, ranges: [Range<Int>], base: Style) -> StyledLine {
        var line = StyledLine()
        let characters = Array(text)
        var cursor = 0
        for range in ranges {
            let lower = min(max(range.lowerBound, cursor), characters.count)
            let upper = min(max(range.upperBound, lower), characters.count)
            if cursor < lower { line.append(String(characters[cursor..<lower]), base) }
            if lower < upper { line.append(String(characters[lower..<upper]), base.with([.reverse, .bold])) }
            cursor = upper
        }
        if cursor < characters.count { line.append(String(characters[cursor...]), base) }
        return line
    }
}
