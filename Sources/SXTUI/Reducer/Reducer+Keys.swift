import SXProtocol
import Foundation

extension Reducer {
    static func reduceKey(_ state: inout AppState, _ pressed: Key) -> [Effect] {
        let key = state.chrome.keyMap.translate(pressed)
        if key == .focusIn || key == .focusOut {
            state.chrome.focused = key == .focusIn
            return []
        }
        if key != .ctrl("c") && state.chrome.quitArmedUntil != nil {
            state.chrome.quitArmedUntil = nil
            state.chrome.flash = nil
        }
        // An approval waits for its answer: every key goes to it (Ctrl+C says no).
        if state.topPopup?.takesAllKeys == true { return popupKey(&state, key) }
        // Keys that work everywhere, popups included.
        switch key {
        case .ctrl("c") where state.popups.isEmpty && state.conversation.search != nil:
            closeSearch(&state, restore: true)
            return []
        case .ctrl("c"): return ctrlC(&state)
        case .f(1): state.toggle(HelpPopup()); return []
        default: break
        }
        if !state.popups.isEmpty { return popupKey(&state, key) }
        if state.conversation.search != nil { return searchKey(&state, key) }
        switch key {
        case .ctrl("f"): openSearch(&state, query: nil); return []
        case .ctrl("g"):
            state.chrome.focus = .composer
            return [.editPrompt(state.composer.expandedText)]
        case .escape: return escape(&state)
        case .ctrl("l"): openPicker(&state); return []
        case .ctrl("p"): state.push(ListPicker(ProfileSource())); return []
        case .ctrl("t"):
            let efforts = state.activeEfforts
            guard !efforts.isEmpty else {
                state.chrome.flash = "this model has no reasoning effort setting"
                return []
            }
            let current =
                state.engine.session?.reasoningEffort.flatMap { efforts.firstIndex(of: $0) } ?? efforts.count - 1
            let next = efforts[(current + 1) % efforts.count]
            state.engine.session?.reasoningEffort = next
            return [.setEffort(next)]
        case .ctrl("o"): state.conversation.expandAll.toggle(); return []
        case .f(2): return cycleModel(&state, forward: true)
        case .shiftF(2): return cycleModel(&state, forward: false)
        case .f(3): togglePane(&state, toolLog: true); return []
        case .f(4): togglePane(&state, toolLog: false); return []
        case .alt(","), .alt("."):
            let current = Layout.compute(state).toolLog?.width ?? Layout.compute(state).status?.width ?? 0
            if current > 0 { state.chrome.sideWidth = current + (key == .alt(".") ? -sideStep : sideStep) }
            return []
        case .pageUp: scroll(&state, by: -conversationPage(state)); return []
        case .pageDown: scroll(&state, by: conversationPage(state)); return []
        case .wheelUp: scroll(&state, by: -wheelLines); return []
        case .wheelDown: scroll(&state, by: wheelLines); return []
        case .backTab: cycleFocus(&state, forward: false); return []
        case .tab:
            if state.chrome.focus == .composer, !state.commandCompletions(for: state.composer.text).isEmpty {
                completeCommand(&state)
            } else if state.chrome.focus == .composer, FileMention.complete(&state) {
                return []
            } else {
                cycleFocus(&state, forward: true)
            }
            return []
        default: break
        }
        switch state.chrome.focus {
        case .composer: return composerKey(&state, key)
        case .conversation: conversationKey(&state, key); return []
        case .toolLog: toolLogKey(&state, key); return []
        case .status:
            if case .char = key { state.chrome.focus = .composer; return composerKey(&state, key) }
            return []
        }
    }

    /// Ctrl+C steps down: close a popup → clear the input → interrupt the turn → arm quit → quit.
    static func ctrlC(_ state: inout AppState) -> [Effect] {
        if let top = state.popups.popLast() { return top.cancelled(state) }
        if !state.composer.isEmpty { state.composer.clear(); return [] }
        if state.engine.busy { return [.interrupt] }
        if let until = state.chrome.quitArmedUntil, state.chrome.now < until { return [.quit] }
        state.chrome.quitArmedUntil = state.chrome.now.addingTimeInterval(quitArmSeconds)
        state.chrome.flash = "press Ctrl+C again to quit"
        return []
    }

    static func escape(_ state: inout AppState) -> [Effect] {
        if state.engine.busy { return [.interrupt] }
        if state.chrome.focus != .composer { state.chrome.focus = .composer; return [] }
        if let last = state.chrome.lastEscapeAt, state.chrome.now.timeIntervalSince(last) < doubleEscapeSeconds {
            state.chrome.lastEscapeAt = nil
            // Esc Esc clears the prompt; on an empty prompt the queue, or with none, it opens `/rewind`.
            if state.composer.text.isEmpty && !state.composer.queue.isEmpty {
                let n = state.composer.queue.count
                state.composer.queue.removeAll()
                state.conversation.append(.notice("cleared \(n) queued message\(n == 1 ? "" : "s")", .info))
                return []
            }
            if state.composer.text.isEmpty { return [.listRewindPoints] }
            state.composer.clear()
        } else {
            state.chrome.lastEscapeAt = state.chrome.now
        }
        return []
    }

    /// The top popup handles the key; the reducer applies what it asks for. The popup is taken off the stack while
    /// it handles the key and put back unless it closed, so what it opens (the tool detail) goes on top of it.
    static func popupKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var top = state.popups.popLast() else { return [] }
        let outcome = top.handle(key, in: state)
        if !outcome.close { state.popups.append(top) }
        for intent in outcome.intents {
            switch intent {
            case .rememberModel(let model): rememberModel(&state, model)
            case .pinProfile(let id): state.engine.pinnedProfile = id
            case .toolLogKey(let key): toolLogKey(&state, key)
            case .chooseRewindScope(let point): state.push(ListPicker(RewindScopeSource(point: point)))
            }
        }
        return outcome.effects
    }

    /// Closes every popup (a replaced session), undoing what each one previewed.
    static func closeAllPopups(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        while let top = state.popups.popLast() { effects += top.cancelled(state) }
        return effects
    }

    static func composerKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        var c = state.composer
        defer { state.composer = c }
        switch key {
        case .char("?") where c.isEmpty:
            state.push(HelpPopup())
        case .char(let ch): c.insert(String(ch))
        case .paste(let text):
            if let path = ComposerState.looksLikeImagePath(text) { return [.attachImage(path: path)] }
            c.paste(text)
        case .altEnter where state.engine.busy:
            // Steer: the running turn takes this at its next safe point.
            guard !c.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
            let prompt = c.take()
            state.conversation.append(.user(prompt))
            state.conversation.append(.notice("steering: the turn takes this after the step it is on", .info))
            state.conversation.scroll = ScrollState()
            return [.steer(prompt)]
        case .ctrl("j"), .altEnter: c.insert("\n")
        case .enter:
            let text = c.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty && c.images.isEmpty {
                // An empty Enter after an interrupted turn sends the next queued message.
                if !state.engine.busy, !c.queue.isEmpty {
                    state.composer = c
                    let effects = sendNextQueued(&state)
                    c = state.composer
                    return effects
                }
                return []
            }
            if text.hasPrefix("/") && !text.hasPrefix("//") {
                _ = c.take()
                state.composer = c
                let effects = runCommand(&state, text)
                c = state.composer
                return effects
            }
            if text.hasPrefix("!"), c.images.isEmpty {
                let command = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
                guard !command.isEmpty else { return [] }
                _ = c.take()
                state.conversation.scroll = ScrollState()
                return [.userCommand(command)]
            }
            if state.engine.busy {
                c.enqueue()
                return []
            }
            let images = c.images.map(\.data)
            let names = c.images.map(\.name)
            let prompt = c.take()
            return send(&state, prompt, images: images, names: names)
        case .backspace, .ctrl("h"): c.backspace()
        case .delete, .ctrl("d"): c.deleteForward()
        case .ctrl("w"): c.deleteWordBackward()
        case .ctrl("u"): c.clear()
        case .left, .ctrl("b"): c.moveLeft()
        case .right, .ctrl("f"): c.moveRight()
        case .home, .ctrl("a"):
            if c.isEmpty { scroll(&state, by: ScrollState.toTop) } else { c.moveHome() }
        case .end, .ctrl("e"):
            if c.isEmpty { state.conversation.scroll = ScrollState() } else { c.moveEnd() }
        case .up where c.isEmpty && c.historyIndex == nil && !c.queue.isEmpty:
            c.unqueueLast()
        case .up:
            // History only from an empty composer (or while browsing it): Up never throws a draft away.
            if c.isEmpty || c.historyIndex != nil {
                c.historyUp()
            } else if !c.cursorOnFirstLine {
                moveLine(&c, up: true)
            }
        case .down:
            if c.historyIndex != nil { c.historyDown() } else if !c.cursorOnLastLine { moveLine(&c, up: false) }
        default: break
        }
        return []
    }

    /// Moves the composer cursor to the same column of the previous/next line.
    static func moveLine(_ c: inout ComposerState, up: Bool) {
        var lineStart = c.cursor
        while lineStart > 0 && c.chars[lineStart - 1] != "\n" { lineStart -= 1 }
        let column = c.cursor - lineStart
        if up {
            guard lineStart > 0 else { return }
            var prevStart = lineStart - 1
            while prevStart > 0 && c.chars[prevStart - 1] != "\n" { prevStart -= 1 }
            c.cursor = min(prevStart + column, lineStart - 1)
        } else {
            var nextStart = c.cursor
            while nextStart < c.chars.count && c.chars[nextStart] != "\n" { nextStart += 1 }
            guard nextStart < c.chars.count else { return }
            nextStart += 1
            var nextEnd = nextStart
            while nextEnd < c.chars.count && c.chars[nextEnd] != "\n" { nextEnd += 1 }
            c.cursor = min(nextStart + column, nextEnd)
        }
    }

    static func conversationKey(_ state: inout AppState, _ key: Key) {
        switch key {
        case .up, .char("k"): scroll(&state, by: -1)
        case .down, .char("j"): scroll(&state, by: 1)
        case .home, .char("g"): scroll(&state, by: ScrollState.toTop)
        case .end, .char("G"): state.conversation.scroll = ScrollState()
        default: break
        }
    }

    static func toolLogKey(_ state: inout AppState, _ key: Key) {
        guard !state.toolLog.entries.isEmpty else { return }
        let last = state.toolLog.entries.count - 1
        switch key {
        case .up: state.toolLog.selection = max(0, (state.toolLog.selection ?? last + 1) - 1)
        case .down: state.toolLog.selection = min(last, (state.toolLog.selection ?? last) + 1)
        case .enter:
            let i = min(state.toolLog.selection ?? last, last)
            state.push(ToolDetailPopup(callId: state.toolLog.entries[i].callId))
        default: break
        }
    }

    static func scroll(_ state: inout AppState, by lines: Int) {
        state.conversation.scroll.pendingLines =
            lines == ScrollState.toTop ? lines : state.conversation.scroll.pendingLines + lines
    }

    /// A page is the conversation's height less two lines of overlap, so the reader keeps their place.
    static func conversationPage(_ state: AppState) -> Int { max(1, Layout.compute(state).conversation.height - 2) }

    static func cycleFocus(_ state: inout AppState, forward: Bool) {
        var order: [Focus] = [.composer, .conversation]
        if state.chrome.sidePanesInline {
            if state.chrome.showToolLog { order.append(.toolLog) }
            if state.chrome.showStatus { order.append(.status) }
        }
        let i = order.firstIndex(of: state.chrome.focus) ?? 0
        state.chrome.focus = order[(i + (forward ? 1 : order.count - 1)) % order.count]
    }

    static func togglePane(_ state: inout AppState, toolLog: Bool) {
        if state.chrome.width < AppState.sideBySideMinWidth {
            if toolLog { state.toggle(ToolLogPopup()) } else { state.toggle(StatusPopup()) }
        } else if toolLog {
            state.chrome.showToolLog.toggle()
        } else {
            state.chrome.showStatus.toggle()
        }
        if !state.chrome.sidePanesInline && (state.chrome.focus == .toolLog || state.chrome.focus == .status) {
            state.chrome.focus = .composer
        }
    }

    static func openPicker(_ state: inout AppState) {
        state.push(ListPicker(ModelSource()))
    }

    static func cycleModel(_ state: inout AppState, forward: Bool) -> [Effect] {
        let list = state.engine.recentModels.count > 1 ? state.engine.recentModels : state.engine.pickerModels
        guard !list.isEmpty else { return [] }
        let i = list.firstIndex(of: state.engine.activeModel) ?? 0
        let next = list[(i + (forward ? 1 : list.count - 1)) % list.count]
        guard next != state.engine.activeModel else { return [] }
        return [.switchModel(next)]
    }

    /// A prompt into the conversation and to the session; the turn counts as running from now, so a second Enter
    /// before the engine says so queues instead of being refused.
    static func send(
        _ state: inout AppState, _ prompt: String, images: [ImageData], names: [String], model: String? = nil
    ) -> [Effect] {
        state.conversation.append(
            .user(
                names.isEmpty
                    ? prompt
                    : prompt + (prompt.isEmpty ? "" : "\n") + names.map { "[image: \($0)]" }.joined(separator: " ")))
        state.conversation.scroll = ScrollState()
        state.engine.busy = true
        state.engine.turnStartedAt = state.chrome.now
        if let model { return [.sendOnModel(prompt, model: model)] }
        return [.send(prompt, images: images)]
    }

    /// The oldest queued message goes out (a turn ended, or Enter on an empty prompt after an interrupt).
    static func sendNextQueued(_ state: inout AppState) -> [Effect] {
        guard !state.composer.queue.isEmpty else { return [] }
        let next = state.composer.queue.removeFirst()
        return send(&state, next.text, images: next.images, names: next.names, model: next.model)
    }
}
