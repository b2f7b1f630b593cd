import Foundation
import SXCore
import SXProtocol
import Testing
@testable import SXTUI

/// Custom commands in completion and on Enter, and the conversation search: reducer behaviour and the screen.
@Suite struct CommandsAndSearchTests {
    static func library() -> CommandLibrary {
        var review = CustomCommand(
            name: "review", description: "Review the diff", body: "Review the diff, looking at $ARGUMENTS.",
            source: ".sx/commands", path: "/w/.sx/commands/review.md")
        review.shadows = ["~/.claude/commands"]
        let release = CustomCommand(
            name: "release-notes", description: "Draft release notes", argumentHint: "[version]",
            model: "claude-sonnet-4", body: "Notes for $1", source: "~/.codex/prompts", path: "/h/release-notes.md",
            dialect: .codex)
        let hidden = CustomCommand(
            name: "model", description: "x", body: "x", source: ".claude/commands", path: "/m.md")
        return CommandLibrary(
            commands: [release, review],
            errors: [CommandFileError(path: "/w/.sx/commands/bad.md", line: 3, reason: "expected `key: value`")],
            hidden: [hidden])
    }

    func keys(_ s: inout AppState, _ keys: [Key]) -> [Effect] {
        keys.flatMap { Reducer.reduce(&s, .key($0)) }
    }
    func type(_ s: inout AppState, _ text: String) { _ = keys(&s, text.map { .char($0) }) }

    @Test func completionListsCustomCommandsWithSourceAndClashes() {
        var s = Fixtures.richState(width: 100, height: 30)
        _ = Reducer.reduce(&s, .commandsLoaded(Self.library(), announce: false))
        #expect(
            s.conversation.items.last?.kind
                == .notice("skipped /w/.sx/commands/bad.md:3: expected `key: value`", .warning))
        type(&s, "/re")
        let rows = s.commandCompletions(for: s.composer.text)
        #expect(rows.map(\.name) == ["resume", "redo", "rewind", "release-notes", "review"])
        #expect(rows.last?.source == ".sx/commands")
        #expect(rows.last?.note == "also in ~/.claude/commands")
        let model = s.commandCompletions(for: "/mod")
        #expect(model.map(\.name) == ["model"], "a file named like a built-in is not listed twice")
        #expect(model.first?.note?.contains(".claude/commands") == true)
        #expect(s.commandCompletions(for: "/prompts:rel").map(\.name) == ["release-notes"])
    }

    @Test(arguments: ["80x24", "120x40"]) func completionSnapshot(size: String) throws {
        let (w, h) = Snapshot.size(size)
        var s = Fixtures.richState(width: w, height: h)
        _ = Reducer.reduce(&s, .commandsLoaded(Self.library(), announce: false))
        type(&s, "/re")
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("/review"))
        try Snapshot.check(dump, name: "completion-custom-\(size)")
    }

    @Test func enterSendsTheSubstitutedPrompt() {
        var s = Fixtures.richState(width: 100, height: 30)
        s.engine.busy = false
        _ = Reducer.reduce(&s, .commandsLoaded(Self.library(), announce: false))
        type(&s, "/review error paths")
        let effects = keys(&s, [.enter])
        #expect(effects == [.send("Review the diff, looking at error paths.")])
        #expect(s.conversation.items.last?.kind == .user("Review the diff, looking at error paths."))
        // While that turn runs, a command's prompt waits in the queue like a typed one.
        type(&s, "/prompts:release-notes 2.0")
        #expect(keys(&s, [.enter]).isEmpty)
        #expect(s.composer.queue.map(\.text) == ["Notes for 2.0"])
        // Codex's own way to name a prompt, and the model the command asks for: that one turn runs on it.
        let done = TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")
        #expect(
            Reducer.reduce(&s, .engine(.turnDone(done))) == [.sendOnModel("Notes for 2.0", model: "claude-sonnet-4")])
        #expect(s.conversation.items.last?.kind == .user("Notes for 2.0"))
        _ = Reducer.reduce(&s, .engine(.turnDone(done)))
        // Built-ins always win: `/model` is still the picker.
        type(&s, "/model")
        #expect(keys(&s, [.enter]).isEmpty)
        #expect(s.topPopup?.kind == .modelPicker)
    }

    @Test func commandsReloadAsksTheAppAndListsWhatItFound() {
        var s = AppState()
        type(&s, "/commands reload")
        #expect(keys(&s, [.enter]) == [.loadCommands])
        _ = Reducer.reduce(&s, .commandsLoaded(Self.library(), announce: true))
        guard case .notice(let report, _) = s.conversation.items.last?.kind else {
            Issue.record("no report")
            return
        }
        #expect(report.contains("/review  Review the diff  (.sx/commands) — also in ~/.claude/commands, this one wins"))
        #expect(report.contains("/m.md: hidden, /model is a built-in command"))
    }

    /// A conversation whose word "lighthouse" is in an early answer, a tool's output (folded away) and a late
    /// answer, with enough between them to scroll.
    static func longConversation(width: Int = 80, height: Int = 24) -> AppState {
        var s = AppState(width: width, height: height)
        func event(_ e: EngineEvent) { _ = Reducer.reduce(&s, .engine(e)) }
        event(.textDelta("The lighthouse keeper answered first."))
        event(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
        for i in 0..<40 { s.conversation.append(.user("filler prompt \(i)")) }
        event(.toolCall(ToolCall(id: "t1", name: "shell", arguments: #"{"command":"grep -r beacon ."}"#)))
        event(
            .toolResult(
                ToolResult(callId: "t1", name: "shell", output: "a.txt: one\nb.txt: the LIGHTHOUSE is lit\nc.txt: two"),
                exitCode: 0, durationMs: 5))
        for i in 40..<80 { s.conversation.append(.user("filler prompt \(i)")) }
        event(.textDelta("Last: the lighthouse again."))
        event(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
        return s
    }

    func frame(_ s: inout AppState, cache: RenderCache) -> ScreenBuffer {
        let (buffer, scroll) = ScreenRenderer.render(s, cache: cache)
        _ = Reducer.reduce(&s, .scrollResolved(scroll))
        return buffer
    }

    @Test func ctrlFFindsToolOutputTooAndNMovesBackThenEscReturns() {
        var s = Self.longConversation()
        let cache = RenderCache()
        _ = frame(&s, cache: cache)
        #expect(s.conversation.scroll.following)
        _ = keys(&s, [.ctrl("f")])
        type(&s, "lighthouse")
        #expect(s.conversation.search?.matches.count == 3)
        #expect(s.conversation.search?.position == "3/3", "starts from the newest")
        _ = keys(&s, [.enter])
        _ = keys(&s, [.char("n")])
        #expect(s.conversation.search?.position == "2/3")
        var screen = frame(&s, cache: cache).textDump()
        #expect(screen.contains("the LIGHTHOUSE is lit"), "the folded tool output opens at the match")
        #expect(!s.conversation.scroll.following)
        _ = keys(&s, [.char("n")])
        screen = frame(&s, cache: cache).textDump()
        #expect(screen.contains("The lighthouse keeper answered first."))
        #expect(!screen.contains("the LIGHTHOUSE is lit"), "only the match being shown opens its tool output")
        _ = keys(&s, [.char("n")])
        #expect(s.conversation.search?.position == "3/3")
        #expect(s.chrome.flash == "search went round to the newest match")
        _ = keys(&s, [.char("N"), .char("N")])
        #expect(s.conversation.search?.position == "2/3")
        _ = keys(&s, [.escape])
        #expect(s.conversation.search == nil)
        #expect(s.conversation.scroll.following, "Esc goes back to where the search began")
        screen = frame(&s, cache: cache).textDump()
        #expect(screen.contains("Last: the lighthouse again."))
    }

    @Test func findCommandSearchesAndEnterStaysThere() {
        var s = Self.longConversation()
        let cache = RenderCache()
        _ = frame(&s, cache: cache)
        type(&s, "/find keeper")
        _ = keys(&s, [.enter])
        #expect(s.conversation.search?.editing == false)
        #expect(s.conversation.search?.position == "1/1")
        _ = frame(&s, cache: cache)
        _ = keys(&s, [.enter])
        #expect(s.conversation.search == nil)
        #expect(!s.conversation.scroll.following, "Enter keeps the place of the match")
        #expect(frame(&s, cache: cache).textDump().contains("The lighthouse keeper answered first."))
        _ = keys(&s, [.ctrl("f")])
        type(&s, "no such words")
        #expect(s.conversation.search?.position == "no match")
    }

    /// The screen as text, each row with matches followed by a row marking them: `^` a match, `#` the current one.
    static func highlightDump(_ buf: ScreenBuffer) -> String {
        var out: [String] = []
        for y in 0..<buf.height {
            out.append(buf.row(y))
            var marks = ""
            for x in 0..<buf.width {
                let style = buf.cells[y * buf.width + x].style
                marks += style.bg == .accent && style.fg == .background ? "#" : style.bg == .selection ? "^" : " "
            }
            let trimmed = String(marks.reversed().drop { $0 == " " }.reversed())
            if !trimmed.isEmpty { out.append(trimmed) }
        }
        return out.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    @Test(arguments: ["80x24", "120x40"]) func searchHighlightSnapshot(size: String) throws {
        let (w, h) = Snapshot.size(size)
        var s = Self.longConversation(width: w, height: h)
        s.conversation.append(.assistant("A second lighthouse, and a lighthouse beside it.", streaming: false))
        let cache = RenderCache()
        _ = frame(&s, cache: cache)
        _ = keys(&s, [.ctrl("f")])
        type(&s, "Lighthouse")
        _ = keys(&s, [.enter, .char("n")])
        let dump = Self.highlightDump(frame(&s, cache: cache))
        #expect(dump.contains("#"))
        #expect(dump.contains("^"))
        try Snapshot.check(dump, name: "search-highlight-\(size)")
    }
}
