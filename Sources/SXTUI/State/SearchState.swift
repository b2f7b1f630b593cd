import SXCore

/// One occurrence of the search text: the `occurrence`-th (from 0) in the item's searchable text.
public struct SearchMatch: Sendable, Equatable {
    public var itemId: Int
    public var occurrence: Int

    public init(itemId: Int, occurrence: Int) {
        self.itemId = itemId
        self.occurrence = occurrence
    }
}

/// Ctrl+F / `/find`: the search bar's text, every match in the conversation (tool output and diffs included), the
/// one shown, and the scroll position to go back to on Esc.
public struct SearchState: Sendable, Equatable {
    public var query = ""
    /// Typing the text (the bar takes characters); after Enter, `n` / `N` move between matches.
    public var editing = true
    /// Oldest first.
    public var matches: [SearchMatch] = []
    public var current: Int? = nil
    /// Where the conversation was when the search opened.
    public var returnTo: ScrollState

    public init(returnTo: ScrollState) { self.returnTo = returnTo }

    public var currentMatch: SearchMatch? { current.map { matches[$0] } }

    /// Whether `itemId` holds the match being shown: that item is drawn with its hidden parts (tool output,
    /// collapsed thinking, a compaction's summary) opened where they match.
    func reveals(_ itemId: Int) -> Bool { currentMatch?.itemId == itemId && !query.isEmpty }

    /// `3/17`, `no match`.
    public var position: String {
        guard !query.isEmpty else { return "" }
        guard let current else { return "no match" }
        return "\(current + 1)/\(matches.count)"
    }
}

extension AppState {
    /// Every occurrence of `query` in the conversation, oldest first: what each item says (the prompt, the answer,
    /// thinking, a notice, a compaction's summary) and, for a tool call, its arguments, its whole output and its
    /// diffs — also what the screen folds away.
    public func searchMatches(_ query: String) -> [SearchMatch] {
        let needle = TextSearch.Needle(query)
        guard !needle.isEmpty else { return [] }
        var out: [SearchMatch] = []
        for item in conversation.items {
            var n = 0
            forEachSearchableText(item) { n += TextSearch.count(needle, in: $0) }
            for k in 0..<n { out.append(SearchMatch(itemId: item.id, occurrence: k)) }
        }
        return out
    }

    func forEachSearchableText(_ item: ConversationItem, _ body: (String) -> Void) {
        switch item.kind {
        case .user(let t), .assistant(let t, _), .thinking(let t, _, _), .notice(let t, _): body(t)
        case .compaction(let r):
            body(r.line)
            body(r.summary)
        case .tool(let callId):
            guard let e = toolLog.entry(callId) else { return }
            body(e.name)
            body(e.argumentSummary)
            body(e.output)
            for diff in e.diffs {
                body(diff.path)
                for hunk in diff.hunks { for line in hunk.lines { body(line.text) } }
            }
        }
    }
}
