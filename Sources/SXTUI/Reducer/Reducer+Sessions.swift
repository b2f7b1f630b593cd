import Foundation
import SXProtocol

/// `/new`, `/resume` and the replay of a resumed conversation.
extension Reducer {
    /// A running turn belongs to the session it started in: switching under it would orphan its events.
    static func refuseWhileBusy(_ state: inout AppState, _ command: String) -> Bool {
        guard state.engine.busy else { return false }
        state.conversation.append(.notice("\(command): a turn is running — press Esc to interrupt it first", .warning))
        return true
    }

    static func sessionsListed(_ state: inout AppState, _ sessions: [SavedSession]) {
        let current = state.engine.session?.sessionId
        state.engine.savedSessions = sessions.filter { $0.id != current && $0.messages > 0 }
        if state.engine.savedSessions.isEmpty {
            state.conversation.append(.notice("no earlier session to resume", .warning))
            return
        }
        state.push(ListPicker(SessionSource()))
    }

    /// Starts over with `history` (empty for `/new`): the conversation and the tool log are rebuilt from it, the
    /// scroll follows the bottom again, and the notice says what happened. Item ids keep growing so that cached
    /// renderings of the old conversation can never be mistaken for new items.
    static func sessionReplaced(
        _ state: inout AppState, _ status: SessionStatus, history: [Message], notice: String?, earlier: [Message] = []
    )
        -> [Effect]
    {
        state.conversation.items = []
        state.toolLog.entries = []
        state.toolLog.selection = nil
        state.conversation.scroll = ScrollState()
        let effects = closeAllPopups(&state)
        state.engine.session = status
        state.engine.busy = status.busy
        // The new conversation's plan: none for /new, the last one for a resumed or rewound session.
        state.engine.plan = status.plan
        state.engine.turnStartedAt = nil
        state.engine.lastUsage = nil
        if !earlier.isEmpty {
            replay(&state, earlier)
            state.conversation.append(.notice(Self.compactedMark, .info))
        }
        replay(&state, history)
        if let notice { state.conversation.append(.notice(notice, .info)) }
        return effects
    }

    /// After a compaction the screen lets go of what came before the previous one: the model no longer sees it, the
    /// transcript keeps it (a resume shows it again), and a long session's screen memory stays bounded (one
    /// compaction's worth of scrollback stays). Tool log entries go with their calls.
    static func releaseCompacted(_ state: inout AppState) {
        let marks = state.conversation.items.indices.filter {
            if case .compaction = state.conversation.items[$0].kind { true } else { false }
        }
        guard marks.count >= 2 else { return }
        let cut = marks[marks.count - 2]
        state.conversation.items.removeFirst(cut)
        state.conversation.items.insert(
            ConversationItem(id: state.conversation.nextItemId, kind: .notice(Self.releasedMark, .info)), at: 0)
        state.conversation.nextItemId += 1
        let calls = Set(
            state.conversation.items.compactMap { item -> String? in
                if case .tool(let id) = item.kind { id } else { nil }
            })
        let before = state.toolLog.entries.count
        state.toolLog.entries.removeAll { !calls.contains($0.callId) }
        if let selected = state.toolLog.selection {
            let shifted = selected - (before - state.toolLog.entries.count)
            state.toolLog.selection = shifted >= 0 ? shifted : nil
        }
        if let anchor = state.conversation.scroll.anchor,
            !state.conversation.items.contains(where: { $0.id == anchor.itemId })
        {
            state.conversation.scroll = ScrollState()
        }
    }

    static let releasedMark =
        "earlier messages were compacted twice over; they stay in the transcript (/resume shows them)"

    /// Between the messages of a resumed session from before its last compaction and the history the model sees.
    static let compactedMark = "the messages above were compacted: the model continues from the summary below"

    /// The last turn's answers and thinking exist twice: the screen's copy, built from deltas, and the engine's,
    /// which every later request sends. Where both hold the same text the item takes the engine's string (strings
    /// share their storage), so a long session keeps its conversation once. Only the items after the last prompt
    /// are looked at; nothing is re-rendered (the text is unchanged).
    static func adoptTexts(_ state: inout AppState, from history: [Message]) {
        var answers: [String] = [], thoughts: [String] = []
        for message in history.reversed() {
            if message.role == .user && message.parts.contains(where: { if case .text = $0 { true } else { false } }) {
                break
            }
            for part in message.parts {
                switch part {
                case .text(let t) where message.role == .assistant: answers.append(t)
                case .thinking(let t): thoughts.append(t.text)
                default: break
                }
            }
        }
        guard !answers.isEmpty || !thoughts.isEmpty else { return }
        var i = state.conversation.items.count - 1
        scan: while i >= 0 {
            switch state.conversation.items[i].kind {
            case .user:
                break scan
            case .assistant(let text, false):
                if let same = answers.first(where: { $0 == text }) {
                    state.conversation.items[i].kind = .assistant(same, streaming: false)
                }
            case .thinking(let text, false, let collapsed):
                if let same = thoughts.first(where: { $0 == text }) {
                    state.conversation.items[i].kind = .thinking(same, streaming: false, collapsed: collapsed)
                }
            default:
                break
            }
            i -= 1
        }
    }

    /// Earlier messages as the conversation showed them: prompts, answers, thinking (collapsed) and tool calls as
    /// one-liners with their results.
    static func replay(_ state: inout AppState, _ history: [Message]) {
        for message in history {
            var text = ""
            var images = 0
            func flush() {
                guard !text.isEmpty else { return }
                state.conversation.append(message.role == .user ? .user(text) : .assistant(text, streaming: false))
                text = ""
            }
            for part in message.parts {
                switch part {
                case .text(let t):
                    text += t
                case .image:
                    images += 1
                case .thinking(let t):
                    flush()
                    if !t.text.isEmpty {
                        state.conversation.append(.thinking(t.text, streaming: false, collapsed: true))
                    }
                case .toolCall(let call):
                    flush()
                    var entry = ToolLogEntry(
                        callId: call.id, name: call.name, arguments: call.arguments, startedAt: state.chrome.now)
                    entry.status = .ok
                    state.toolLog.entries.append(entry)
                    state.conversation.append(.tool(callId: call.id))
                case .toolResult(let result):
                    guard let i = state.toolLog.entries.lastIndex(where: { $0.callId == result.callId }) else {
                        continue
                    }
                    state.toolLog.entries[i].status = result.isError ? .failed : .ok
                    state.toolLog.entries[i].appendOutput(result.output)
                    state.toolLog.entries[i].diffs = result.diffs
                }
            }
            if images > 0 && message.role == .user {
                text += text.isEmpty ? "" : "\n"; text += "[\(images) image\(images == 1 ? "" : "s")]"
            }
            flush()
        }
    }
}
