/// The conversation: the visible window of wrapped lines, found by walking from the scroll anchor (or from the
/// bottom when following) and rendering only the items it passes. Cost depends on the window, not the history.
enum ConversationPane {
    struct Window {
        var lines: [StyledLine]
        var scroll: ScrollState
        /// The item (index) and its line that the first row shows.
        var start: (index: Int, line: Int) = (0, 0)
    }

    static func draw(_ state: AppState, in rect: Rect, into buf: inout ScreenBuffer, cache: RenderCache) -> ScrollState
    {
        guard !rect.isEmpty else { return state.conversation.scroll }
        let window = visible(state, width: rect.width, height: rect.height, cache: cache)
        for (row, line) in window.lines.enumerated() {
            buf.write(line, x: rect.x, y: rect.y + row, clip: rect)
        }
        if let search = state.conversation.search, !search.query.isEmpty {
            SearchHighlight.mark(search, state, window, in: rect, into: &buf, cache: cache)
        }
        if state.conversation.items.isEmpty {
            let hint = StyledLine(
                "Type a prompt and press Enter.  ? or F1: keys  ·  Ctrl+L: model", Style(fg: .textMuted, .dim))
            buf.write(hint.truncated(to: rect.width), x: rect.x, y: rect.y, clip: rect)
        }
        return window.scroll
    }

    static func itemLines(_ state: AppState, _ index: Int, width: Int, cache: RenderCache) -> [StyledLine] {
        let item = state.conversation.items[index]
        if state.conversation.search?.reveals(item.id) == true, ItemRenderer.foldsText(item) {
            // The match being shown opens what the item folds away; drawn apart from the cache, which keys on
            // the item's revision only.
            return ItemRenderer.lines(item, state: state, width: width, cache: nil)
        }
        return cache.lines(for: item, width: width, expanded: state.conversation.expandAll) {
            ItemRenderer.lines(item, state: state, width: width, cache: cache)
        }
    }

    static func visible(_ state: AppState, width: Int, height: Int, cache: RenderCache) -> Window {
        let items = state.conversation.items
        guard !items.isEmpty, height > 0 else { return Window(lines: [], scroll: ScrollState()) }
        var scroll = state.conversation.scroll
        let heightOf = { (i: Int) in itemLines(state, i, width: width, cache: cache).count }

        var position: (index: Int, line: Int)
        if let match = scroll.reveal {
            // A search match a third of the way down, so what leads up to it shows too.
            scroll.reveal = nil
            scroll.pendingLines = 0
            let i = index(of: match.itemId, in: items)
            let query = state.conversation.search?.query ?? ""
            let line =
                SearchHighlight.locate(
                    match.occurrence, of: query, in: itemLines(state, i, width: width, cache: cache))?
                .line ?? 0
            position = (i, line)
            scroll.pendingLines = -(height / 3)
        } else if scroll.pendingLines == ScrollState.toTop {
            position = (0, 0)
            scroll.pendingLines = 0
        } else if let anchor = scroll.anchor {
            position = (index(of: anchor.itemId, in: items), anchor.line)
        } else if scroll.pendingLines < 0 {
            position = bottomTop(state, height: height, width: width, cache: cache)
        } else {
            return bottomWindow(state, height: height, width: width, cache: cache)
        }

        var delta = scroll.pendingLines
        position.line = min(position.line, max(0, heightOf(position.index) - 1))
        while delta < 0 {
            if position.line > 0 {
                let step = min(position.line, -delta)
                position.line -= step
                delta += step
            } else if position.index > 0 {
                position.index -= 1
                position.line = heightOf(position.index)
            } else {
                break
            }
        }
        while delta > 0 {
            let remaining = heightOf(position.index) - position.line
            if delta < remaining {
                position.line += delta
                delta = 0
            } else if position.index + 1 < items.count {
                delta -= remaining
                position = (position.index + 1, 0)
            } else {
                position.line = heightOf(position.index)
                break
            }
        }

        // Collect one line more than fits: if the conversation ends first, the window reached the bottom → follow.
        var lines: [StyledLine] = []
        var i = position.index, skip = position.line
        while i < items.count && lines.count <= height {
            let il = itemLines(state, i, width: width, cache: cache)
            if skip < il.count { lines += il[skip...].prefix(height + 1 - lines.count) }
            skip = 0
            i += 1
        }
        if lines.count <= height {
            return bottomWindow(state, height: height, width: width, cache: cache)
        }
        var resolved = ScrollState()
        resolved.anchor = (items[position.index].id, position.line)
        return Window(lines: Array(lines.prefix(height)), scroll: resolved, start: position)
    }

    /// The last `height` lines of the conversation, following.
    static func bottomWindow(_ state: AppState, height: Int, width: Int, cache: RenderCache) -> Window {
        var chunks: [[StyledLine]] = []
        var count = 0
        var i = state.conversation.items.count - 1
        while i >= 0 && count < height {
            let il = itemLines(state, i, width: width, cache: cache)
            chunks.append(il)
            count += il.count
            i -= 1
        }
        var lines: [StyledLine] = []
        lines.reserveCapacity(count)
        for chunk in chunks.reversed() { lines += chunk }
        return Window(
            lines: Array(lines.suffix(height)), scroll: ScrollState(), start: (i + 1, max(0, count - height)))
    }

    /// The (item, line) at the top of the bottom window.
    static func bottomTop(_ state: AppState, height: Int, width: Int, cache: RenderCache) -> (index: Int, line: Int) {
        var need = height
        var i = state.conversation.items.count - 1
        while i >= 0 {
            let h = itemLines(state, i, width: width, cache: cache).count
            if h >= need { return (i, h - need) }
            need -= h
            i -= 1
        }
        return (0, 0)
    }

    /// Item ids only grow, so the array is sorted by id: binary search.
    static func index(of id: Int, in items: [ConversationItem]) -> Int {
        var lo = 0, hi = items.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if items[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
