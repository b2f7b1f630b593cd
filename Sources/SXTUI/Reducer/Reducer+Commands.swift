import Foundation
import SXProtocol

extension Reducer {
    /// Completes a partial `/command` to the first match (Tab).
    static func completeCommand(_ state: inout AppState) {
        guard let first = state.commandCompletions(for: state.composer.text).first else { return }
        state.composer.clear()
        state.composer.insert("/" + first.name + " ")
    }

    static func runCommand(_ state: inout AppState, _ text: String) -> [Effect] {
        let body = text.dropFirst()
        let typed = body.prefix { $0 != " " && $0 != "\n" }
        let name = typed.lowercased()
        let argument = body.dropFirst(typed.count).trimmingCharacters(in: .whitespacesAndNewlines)
        var target: CommandCompletion.Target? = SlashCommand(rawValue: name).map { .builtIn($0) }
        if target == nil {
            let bare = name.hasPrefix("prompts:") ? String(name.dropFirst("prompts:".count)) : name
            target = state.composer.commands.command(named: bare).map { .custom($0) }
        }
        if target == nil, !name.isEmpty {
            // An unambiguous prefix runs its command (`/he` → `/help`).
            let matches = state.commandCompletions(for: "/" + name)
            if matches.count == 1 { target = matches[0].target }
        }
        guard let target else {
            state.conversation.append(.notice("unknown command /\(name) — /help lists them", .warning))
            return []
        }
        let command: SlashCommand
        switch target {
        case .custom(let custom): return runCustom(&state, custom, arguments: argument)
        case .builtIn(let builtIn): command = builtIn
        }
        switch command {
        case .find:
            openSearch(&state, query: argument.isEmpty ? nil : argument)
            return []
        case .commands:
            if argument.lowercased() == "reload" { return [.loadCommands] }
            state.conversation.append(.notice(commandsReport(state.composer.commands), .info))
            return []
        case .model:
            if argument.isEmpty { openPicker(&state); return [] }
            rememberModel(&state, argument)
            return [.switchModel(argument)]
        case .status:
            if state.chrome.width < AppState.sideBySideMinWidth {
                if state.topPopup?.kind != .status { state.push(StatusPopup()) }
            } else {
                state.chrome.showStatus = true
            }
            return []
        case .help:
            state.push(HelpPopup())
            return []
        case .context:
            return [.showContext]
        case .compact:
            guard !state.engine.busy else {
                state.conversation.append(.notice("a turn is running; /compact once it has ended", .warning))
                return []
            }
            state.engine.busy = true
            state.engine.turnStartedAt = state.chrome.now
            return [.compact(focus: argument.isEmpty ? nil : argument)]
        case .quit:
            return [.quit]
        case .theme:
            if argument.isEmpty {
                let selected = state.chrome.themes.firstIndex(of: state.chrome.themeName) ?? 0
                state.push(ListPicker(ThemeSource(original: state.chrome.themeName), selected: selected))
                return []
            }
            return [.setTheme(argument)]
        case .copy:
            if let n = Int(argument) {
                let blocks = codeBlocks(state)
                guard n >= 1, n <= blocks.count else {
                    state.conversation.append(.notice("no code block \(n) (there are \(blocks.count))", .warning))
                    return []
                }
                return [.copy(blocks[n - 1])]
            }
            guard let answer = lastAnswer(state) else {
                state.conversation.append(.notice("nothing to copy yet", .warning))
                return []
            }
            return [.copy(answer)]
        case .export:
            guard !argument.isEmpty else {
                state.conversation.append(.notice("usage: /export FILE", .warning))
                return []
            }
            return [.export(path: argument, markdown: transcriptMarkdown(state))]
        case .image:
            guard !argument.isEmpty else {
                state.conversation.append(.notice("usage: /image PATH", .warning))
                return []
            }
            return [.attachImage(path: argument)]
        case .profile:
            if argument.isEmpty { state.push(ListPicker(ProfileSource())); return [] }
            let id = argument == "auto" ? nil : argument
            state.engine.pinnedProfile = id
            return [.pinProfile(id)]
        case .new:
            guard !refuseWhileBusy(&state, "/new") else { return [] }
            return [.switchSession(state.sessionRequest(resume: nil))]
        case .undo, .redo:
            guard !refuseWhileBusy(&state, "/" + command.rawValue) else { return [] }
            let overwrite = argument.lowercased() == "force"
            return [command == .undo ? .undo(overwrite: overwrite) : .redo(overwrite: overwrite)]
        case .rewind:
            guard !refuseWhileBusy(&state, "/rewind") else { return [] }
            // `/rewind N [both|code|conversation] [force]` skips the pickers.
            let words = argument.lowercased().split(separator: " ").map(String.init)
            guard let turn = words.first.flatMap({ Int($0) }) else { return [.listRewindPoints] }
            let scope = words.dropFirst().compactMap { RewindScope(rawValue: $0) }.first ?? .both
            return [.rewind(turn: turn, scope: scope, overwrite: words.contains("force"))]
        case .resume:
            guard !refuseWhileBusy(&state, "/resume") else { return [] }
            if !argument.isEmpty { return [.switchSession(state.sessionRequest(resume: argument))] }
            return [.listSessions]
        }
    }

    static func lastAnswer(_ state: AppState) -> String? {
        for item in state.conversation.items.reversed() {
            if case .assistant(let text, _) = item.kind { return text }
        }
        return nil
    }

    /// Fenced code blocks of every answer, in order (what `/copy N` numbers), found by the renderer's own
    /// `FenceTracker`: a block is what the screen shows as code ("```swift" inside a block is code, not a close).
    static func codeBlocks(_ state: AppState) -> [String] {
        var blocks: [String] = []
        for item in state.conversation.items {
            guard case .assistant(let text, _) = item.kind else { continue }
            var fence = FenceTracker()
            var current: [Substring] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let wasInside = fence.inside
                fence.feed(line)
                switch (wasInside, fence.inside) {
                case (false, true): current = []
                case (true, false): blocks.append(current.joined(separator: "\n"))
                case (true, true): current.append(line)
                case (false, false): break
                }
            }
        }
        return blocks
    }

    /// The conversation as markdown: what `/export` writes.
    static func transcriptMarkdown(_ state: AppState) -> String {
        var out = "# sx transcript\n\n"
        for item in state.conversation.items {
            switch item.kind {
            case .user(let t): out += "## You\n\n\(t)\n\n"
            case .assistant(let t, _): out += "## Assistant\n\n\(t)\n\n"
            case .thinking(let t, _, _): out += "<details><summary>thinking</summary>\n\n\(t)\n\n</details>\n\n"
            case .tool(let id):
                if let e = state.toolLog.entry(id) {
                    out += "**tool** `\(e.name)` \(e.argumentSummary)\n\n```\n\(e.output)\n```\n\n"
                }
            case .notice(let t, _): out += "> \(t)\n\n"
            case .compaction(let r):
                out += "> \(r.line)\n\n<details><summary>summary</summary>\n\n\(r.summary)\n\n</details>\n\n"
            }
        }
        return out
    }
}
