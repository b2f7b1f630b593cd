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
        if !insideFence(source[..<end]) {
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

    /// Whether an odd number of fence lines precedes the end of `text`.
    static func insideFence(_ text: Substring) -> Bool {
        var open = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.drop { $0 == " " }
            if t.hasPrefix("```") || t.hasPrefix("~~~") { open.toggle() }
        }
        return open
    }
}
