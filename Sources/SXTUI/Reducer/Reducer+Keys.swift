import Foundation

extension Reducer {
    static func reduceKey(_ state: inout AppState, _ pressed: Key) -> [Effect] {
        let key = state.keyMap.translate(pressed)
        if key != .ctrl("c") && state.quitArmedUntil != nil {
            state.quitArmedUntil = nil
            state.flash = nil
        }
        // An approval waits for its answer: only its keys (and Ctrl+C, which says no) do anything.
        if case .approval(let prompt)? = state.overlay {
            let choice: ApprovalChoice?
            switch key {
            case .char("y"), .char("Y"), .enter: choice = .yes
            case .char("a"), .char("A"): choice = .always
            case .char("n"), .char("N"), .escape, .ctrl("c"): choice = .no
            default: choice = nil
            }
            guard let choice else { return [] }
            state.overlay = nil
            return [.answerApproval(id: prompt.id, choice)]
        }
        // Keys that work everywhere, popups included.
        switch key {
        case .ctrl("c"): return ctrlC(&state)
        case .f(1): state.overlay = state.overlay == .help ? nil : .help; return []
        default: break
        }
        if let overlay = state.overlay { return overlayKey(&state, overlay, key) }
        switch key {
        case .escape: return escape(&state)
        case .ctrl("l"): openPicker(&state); return []
        case .ctrl("p"): state.overlay = .profilePicker(PickerState()); return []
        case .ctrl("t"):
            let efforts = state.activeEfforts
            guard !efforts.isEmpty else {
                state.flash = "this model has no reasoning effort setting"
                return []
            }
            let current = state.session?.reasoningEffort.flatMap { efforts.firstIndex(of: $0) } ?? efforts.count - 1
            let next = efforts[(current + 1) % efforts.count]
            state.session?.reasoningEffort = next
            return [.setEffort(next)]
        case .ctrl("o"): state.expandAll.toggle(); return []
        case .f(2): return cycleModel(&state, forward: true)
        case .shiftF(2): return cycleModel(&state, forward: false)
        case .f(3): togglePane(&state, toolLog: true); return []
        case .f(4): togglePane(&state, toolLog: false); return []
        case .alt(","), .alt("."):
            let current = Layout.compute(state).toolLog?.width ?? Layout.compute(state).status?.width ?? 0
            if current > 0 { state.sideWidth = current + (key == .alt(".") ? -sideStep : sideStep) }
            return []
        case .pageUp: scroll(&state, by: -conversationPage(state)); return []
        case .pageDown: scroll(&state, by: conversationPage(state)); return []
        case .wheelUp: scroll(&state, by: -wheelLines); return []
        case .wheelDown: scroll(&state, by: wheelLines); return []
        case .backTab: cycleFocus(&state, forward: false); return []
        case .tab:
            if state.focus == .composer, !SlashCommand.completions(for: state.composer.text).isEmpty {
                completeCommand(&state)
            } else if state.focus == .composer, FileMention.complete(&state) {
                return []
            } else {
                cycleFocus(&state, forward: true)
            }
            return []
        default: break
        }
        switch state.focus {
        case .composer: return composerKey(&state, key)
        case .conversation: conversationKey(&state, key); return []
        case .toolLog: toolLogKey(&state, key); return []
        case .status:
            if case .char = key { state.focus = .composer; return composerKey(&state, key) }
            return []
        }
    }

    /// Ctrl+C steps down: close a popup → clear the input → interrupt the turn → arm quit → quit.
    static func ctrlC(_ state: inout AppState) -> [Effect] {
        if state.overlay != nil { state.overlay = nil; return [] }
        if !state.composer.isEmpty { state.composer.clear(); return [] }
        if state.busy { return [.interrupt] }
        if let until = state.quitArmedUntil, state.now < until { return [.quit] }
        state.quitArmedUntil = state.now.addingTimeInterval(quitArmSeconds)
        state.flash = "press Ctrl+C again to quit"
        return []
    }

    static func escape(_ state: inout AppState) -> [Effect] {
        if state.busy { return [.interrupt] }
        if state.focus != .composer { state.focus = .composer; return [] }
        if let last = state.lastEscapeAt, state.now.timeIntervalSince(last) < doubleEscapeSeconds {
            state.composer.clear()
            state.lastEscapeAt = nil
        } else {
            state.lastEscapeAt = state.now
        }
        return []
    }

    static func overlayKey(_ state: inout AppState, _ overlay: Overlay, _ key: Key) -> [Effect] {
        switch overlay {
        case .approval:
            return [] // answered in reduceKey before any other key handling
        case .help:
            if key == .escape || key == .char("q") || key == .char("?") || key == .enter { state.overlay = nil }
            return []
        case .toolLog, .status:
            switch key {
            case .escape, .f(3), .f(4), .char("q"): state.overlay = nil
            case .up, .down, .enter: if overlay == .toolLog { toolLogKey(&state, key) }
            default: break
            }
            return []
        case .toolDetail:
            if key == .escape || key == .char("q") || key == .enter { state.overlay = state.width < AppState.sideBySideMinWidth ? .toolLog : nil }
            return []
        case .sessionPicker(let picker):
            return sessionPickerKey(&state, picker, key)
        case .profilePicker(var picker):
            let list = FuzzyMatch.filter(state.profileChoices, query: picker.query)
            switch key {
            case .escape: state.overlay = nil; return []
            case .enter:
                state.overlay = nil
                guard picker.selected < list.count else { return [] }
                let id = list[picker.selected] == "auto" ? nil : list[picker.selected]
                state.pinnedProfile = id
                return [.pinProfile(id)]
            default: _ = picker.navigate(key, count: list.count)
            }
            state.overlay = .profilePicker(picker)
            return []
        case .themePicker(var picker):
            let list = FuzzyMatch.filter(state.themes, query: picker.query)
            let before = picker.selected < list.count ? list[picker.selected] : nil
            switch key {
            case .escape:
                state.overlay = nil
                let original = state.themeBeforePreview
                state.themeBeforePreview = nil
                return original.map { $0 == state.themeName ? [] : [.previewTheme($0)] } ?? []
            case .enter:
                state.overlay = nil
                state.themeBeforePreview = nil
                return before.map { [.setTheme($0)] } ?? []
            default: _ = picker.navigate(key, count: list.count)
            }
            state.overlay = .themePicker(picker)
            let filtered = FuzzyMatch.filter(state.themes, query: picker.query)
            let after = picker.selected < filtered.count ? filtered[picker.selected] : nil
            if let after, after != before || after != state.themeName { return [.previewTheme(after)] }
            return []
        case .modelPicker(var picker):
            let list = state.pickerList(query: picker.query)
            switch key {
            case .escape: state.overlay = nil; return []
            case .enter:
                state.overlay = nil
                guard picker.selected < list.count else { return [] }
                let model = list[picker.selected]
                rememberModel(&state, model)
                return [.switchModel(model)]
            default: _ = picker.navigate(key, count: list.count)
            }
            state.overlay = .modelPicker(picker)
            return []
        }
    }

    static func composerKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        var c = state.composer
        defer { state.composer = c }
        switch key {
        case .char("?") where c.isEmpty:
            state.overlay = .help
        case .char(let ch): c.insert(String(ch))
        case .paste(let text):
            if let path = ComposerState.looksLikeImagePath(text) { return [.attachImage(path: path)] }
            c.paste(text)
        case .ctrl("j"), .altEnter: c.insert("\n")
        case .enter:
            let text = c.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty && c.images.isEmpty { return [] }
            if text.hasPrefix("/") && !text.hasPrefix("//") {
                _ = c.take()
                state.composer = c
                let effects = runCommand(&state, text)
                c = state.composer
                return effects
            }
            let images = c.images.map(\.data)
            let names = c.images.map(\.name)
            let prompt = c.take()
            state.append(.user(names.isEmpty ? prompt : prompt + (prompt.isEmpty ? "" : "\n") + names.map { "[image: \($0)]" }.joined(separator: " ")))
            state.scroll = ScrollState()
            return [.send(prompt, images: images)]
        case .backspace, .ctrl("h"): c.backspace()
        case .delete, .ctrl("d"): c.deleteForward()
        case .ctrl("w"): c.deleteWordBackward()
        case .ctrl("u"): c.clear()
        case .left, .ctrl("b"): c.moveLeft()
        case .right, .ctrl("f"): c.moveRight()
        case .home, .ctrl("a"):
            if c.isEmpty { scroll(&state, by: ScrollState.toTop) } else { c.moveHome() }
        case .end, .ctrl("e"):
            if c.isEmpty { state.scroll = ScrollState() } else { c.moveEnd() }
        case .up:
            // History only from an empty composer (or while browsing it): Up never throws a draft away.
            if c.isEmpty || c.historyIndex != nil { c.historyUp() } else if !c.cursorOnFirstLine { moveLine(&c, up: true) }
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
        case .end, .char("G"): state.scroll = ScrollState()
        default: break
        }
    }

    static func toolLogKey(_ state: inout AppState, _ key: Key) {
        guard !state.toolLog.isEmpty else { return }
        let last = state.toolLog.count - 1
        switch key {
        case .up: state.toolLogSelection = max(0, (state.toolLogSelection ?? last + 1) - 1)
        case .down: state.toolLogSelection = min(last, (state.toolLogSelection ?? last) + 1)
        case .enter:
            let i = min(state.toolLogSelection ?? last, last)
            state.overlay = .toolDetail(callId: state.toolLog[i].callId)
        default: break
        }
    }

    static func scroll(_ state: inout AppState, by lines: Int) {
        state.scroll.pendingLines = lines == ScrollState.toTop ? lines : state.scroll.pendingLines + lines
    }

    /// A page is the conversation's height less two lines of overlap, so the reader keeps their place.
    static func conversationPage(_ state: AppState) -> Int { max(1, Layout.compute(state).conversation.height - 2) }

    static func cycleFocus(_ state: inout AppState, forward: Bool) {
        var order: [Focus] = [.composer, .conversation]
        if state.sidePanesInline {
            if state.showToolLog { order.append(.toolLog) }
            if state.showStatus { order.append(.status) }
        }
        let i = order.firstIndex(of: state.focus) ?? 0
        state.focus = order[(i + (forward ? 1 : order.count - 1)) % order.count]
    }

    static func togglePane(_ state: inout AppState, toolLog: Bool) {
        if state.width < AppState.sideBySideMinWidth {
            let target: Overlay = toolLog ? .toolLog : .status
            state.overlay = state.overlay == target ? nil : target
        } else if toolLog {
            state.showToolLog.toggle()
        } else {
            state.showStatus.toggle()
        }
        if !state.sidePanesInline && (state.focus == .toolLog || state.focus == .status) { state.focus = .composer }
    }

    static func openPicker(_ state: inout AppState) {
        var picker = PickerState()
        picker.selected = 0
        state.overlay = .modelPicker(picker)
    }

    static func cycleModel(_ state: inout AppState, forward: Bool) -> [Effect] {
        let list = state.recentModels.count > 1 ? state.recentModels : state.pickerModels
        guard !list.isEmpty else { return [] }
        let i = list.firstIndex(of: state.activeModel) ?? 0
        let next = list[(i + (forward ? 1 : list.count - 1)) % list.count]
        guard next != state.activeModel else { return [] }
        return [.switchModel(next)]
    }
}
