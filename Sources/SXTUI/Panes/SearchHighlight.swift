/// The search's marks in the conversation pane: every occurrence in the drawn lines, and the one the bar points at
/// set apart. Works on the lines as drawn, so a match split by wrapping or by markdown (`**bo**ld`) is counted in
/// the text but not marked; the bar's count is the text's.
enum SearchHighlight {
    static let match = Style(bg: .selection, .bold)
    static let current = Style(fg: .background, bg: .accent, .bold)

    /// The drawn line of the item holding its `occurrence`-th match (the last one drawn when the text has more
    /// matches than the lines show, e.g. in a folded part), and which match on that line it is.
    static func locate(_ occurrence: Int, of query: String, in lines: [StyledLine]) -> (line: Int, nth: Int)? {
        guard !query.isEmpty else { return nil }
        var seen = 0
        var last: (line: Int, nth: Int)? = nil
        for (n, line) in lines.enumerated() {
            let found = TextSearch.ranges(of: query, in: line.plainText).count
            if found == 0 { continue }
            if occurrence < seen + found { return (n, occurrence - seen) }
            seen += found
            last = (n, found - 1)
        }
        return last
    }

    static func mark(
        _ search: SearchState, _ state: AppState, _ window: ConversationPane.Window, in rect: Rect,
        into buf: inout ScreenBuffer, cache: RenderCache
    ) {
        let items = state.conversation.items
        var currentSpot: (index: Int, line: Int, nth: Int)? = nil
        if let match = search.currentMatch {
            let i = ConversationPane.index(of: match.itemId, in: items)
            if i < items.count, items[i].id == match.itemId,
                let spot = locate(
                    match.occurrence, of: search.query,
                    in: ConversationPane.itemLines(state, i, width: rect.width, cache: cache))
            {
                currentSpot = (i, spot.line, spot.nth)
            }
        }
        var (index, lineInItem) = window.start
        var height =
            index < items.count ? ConversationPane.itemLines(state, index, width: rect.width, cache: cache).count : 0
        for (row, line) in window.lines.enumerated() {
            while lineInItem >= height && index + 1 < items.count {
                index += 1
                lineInItem = 0
                height = ConversationPane.itemLines(state, index, width: rect.width, cache: cache).count
            }
            let text = Array(line.plainText)
            for (nth, range) in TextSearch.ranges(of: search.query, in: line.plainText).enumerated() {
                let x = CellWidth.of(String(text[..<range.lowerBound]))
                let w = CellWidth.of(String(text[range]))
                let isCurrent = currentSpot.map { $0.index == index && $0.line == lineInItem && $0.nth == nth } ?? false
                buf.restyle(x: rect.x + x, y: rect.y + row, width: w, isCurrent ? current : match, clip: rect)
            }
            lineInItem += 1
        }
    }
}
