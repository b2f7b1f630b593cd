import Foundation

/// Ctrl+F and `/find`: type to search (each key searches again), Enter to keep the text, then `n` goes to the
/// next match further back and `N` to the next newer one (a conversation is read from the bottom, so "next" is
/// "earlier"), Up/Down too; Enter closes the bar where the match is, Esc closes it where the search began.
extension Reducer {
    static func openSearch(_ state: inout AppState, query: String?) {
        if state.conversation.search == nil {
            state.conversation.search = SearchState(returnTo: state.conversation.scroll)
        }
        state.chrome.focus = .composer
        guard let query else {
            state.conversation.search?.editing = true
            return
        }
        state.conversation.search?.query = query
        state.conversation.search?.editing = false
        refreshSearch(&state)
    }

    static func searchKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var search = state.conversation.search else { return [] }
        if search.editing {
            switch key {
            case .char(let c): search.query.append(c)
            case .paste(let text): search.query += text.prefix { $0 != "\n" && $0 != "\r" }
            case .backspace, .ctrl("h"):
                if !search.query.isEmpty { search.query.removeLast() }
            case .ctrl("u"): search.query = ""
            case .ctrl("w"):
                while search.query.last == " " { search.query.removeLast() }
                while let l = search.query.last, l != " " { search.query.removeLast() }
            case .enter:
                if search.query.isEmpty {
                    closeSearch(&state, restore: true)
                    return []
                }
                state.conversation.search?.editing = false
                return []
            case .escape:
                closeSearch(&state, restore: true)
                return []
            case .up, .ctrl("p"):
                moveSearch(&state, older: true)
                return []
            case .down, .ctrl("n"):
                moveSearch(&state, older: false)
                return []
            case .pageUp: scroll(&state, by: -conversationPage(state)); return []
            case .pageDown: scroll(&state, by: conversationPage(state)); return []
            default: return []
            }
            state.conversation.search = search
            refreshSearch(&state)
            return []
        }
        switch key {
        case .char("n"), .up: moveSearch(&state, older: true)
        case .char("N"), .down: moveSearch(&state, older: false)
        case .char("/"), .ctrl("f"): state.conversation.search?.editing = true
        case .enter: closeSearch(&state, restore: false)
        case .escape, .char("q"): closeSearch(&state, restore: true)
        case .pageUp: scroll(&state, by: -conversationPage(state))
        case .pageDown: scroll(&state, by: conversationPage(state))
        default: break
        }
        return []
    }

    /// Searches again for the bar's text and shows the match nearest above where the reader was (the newest one
    /// when they were following the bottom).
    static func refreshSearch(_ state: inout AppState) {
        guard var search = state.conversation.search else { return }
        search.matches = state.searchMatches(search.query)
        if search.matches.isEmpty {
            search.current = nil
            state.conversation.search = search
            state.conversation.scroll = search.returnTo
            state.conversation.scroll.reveal = nil
            return
        }
        let limit = search.returnTo.anchor?.itemId ?? Int.max
        search.current = search.matches.lastIndex { $0.itemId <= limit } ?? search.matches.count - 1
        state.conversation.search = search
        revealCurrent(&state)
    }

    static func moveSearch(_ state: inout AppState, older: Bool) {
        guard var search = state.conversation.search, let current = search.current, !search.matches.isEmpty else {
            return
        }
        let count = search.matches.count
        let next = older ? current - 1 : current + 1
        if next < 0 || next >= count {
            state.chrome.flash =
                older ? "search went round to the newest match" : "search went round to the oldest match"
        }
        search.current = (next + count) % count
        state.conversation.search = search
        revealCurrent(&state)
    }

    static func revealCurrent(_ state: inout AppState) {
        guard let match = state.conversation.search?.currentMatch else { return }
        var scroll = ScrollState()
        scroll.reveal = match
        state.conversation.scroll = scroll
    }

    static func closeSearch(_ state: inout AppState, restore: Bool) {
        guard let search = state.conversation.search else { return }
        state.conversation.search = nil
        if restore {
            state.conversation.scroll = search.returnTo
            state.conversation.scroll.reveal = nil
        }
    }
}
