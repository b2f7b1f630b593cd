/// Which part of a streaming answer may be drawn. Only complete lines are committed, so a half-arrived `**bo` is
/// never drawn as literal stars and then re-drawn bold; a table is held back until the stream ends (its column
/// widths depend on rows not yet seen). Pure: the same source always gives the same committed prefix.
public enum MarkdownStream {
    /// The prefix of `source` that can be rendered now. When `finished`, everything.
    public static func committed(_ source: String, finished: Bool) -> Substring {
        if finished { return source[...] }
        guard let lastNewline = source.lastIndex(of: "\n") else { return source[source.startIndex..<source.startIndex] }
        var end = lastNewline
        // Hold back a trailing table (outside code fences): walk back over complete lines that are table rows.
        // The fence scan reads the whole text, so it runs only when the last line looks like a table row.
        let lastLineStart = source[..<end].lastIndex(of: "\n").map { source.index(after: $0) } ?? source.startIndex
        let lastLine = source[lastLineStart..<end].drop { $0 == " " }
        if lastLine.hasPrefix("|") && !insideFence(source[..<end]) {
            var cut = end
            while true {
                let head = source[..<cut]
                let lineStart = head.lastIndex(of: "\n").map { source.index(after: $0) } ?? source.startIndex
                let line = source[lineStart..<cut].drop { $0 == " " }
                guard line.hasPrefix("|") else { break }
                // The newline before the table goes with it, so the committed text never ends in a blank line
                // that the table will later occupy.
                end = lineStart == source.startIndex ? lineStart : source.index(before: lineStart)
                if lineStart == source.startIndex { break }
                cut = source.index(before: lineStart)
            }
        }
        return source[..<end]
    }

    /// Whether `text` ends inside a fenced code block.
    static func insideFence(_ text: Substring) -> Bool {
        var fence = FenceTracker()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { fence.feed(line) }
        return fence.inside
    }

    /// Renders a streaming answer incrementally. Outside code fences and tables every source line renders on its
    /// own, so the committed text splits at such line boundaries into segments whose renderings concatenate to the
    /// rendering of the whole. Finished segments are kept in `cache`; each frame renders only the new segments and
    /// the open tail, so a long reply costs per frame what its last paragraph costs, not what the reply costs.
    static func renderIncrementally(
        _ committed: Substring, width: Int, base: Style, cache: inout StreamCache,
        map: (StyledLine) -> StyledLine = { $0 }
    ) -> [StyledLine] {
        let u = committed.utf8
        if cache.width != width || cache.stableUTF8 > u.count { cache = StreamCache(width: width) }
        var pos = u.index(u.startIndex, offsetBy: cache.stableUTF8)
        var fence = FenceTracker()
        var lastSplit: String.Index? = nil
        var lineStart = pos
        while let nl = u[lineStart...].firstIndex(of: 10) {
            let line = committed[lineStart..<nl]
            fence.feed(line)
            let after = u.index(after: nl)
            if !fence.inside && !line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("|") { lastSplit = after }
            lineStart = after
        }
        if let split = lastSplit, split > pos {
            let segment = committed[pos..<u.index(before: split)]
            cache.lines += MarkdownRenderer.render(String(segment), width: width, base: base).map(map)
            cache.stableUTF8 = u.distance(from: u.startIndex, to: split)
            pos = split
        }
        return cache.lines + MarkdownRenderer.render(String(committed[pos...]), width: width, base: base).map(map)
    }
}

/// The finished part of a streaming answer's rendering (see `MarkdownStream.renderIncrementally`).
struct StreamCache {
    var width: Int
    var stableUTF8 = 0
    var lines: [StyledLine] = []
    init(width: Int) { self.width = width }
}
