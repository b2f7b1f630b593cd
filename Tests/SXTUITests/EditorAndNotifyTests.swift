import Foundation
import SXCore
import SXProtocol
import Testing

@testable import SXTUI

/// Ctrl+G's editor and the background notifications (focus reports, OSC 9/777, the bell).
@Suite struct EditorAndNotifyTests {
    func done(_ outcome: TurnSummary.Outcome) -> Action {
        .engine(.turnDone(TurnSummary(outcome: outcome, usage: Usage(), steps: 1, provider: "codex", model: "m")))
    }

    /// An executable script in a fresh folder; `body` is its shell text.
    func script(_ body: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("edit.sh").path
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    @Test func focusReportsDecodeFromRawBytesAndFromNCursesCodes() {
        var d = KeyDecoder(functionKeys: [600: .focusIn, 601: .focusOut])
        let raw: [KeyDecoder.Raw] = "\u{1B}[Oa\u{1B}[I".unicodeScalars.map { .char($0.value) }
        #expect(d.decode(raw) == [.focusOut, .char("a"), .focusIn])
        #expect(d.decode([.code(601), .code(600)]) == [.focusOut, .focusIn])
    }

    @Test func aTurnEndingInTheBackgroundNotifiesWithTheAnswer() {
        var s = AppState(models: [])
        _ = Reducer.reduce(&s, .engine(.textDelta("All tests pass.\nDetails follow")))
        #expect(Reducer.reduce(&s, done(.completed)).isEmpty, "focused: no notification")
        _ = Reducer.reduce(&s, .key(.focusOut))
        #expect(!s.chrome.focused)
        _ = Reducer.reduce(&s, .engine(.textDelta("Second answer")))
        #expect(Reducer.reduce(&s, done(.completed)) == [.notify("sx: done: Second answer")])
        #expect(Reducer.reduce(&s, done(.failed)) == [.notify("sx: the turn failed")])
        #expect(Reducer.reduce(&s, done(.interrupted)).isEmpty, "the person interrupted it themselves")
        _ = Reducer.reduce(&s, .key(.focusIn))
        #expect(Reducer.reduce(&s, done(.completed)).isEmpty)
    }

    @Test func aWaitingApprovalNotifiesAndAQueuedMessageDoesNot() {
        var s = AppState(models: [])
        _ = Reducer.reduce(&s, .key(.focusOut))
        let effects = Reducer.reduce(
            &s, .approvalRequested(ApprovalPrompt(id: 1, tool: "shell", summary: "rm -rf build\nsecond line")))
        #expect(effects == [.notify("sx: approval needed: shell rm -rf build second line")])
        s.popups.removeAll()
        s.composer.queue = [.init(text: "next", images: [], names: [])]
        s.engine.busy = true
        #expect(Reducer.reduce(&s, done(.completed)) == [.send("next", images: [])], "the agent goes on: no ping")
    }

    @Test func notificationSequencesPerModeWithoutControlCharacters() {
        let text = "done: \u{1B}]52;c;evil\u{07} ok"
        let osc = DesktopNotification.sequence(text, mode: .osc, tmux: false)
        #expect(osc == "\u{1B}]9;done: ]52;c;evil ok\u{07}\u{1B}]777;notify;sx;done: ]52;c;evil ok\u{07}")
        let wrapped = DesktopNotification.sequence("hi", mode: .osc, tmux: true)
        #expect(
            wrapped
                == "\u{1B}Ptmux;\u{1B}\u{1B}]9;hi\u{07}\u{1B}\\\u{1B}Ptmux;\u{1B}\u{1B}]777;notify;sx;hi\u{07}\u{1B}\\")
        #expect(DesktopNotification.sequence("hi", mode: .bell, tmux: false) == "\u{07}")
        #expect(DesktopNotification.sequence("hi", mode: .off, tmux: false) == nil)
    }

    @Test func theEditorRewritesThePromptThroughARealProcess() throws {
        let editor = try script(#"printf 'rewritten by %s\n' "$(cat "$1")" > "$1""#)
        let folder = (editor as NSString).deletingLastPathComponent
        let result = PromptEditor.edit("draft", command: editor, folder: folder)
        #expect(result == .success("rewritten by draft"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasPrefix("sx-prompt-")
        }
        #expect(leftovers.isEmpty, "the temp file is removed")
    }

    @Test func aFailingOrMissingEditorLeavesThePromptWithAReason() throws {
        let failing = try script("exit 3")
        #expect(PromptEditor.edit("draft", command: failing) == .failure(.exited(command: failing, status: 3)))
        let missing = "/nonexistent/sx-no-editor"
        let result = PromptEditor.edit("draft", command: missing)
        #expect(result == .failure(.exited(command: missing, status: 127)))
        if case .failure(let f) = result { #expect(f.message.contains("was not found (set VISUAL or EDITOR)")) }
    }

    @Test func editorChoiceFollowsVisualThenEditorThenVi() {
        #expect(FrontEndSettings.editor(visual: "code --wait", editor: "nano") == "code --wait")
        #expect(FrontEndSettings.editor(visual: " ", editor: "nano") == "nano")
        #expect(FrontEndSettings.editor(visual: nil, editor: nil) == "vi")
    }

    @MainActor @Test func ctrlGHandsTheTerminalToTheEditorAndBringsTheTextBack() async throws {
        let editor = try script(#"printf 'from the editor' > "$1""#)
        let session = FakeSession()
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(
            host: FakeHost(session), settings: FrontEndSettings(editor: editor), terminal: terminal)
        let run = Task { await app.run() }
        terminal.type("typed here")
        terminal.send(.key(.ctrl("g")))
        var edited = false
        for _ in 0..<200 where !edited {
            try? await Task.sleep(nanoseconds: 10_000_000)
            edited = app.state.composer.text == "from the editor"
        }
        #expect(edited)
        #expect(terminal.timesAway == 1)
        terminal.send(.key(.enter))
        for _ in 0..<200 where session.sent.isEmpty { try? await Task.sleep(nanoseconds: 10_000_000) }
        #expect(session.sent == ["from the editor"])
        terminal.send(.terminate(signal: 15))
        _ = await run.value
    }
}
