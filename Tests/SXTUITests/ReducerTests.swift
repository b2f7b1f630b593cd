import Foundation
import SXCore
import SXProtocol
import Testing
@testable import SXTUI

@Suite struct ReducerTests {
    func state(width: Int = 120, height: Int = 40) -> AppState {
        var s = AppState(
            width: width, height: height, models: ["gpt-5", "gpt-5-mini", "claude-sonnet-4", "gemini-2.5-pro"])
        s.chrome.now = Date(timeIntervalSince1970: 1_000_000)
        return s
    }

    @discardableResult
    func type(_ s: inout AppState, _ text: String) -> [Effect] {
        var effects: [Effect] = []
        for ch in text { effects += Reducer.reduce(&s, .key(.char(ch))) }
        return effects
    }

    @Test func enterSendsAndRecordsHistory() {
        var s = state()
        type(&s, "hello")
        let effects = Reducer.reduce(&s, .key(.enter))
        #expect(effects == [.send("hello")])
        #expect(s.composer.isEmpty)
        #expect(s.conversation.items.last?.kind == .user("hello"))
        _ = Reducer.reduce(&s, .key(.up))
        #expect(s.composer.text == "hello")
        _ = Reducer.reduce(&s, .key(.down))
        #expect(s.composer.text == "")
        type(&s, "draft")
        _ = Reducer.reduce(&s, .key(.up))
        #expect(s.composer.text == "draft")
        _ = Reducer.reduce(&s, .key(.ctrl("j")))
        type(&s, "x")
        _ = Reducer.reduce(&s, .key(.up))
        #expect(s.composer.cursor == 1)
        #expect(s.composer.text == "draft\nx")
    }

    @Test func ctrlJAndAltEnterInsertNewlines() {
        var s = state()
        type(&s, "a")
        _ = Reducer.reduce(&s, .key(.ctrl("j")))
        type(&s, "b")
        _ = Reducer.reduce(&s, .key(.altEnter))
        type(&s, "c")
        #expect(s.composer.text == "a\nb\nc")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.send("a\nb\nc")])
        #expect(Reducer.reduce(&s, .key(.enter)) == [])
    }

    @Test func largePasteCollapsesAndExpandsOnSend() {
        var s = state()
        let big = (1...40).map { "line \($0)" }.joined(separator: "\n")
        _ = Reducer.reduce(&s, .key(.paste(big)))
        #expect(s.composer.text == "[paste #1: 40 lines]")
        let effects = Reducer.reduce(&s, .key(.enter))
        #expect(effects == [.send(big)])
        _ = Reducer.reduce(&s, .key(.paste("small")))
        #expect(s.composer.text == "small")
    }

    @Test func ctrlCStepsDown() {
        var s = state()
        type(&s, "x")
        s.popups = [HelpPopup()]
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
        #expect(s.popups.isEmpty)
        #expect(s.composer.text == "x")
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
        #expect(s.composer.isEmpty)
        s.engine.busy = true
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [.interrupt])
        s.engine.busy = false
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
        #expect(s.chrome.flash == "press Ctrl+C again to quit")
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [.quit])
    }

    @Test func quitArmExpires() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("c")))
        _ = Reducer.reduce(&s, .tick(s.chrome.now.addingTimeInterval(3)))
        #expect(s.chrome.flash == nil)
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
    }

    @Test func escapeInterruptsWhenBusyAndDoubleEscapeClears() {
        var s = state()
        s.engine.busy = true
        #expect(Reducer.reduce(&s, .key(.escape)) == [.interrupt])
        s.engine.busy = false
        type(&s, "draft")
        _ = Reducer.reduce(&s, .key(.escape))
        #expect(s.composer.text == "draft")
        _ = Reducer.reduce(&s, .key(.escape))
        #expect(s.composer.isEmpty)
    }

    @Test func slashCommands() {
        var s = state()
        type(&s, "/mo")
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.composer.text == "/model ")
        type(&s, "gpt-5-mini")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.switchModel("gpt-5-mini")])
        type(&s, "/model")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.topPopup?.kind == .modelPicker && s.topPopup?.listState == PickerState())
        s.popups = []
        type(&s, "/quit")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.quit])
        type(&s, "/bogus")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.conversation.items.last?.kind == .notice("unknown command /bogus — /help lists them", .warning))
        type(&s, "/theme tokyonight")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.setTheme("tokyonight")])
        type(&s, "/export /tmp/t.md")
        if case .export(let path, let md)? = Reducer.reduce(&s, .key(.enter)).first {
            #expect(path == "/tmp/t.md")
            #expect(md.hasPrefix("# sx transcript"))
        } else {
            Issue.record("no export effect")
        }
    }

    @Test func copyLastAnswerOrNthCodeBlock() {
        var s = state()
        _ = Reducer.reduce(&s, .engine(.textDelta("Here:\n```\nfirst\n```\nand\n```sh\nsecond\n```\n")))
        _ = Reducer.reduce(
            &s,
            .engine(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "demo", model: "m")))
        )
        type(&s, "/copy 2")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.copy("second")])
        type(&s, "/copy")
        if case .copy(let text)? = Reducer.reduce(&s, .key(.enter)).first {
            #expect(text.hasPrefix("Here:"))
        } else {
            Issue.record("no copy")
        }
    }

    /// `/copy N` counts blocks as the renderer draws them: a "```swift" line inside a block is code, not its end.
    @Test func copyUsesTheRenderersFenceRule() {
        var s = state()
        let answer = "Two blocks:\n```\nprint(1)\n```swift\nstill code\n```\nthen\n~~~\nplain\n~~~\n"
        _ = Reducer.reduce(&s, .engine(.textDelta(answer)))
        _ = Reducer.reduce(
            &s,
            .engine(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "demo", model: "m")))
        )
        #expect(Reducer.codeBlocks(s) == ["print(1)\n```swift\nstill code", "plain"])
    }

    @Test func modelPickerFiltersAndSwitches() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        type(&s, "gem")
        #expect(FuzzyMatch.filter(s.engine.pickerModels, query: "gem").first == "gemini-2.5-pro")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.switchModel("gemini-2.5-pro")])
        #expect(s.popups.isEmpty)
        #expect(s.engine.recentModels == ["gemini-2.5-pro"])
        #expect(s.engine.pickerModels.first == "gemini-2.5-pro")
    }

    @Test func fuzzyPrefersWordStarts() {
        #expect(FuzzyMatch.filter(["gemini-2.5-pro", "gpt-5"], query: "g5").first == "gpt-5")
        #expect(FuzzyMatch.score("claude", query: "xyz") == nil)
    }

    @Test func thinkingCollapsesWhenTheAnswerStarts() {
        var s = state()
        _ = Reducer.reduce(
            &s, .engine(.requestStarted(provider: .openaiCodex, model: "gpt-5", profileId: "work", step: 1)))
        #expect(s.engine.busy)
        _ = Reducer.reduce(&s, .engine(.thinkingDelta("let me ")))
        _ = Reducer.reduce(&s, .engine(.thinkingDelta("think")))
        #expect(s.conversation.items.last?.kind == .thinking("let me think", streaming: true, collapsed: false))
        _ = Reducer.reduce(&s, .engine(.textDelta("Answer")))
        #expect(s.conversation.items[0].kind == .thinking("let me think", streaming: false, collapsed: true))
        #expect(s.conversation.items[1].kind == .assistant("Answer", streaming: true))
        _ = Reducer.reduce(&s, .key(.ctrl("o")))
        #expect(s.conversation.expandAll)
        _ = Reducer.reduce(
            &s,
            .engine(
                .turnDone(
                    TurnSummary(outcome: .interrupted, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5"))))
        #expect(!s.engine.busy)
        #expect(s.conversation.items[1].kind == .assistant("Answer", streaming: false))
        #expect(s.conversation.items.last?.kind == .notice("interrupted", .warning))
    }

    @Test func toolCallsFlowIntoTheLog() {
        var s = state()
        _ = Reducer.reduce(
            &s, .engine(.toolCall(ToolCall(id: "c1", name: "shell", arguments: #"{"command":"ls -la"}"#))))
        _ = Reducer.reduce(&s, .engine(.toolOutput(callId: "c1", chunk: "a\nb\n")))
        #expect(s.toolLog.entries[0].status == .running)
        #expect(s.toolLog.entries[0].lastOutputLine == "b")
        #expect(s.toolLog.entries[0].argumentSummary == "ls -la")
        let rev = s.conversation.items[0].revision
        _ = Reducer.reduce(
            &s,
            .engine(
                .toolResult(ToolResult(callId: "c1", name: "shell", output: "a\nb\n"), exitCode: 2, durationMs: 1500)))
        #expect(s.toolLog.entries[0].status == .failed)
        #expect(s.toolLog.entries[0].exitCode == 2)
        #expect(s.conversation.items[0].revision > rev)
    }

    @Test func noticesAndSwitches() {
        var s = state()
        _ = Reducer.reduce(&s, .engine(.modelSwitched(from: "gpt-5", to: "claude-sonnet-4", reason: "rate limited")))
        #expect(s.conversation.items.last?.kind == .notice("model gpt-5 → claude-sonnet-4: rate limited", .info))
        #expect(s.engine.recentModels.first == "claude-sonnet-4")
        _ = Reducer.reduce(&s, .engine(.error("boom")))
        #expect(s.conversation.items.last?.kind == .notice("boom", .error))
        let snap = RateLimitSnapshot(primary: RateLimitWindow(usedPercent: 40))
        _ = Reducer.reduce(&s, .engine(.rateLimits(profileId: "work", snap)))
        #expect(s.engine.rateLimits["work"] == snap)
    }

    @Test func scrollingKeysSetPendingAndEndFollows() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.pageUp))
        #expect(s.conversation.scroll.pendingLines < 0)
        _ = Reducer.reduce(&s, .key(.end))
        #expect(s.conversation.scroll.following && s.conversation.scroll.pendingLines == 0)
    }

    @Test func tabCyclesFocusAndNarrowFoldsPanes() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.chrome.focus == .conversation)
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.chrome.focus == .toolLog)
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.chrome.focus == .status)
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.chrome.focus == .composer)
        var narrow = state(width: 80, height: 24)
        _ = Reducer.reduce(&narrow, .key(.tab))
        _ = Reducer.reduce(&narrow, .key(.tab))
        #expect(narrow.chrome.focus == .composer)
        _ = Reducer.reduce(&narrow, .key(.f(3)))
        #expect(narrow.topPopup?.kind == .toolLog)
        _ = Reducer.reduce(&narrow, .key(.escape))
        #expect(narrow.popups.isEmpty)
    }

    @Test func questionMarkOpensHelpOnlyWhenComposerEmpty() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.char("?")))
        #expect(s.topPopup?.kind == .help)
        _ = Reducer.reduce(&s, .key(.escape))
        type(&s, "why?")
        #expect(s.popups.isEmpty)
        #expect(s.composer.text == "why?")
    }
}
