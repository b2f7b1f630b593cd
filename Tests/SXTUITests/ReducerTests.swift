import Foundation
import SXAuth
import SXEngine
import Testing
@testable import SXTUI

@Suite struct ReducerTests {
    func state(width: Int = 120, height: Int = 40) -> AppState {
        var s = AppState(width: width, height: height, models: ["gpt-5", "gpt-5-mini", "claude-sonnet-4", "gemini-2.5-pro"])
        s.now = Date(timeIntervalSince1970: 1_000_000)
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
        #expect(s.items.last?.kind == .user("hello"))
        _ = Reducer.reduce(&s, .key(.up))
        #expect(s.composer.text == "hello")
        _ = Reducer.reduce(&s, .key(.down))
        #expect(s.composer.text == "")
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
        s.overlay = .help
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
        #expect(s.overlay == nil)
        #expect(s.composer.text == "x")
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
        #expect(s.composer.isEmpty)
        s.busy = true
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [.interrupt])
        s.busy = false
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
        #expect(s.flash == "press Ctrl+C again to quit")
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [.quit])
    }

    @Test func quitArmExpires() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("c")))
        _ = Reducer.reduce(&s, .tick(s.now.addingTimeInterval(3)))
        #expect(s.flash == nil)
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [])
    }

    @Test func escapeInterruptsWhenBusyAndDoubleEscapeClears() {
        var s = state()
        s.busy = true
        #expect(Reducer.reduce(&s, .key(.escape)) == [.interrupt])
        s.busy = false
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
        #expect(s.overlay == .modelPicker(PickerState()))
        s.overlay = nil
        type(&s, "/quit")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.quit])
        type(&s, "/bogus")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.items.last?.kind == .notice("unknown command /bogus — /help lists them", .warning))
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
        _ = Reducer.reduce(&s, .engine(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "demo", model: "m"))))
        type(&s, "/copy 2")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.copy("second")])
        type(&s, "/copy")
        if case .copy(let text)? = Reducer.reduce(&s, .key(.enter)).first { #expect(text.hasPrefix("Here:")) } else { Issue.record("no copy") }
    }

    @Test func modelPickerFiltersAndSwitches() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        type(&s, "gem")
        #expect(FuzzyMatch.filter(s.pickerModels, query: "gem").first == "gemini-2.5-pro")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.switchModel("gemini-2.5-pro")])
        #expect(s.overlay == nil)
        #expect(s.recentModels == ["gemini-2.5-pro"])
        #expect(s.pickerModels.first == "gemini-2.5-pro")
    }

    @Test func fuzzyPrefersWordStarts() {
        #expect(FuzzyMatch.filter(["gemini-2.5-pro", "gpt-5"], query: "g5").first == "gpt-5")
        #expect(FuzzyMatch.score("claude", query: "xyz") == nil)
    }

    @Test func thinkingCollapsesWhenTheAnswerStarts() {
        var s = state()
        _ = Reducer.reduce(&s, .engine(.requestStarted(provider: .openaiCodex, model: "gpt-5", profileId: "work", step: 1)))
        #expect(s.busy)
        _ = Reducer.reduce(&s, .engine(.thinkingDelta("let me ")))
        _ = Reducer.reduce(&s, .engine(.thinkingDelta("think")))
        #expect(s.items.last?.kind == .thinking("let me think", streaming: true, collapsed: false))
        _ = Reducer.reduce(&s, .engine(.textDelta("Answer")))
        #expect(s.items[0].kind == .thinking("let me think", streaming: false, collapsed: true))
        #expect(s.items[1].kind == .assistant("Answer", streaming: true))
        _ = Reducer.reduce(&s, .key(.ctrl("o")))
        #expect(s.expandAll)
        _ = Reducer.reduce(&s, .engine(.turnDone(TurnSummary(outcome: .interrupted, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5"))))
        #expect(!s.busy)
        #expect(s.items[1].kind == .assistant("Answer", streaming: false))
        #expect(s.items.last?.kind == .notice("interrupted", .warning))
    }

    @Test func toolCallsFlowIntoTheLog() {
        var s = state()
        _ = Reducer.reduce(&s, .engine(.toolCall(ToolCall(id: "c1", name: "shell", arguments: #"{"command":"ls -la"}"#))))
        _ = Reducer.reduce(&s, .engine(.toolOutput(callId: "c1", chunk: "a\nb\n")))
        #expect(s.toolLog[0].status == .running)
        #expect(s.toolLog[0].lastOutputLine == "b")
        #expect(s.toolLog[0].argumentSummary == "ls -la")
        let rev = s.items[0].revision
        _ = Reducer.reduce(&s, .engine(.toolResult(ToolResult(callId: "c1", name: "shell", output: "a\nb\n"), exitCode: 2, durationMs: 1500)))
        #expect(s.toolLog[0].status == .failed)
        #expect(s.toolLog[0].exitCode == 2)
        #expect(s.items[0].revision > rev)
    }

    @Test func noticesAndSwitches() {
        var s = state()
        _ = Reducer.reduce(&s, .engine(.modelSwitched(from: "gpt-5", to: "claude-sonnet-4", reason: "rate limited")))
        #expect(s.items.last?.kind == .notice("model gpt-5 → claude-sonnet-4: rate limited", .info))
        #expect(s.recentModels.first == "claude-sonnet-4")
        _ = Reducer.reduce(&s, .engine(.error("boom")))
        #expect(s.items.last?.kind == .notice("boom", .error))
        let snap = RateLimitSnapshot(primary: RateLimitWindow(usedPercent: 40))
        _ = Reducer.reduce(&s, .engine(.rateLimits(profileId: "work", snap)))
        #expect(s.rateLimits["work"] == snap)
    }

    @Test func scrollingKeysSetPendingAndEndFollows() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.pageUp))
        #expect(s.scroll.pendingLines < 0)
        _ = Reducer.reduce(&s, .key(.end))
        #expect(s.scroll.following && s.scroll.pendingLines == 0)
    }

    @Test func tabCyclesFocusAndNarrowFoldsPanes() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.focus == .conversation)
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.focus == .toolLog)
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.focus == .status)
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.focus == .composer)
        var narrow = state(width: 80, height: 24)
        _ = Reducer.reduce(&narrow, .key(.tab))
        _ = Reducer.reduce(&narrow, .key(.tab))
        #expect(narrow.focus == .composer)
        _ = Reducer.reduce(&narrow, .key(.f(3)))
        #expect(narrow.overlay == .toolLog)
        _ = Reducer.reduce(&narrow, .key(.escape))
        #expect(narrow.overlay == nil)
    }

    @Test func questionMarkOpensHelpOnlyWhenComposerEmpty() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.char("?")))
        #expect(s.overlay == .help)
        _ = Reducer.reduce(&s, .key(.escape))
        type(&s, "why?")
        #expect(s.overlay == nil)
        #expect(s.composer.text == "why?")
    }
}

@Suite struct PickerOrderTests {
    @Test func recentFirstThenGroupedByProvider() {
        var s = AppState(models: ["gpt-5", "claude-sonnet-4", "gpt-5-mini", "gemini-2.5-pro", "claude-opus-4"])
        s.modelProviders = ["gpt-5": "openai-codex", "gpt-5-mini": "openai-codex", "claude-sonnet-4": "anthropic",
                            "claude-opus-4": "anthropic", "gemini-2.5-pro": "google"]
        s.recentModels = ["gemini-2.5-pro"]
        #expect(s.pickerModels == ["gemini-2.5-pro", "gpt-5", "gpt-5-mini", "claude-sonnet-4", "claude-opus-4"])
    }

    @Test func coolingProviderIsGreyedWithTimeUntilFree() {
        var s = AppState(width: 80, height: 24, models: ["gpt-5", "claude-sonnet-4"])
        s.now = Date(timeIntervalSince1970: 1_000)
        s.modelProviders = ["gpt-5": "openai-codex", "claude-sonnet-4": "anthropic"]
        s.profiles = [ProfileStatus(id: "a", provider: "openai-codex", state: .coolingDown(until: s.now.addingTimeInterval(125))),
                      ProfileStatus(id: "b", provider: "openai-codex", state: .coolingDown(until: s.now.addingTimeInterval(300))),
                      ProfileStatus(id: "c", provider: "anthropic", state: .ok)]
        #expect(s.cooldownUntil(provider: "openai-codex") == s.now.addingTimeInterval(125))
        #expect(s.cooldownUntil(provider: "anthropic") == nil)
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("gpt-5  cooling down · free in 02:05"))
        #expect(!dump.contains("claude-sonnet-4  cooling"))
    }
}

@Suite struct ThemePickerTests {
    func state() -> AppState {
        var s = AppState(width: 80, height: 24)
        s.themes = ["ansi16", "high-contrast", "sx-dark", "sx-light", "tokyonight"]
        s.themeName = "sx-dark"
        return s
    }

    func run(_ s: inout AppState, _ text: String) -> [Effect] {
        for ch in text { _ = Reducer.reduce(&s, .key(.char(ch))) }
        return Reducer.reduce(&s, .key(.enter))
    }

    @Test func movingPreviewsAndEnterKeeps() {
        var s = state()
        #expect(run(&s, "/theme") == [])
        guard case .themePicker(let p)? = s.overlay else { Issue.record("no picker"); return }
        #expect(p.selected == 2)
        #expect(Reducer.reduce(&s, .key(.down)) == [.previewTheme("sx-light")])
        _ = Reducer.reduce(&s, .themeChanged("sx-light"))
        #expect(ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump().contains("▸ sx-light"))
        #expect(Reducer.reduce(&s, .key(.enter)) == [.setTheme("sx-light")])
        #expect(s.overlay == nil)
    }

    @Test func escapeGoesBack() {
        var s = state()
        _ = run(&s, "/theme")
        _ = Reducer.reduce(&s, .key(.up))
        _ = Reducer.reduce(&s, .themeChanged("high-contrast"))
        #expect(Reducer.reduce(&s, .key(.escape)) == [.previewTheme("sx-dark")])
        #expect(s.overlay == nil)
        #expect(s.themeBeforePreview == nil)
    }

    @Test func filterPreviewsFirstMatch() {
        var s = state()
        _ = run(&s, "/theme")
        #expect(Reducer.reduce(&s, .key(.char("t"))) == [.previewTheme("tokyonight")])
    }
}

@Suite struct KeyMapTests {
    @Test func bindingsAddKeysForCommands() {
        let (map, warnings) = KeyMap.parse("""
        # my keys
        modelPicker = ctrl+k
        toolLog = f6   # trailing comment
        bogus = ctrl+x
        help = ctrl+nope
        send = x
        """, file: "keys.txt")
        #expect(map.translate(.ctrl("k")) == .ctrl("l"))
        #expect(map.translate(.f(6)) == .f(3))
        #expect(map.translate(.ctrl("l")) == .ctrl("l"))
        #expect(warnings == ["keys.txt:4: expected `command = key` with a known command",
                             "keys.txt:5: unknown key 'ctrl+nope'",
                             "keys.txt:6: 'x' types a character and cannot be bound"])
        var s = AppState(models: ["gpt-5"])
        s.keyMap = map
        _ = Reducer.reduce(&s, .key(.ctrl("k")))
        #expect(s.overlay == .modelPicker(PickerState()))
    }

    @Test func keyNames() {
        #expect(KeyMap.parseKey("shift+f2") == .shiftF(2))
        #expect(KeyMap.parseKey("PgUp") == .pageUp)
        #expect(KeyMap.parseKey("alt+enter") == .altEnter)
        #expect(KeyMap.parseKey("f13") == nil)
    }
}

@Suite struct SidePaneResizeTests {
    @Test func altCommaWidensAndAltPeriodNarrowsWithinBounds() {
        var s = AppState(width: 120, height: 40)
        let start = Layout.compute(s).toolLog!.width
        _ = Reducer.reduce(&s, .key(.alt(",")))
        #expect(Layout.compute(s).toolLog!.width == start + 4)
        for _ in 0..<40 { _ = Reducer.reduce(&s, .key(.alt(","))) }
        #expect(Layout.compute(s).conversation.width == 60)
        for _ in 0..<40 { _ = Reducer.reduce(&s, .key(.alt("."))) }
        #expect(Layout.compute(s).toolLog!.width == 20)
    }
}

@Suite struct ToolLogTests {
    @Test func lastOutputLineAndSummary() {
        var e = ToolLogEntry(callId: "1", name: "grep", arguments: #"{"pattern":"foo","path":"src"}"#, startedAt: Date())
        #expect(e.argumentSummary == "src")
        e.appendOutput("a\nb\n\n")
        #expect(e.lastOutputLine == "b")
        e.appendOutput("partial")
        #expect(e.lastOutputLine == "partial")
        #expect(ToolLogEntry(callId: "2", name: "x", arguments: "not json\nat all", startedAt: Date()).argumentSummary == "not json⏎ at all")
        #expect(ToolLogEntry(callId: "3", name: "x", arguments: #"{"b":1,"a":"z"}"#, startedAt: Date()).argumentSummary == "a=z b=1")
    }

    @Test func manyCallsShowTheNewestAndTheSelection() {
        var s = AppState(width: 120, height: 30)
        for i in 0..<3_000 {
            _ = Reducer.reduce(&s, .engine(.toolCall(ToolCall(id: "c\(i)", name: "shell", arguments: #"{"command":"echo \#(i)"}"#))))
            _ = Reducer.reduce(&s, .engine(.toolResult(ToolResult(callId: "c\(i)", name: "shell", output: "\(i)"), exitCode: 0, durationMs: 5)))
        }
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("✓ shell echo 2999"))
        s.focus = .toolLog
        s.toolLogSelection = 10
        let selected = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(selected.contains("✓ shell echo 10 "))
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.overlay == .toolDetail(callId: "c10"))
    }
}

@Suite struct ImageAttachTests {
    @Test func imageCommandPasteAndSend() {
        var s = AppState()
        for ch in "/image ~/shot.png" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)) == [.attachImage(path: "~/shot.png")])
        #expect(Reducer.reduce(&s, .key(.paste("'/tmp/my shot.PNG'\n"))) == [.attachImage(path: "/tmp/my shot.PNG")])
        #expect(Reducer.reduce(&s, .key(.paste("/tmp/notes.txt"))) == [])
        #expect(s.composer.text == "/tmp/notes.txt")
        s.composer.clear()
        let image = ImageData(mediaType: "image/png", base64: "AAAA")
        _ = Reducer.reduce(&s, .imageAttached(name: "shot.png", image))
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("📎 shot.png"))
        for ch in "what is this?" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)) == [.send("what is this?", images: [image])])
        #expect(s.composer.images.isEmpty)
        #expect(s.items.last?.kind == .user("what is this?\n[image: shot.png]"))
    }

    @Test func readsImageFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sx-\(UUID().uuidString).png").path
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = try ImageFile.read(path).get()
        #expect(image.mediaType == "image/png")
        #expect(image.base64 == "iVBORw==")
        if case .failure(let f) = ImageFile.read("/nonexistent/x.jpg") { #expect(f.message == "cannot read /nonexistent/x.jpg") } else { Issue.record("read a missing file") }
        if case .failure(let f) = ImageFile.read(path + ".txt") { #expect(f.message.hasPrefix("not an image")) } else { Issue.record("accepted a .txt") }
    }
}

@Suite struct FileMentionTests {
    @Test func atWordCompletesAgainstIndexedFiles() {
        var s = AppState(width: 80, height: 24)
        _ = Reducer.reduce(&s, .filesIndexed(["README.md", "Sources/SXTUI/App/TUIApp.swift", "Sources/sx/SX.swift"]))
        for ch in "look at @tuiapp" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(FileMention.current(s.composer)?.query == "tuiapp")
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("@Sources/SXTUI/App/TUIApp.swift"))
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.composer.text == "look at @Sources/SXTUI/App/TUIApp.swift ")
        #expect(s.composer.cursor == s.composer.chars.count)
        #expect(s.focus == .composer)
        // Without an @word, Tab moves focus as usual.
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.focus == .conversation)
    }

    @Test func indexSkipsBuildOutputAndHiddenFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sx-idx-\(UUID().uuidString)").path
        for p in ["a.txt", "src/b.swift", ".git/config", ".build/x.o", "node_modules/m.js"] {
            let full = root + "/" + p
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: full))
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(FileIndex.scan(root: root) == ["a.txt", "src/b.swift"])
        #expect(FileIndex.scan(root: root, limit: 1) == ["a.txt"])
    }
}

@Suite struct ProfilePickerTests {
    @Test func pickAndPinAndAuto() {
        var s = AppState(width: 100, height: 30)
        s.profiles = [ProfileStatus(id: "work", provider: "openai-codex", state: .ok),
                      ProfileStatus(id: "home", provider: "openai-codex", state: .needsLogin)]
        _ = Reducer.reduce(&s, .key(.ctrl("p")))
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("▸ auto  pinned  failover chooses"))
        #expect(dump.contains("  home  openai-codex · re-login needed"))
        _ = Reducer.reduce(&s, .key(.char("h")))
        #expect(Reducer.reduce(&s, .key(.enter)) == [.pinProfile("home")])
        #expect(s.pinnedProfile == "home")
        for ch in "/profile auto" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)) == [.pinProfile(nil)])
        #expect(s.pinnedProfile == nil)
    }
}
