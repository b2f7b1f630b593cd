import Foundation
import SXProtocol
import Testing
@testable import SXTUI

/// Popups as a stack: what arrives on top of an open popup closes back to it as it was.
@Suite struct PopupStackTests {
    func state() -> AppState {
        var s = AppState(width: 80, height: 24, models: ["gpt-5", "gpt-5-mini", "claude-sonnet-4", "claude-opus-4"])
        s.chrome.themes = ["ansi16", "high-contrast", "sx-dark", "sx-light"]
        s.chrome.themeName = "sx-dark"
        return s
    }

    func keys(_ s: inout AppState, _ text: String) {
        for ch in text { _ = Reducer.reduce(&s, .key(.char(ch))) }
    }

    func screen(_ s: AppState) -> String { ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump() }

    @Test func anApprovalOverTheModelPickerLeavesThePickerAsItWas() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        keys(&s, "cla")
        _ = Reducer.reduce(&s, .key(.down))
        let before = s.topPopup?.listState
        #expect(before?.query == "cla" && before?.selected == 1)
        #expect(screen(s).contains("› cla"))

        _ = Reducer.reduce(&s, .approvalRequested(ApprovalPrompt(id: 3, tool: "shell", summary: "make test")))
        #expect(s.popups.map(\.kind) == [.modelPicker, .approval(id: 3)])
        let asking = screen(s)
        #expect(asking.contains("approve shell?") && asking.contains("make test"))
        // Typing goes to the approval, not to the picker's filter underneath.
        #expect(Reducer.reduce(&s, .key(.char("x"))).isEmpty)
        #expect(Reducer.reduce(&s, .key(.char("y"))) == [.answerApproval(id: 3, .yes)])

        #expect(s.popups.map(\.kind) == [.modelPicker])
        #expect(s.topPopup?.listState == before)
        let after = screen(s)
        #expect(after.contains("› cla"))
        #expect(after.contains("▸ claude-opus-4"))
        #expect(!after.contains("approve shell?"))
        // And the picker still works: Enter takes the selection it had.
        #expect(Reducer.reduce(&s, .key(.enter)) == [.switchModel("claude-opus-4")])
        #expect(s.popups.isEmpty)
    }

    @Test func ctrlCOnAnApprovalOverAPickerSaysNoAndKeepsThePicker() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("p")))
        _ = Reducer.reduce(&s, .approvalRequested(ApprovalPrompt(id: 4, tool: "write_file", summary: "a.txt")))
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [.answerApproval(id: 4, .no(reason: nil))])
        #expect(s.topPopup?.kind == .profilePicker)
    }

    @Test func twoApprovalsAreAnsweredOneAfterTheOther() {
        var s = state()
        _ = Reducer.reduce(&s, .approvalRequested(ApprovalPrompt(id: 1, tool: "shell", summary: "ls")))
        _ = Reducer.reduce(&s, .approvalRequested(ApprovalPrompt(id: 2, tool: "shell", summary: "pwd")))
        #expect(Reducer.reduce(&s, .key(.char("n"))) == [.answerApproval(id: 2, .no(reason: nil))])
        #expect(Reducer.reduce(&s, .key(.char("a"))) == [.answerApproval(id: 1, .always)])
        #expect(s.popups.isEmpty)
    }

    @Test func escapeOnTheThemePickerRestoresThePreviewedThemeEvenAfterAnApproval() {
        var s = state()
        keys(&s, "/theme")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(Reducer.reduce(&s, .key(.down)) == [.previewTheme("sx-light")])
        _ = Reducer.reduce(&s, .themeChanged("sx-light"))
        _ = Reducer.reduce(&s, .approvalRequested(ApprovalPrompt(id: 9, tool: "shell", summary: "ls")))
        _ = Reducer.reduce(&s, .key(.char("y")))
        #expect(s.topPopup?.kind == .themePicker)
        #expect(screen(s).contains("sx-dark  current"))
        #expect(Reducer.reduce(&s, .key(.escape)) == [.previewTheme("sx-dark")])
        #expect(s.popups.isEmpty)
    }

    @Test func ctrlCAndAReplacedSessionAlsoRestoreThePreviewedTheme() {
        var s = state()
        keys(&s, "/theme")
        _ = Reducer.reduce(&s, .key(.enter))
        _ = Reducer.reduce(&s, .key(.up))
        _ = Reducer.reduce(&s, .themeChanged("high-contrast"))
        #expect(Reducer.reduce(&s, .key(.ctrl("c"))) == [.previewTheme("sx-dark")])
        #expect(s.popups.isEmpty)
        _ = Reducer.reduce(&s, .themeChanged("sx-dark"))

        keys(&s, "/theme")
        _ = Reducer.reduce(&s, .key(.enter))
        _ = Reducer.reduce(&s, .key(.up))
        _ = Reducer.reduce(&s, .themeChanged("high-contrast"))
        let status = SessionStatus(sessionId: "s2", provider: .openaiCodex, model: "gpt-5")
        #expect(Reducer.reduce(&s, .sessionReplaced(status, history: [], notice: nil)) == [.previewTheme("sx-dark")])
        #expect(s.popups.isEmpty)
    }

    @Test func helpOverAPickerClosesBackToIt() {
        var s = state()
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        keys(&s, "gpt")
        _ = Reducer.reduce(&s, .key(.f(1)))
        #expect(s.popups.map(\.kind) == [.modelPicker, .help])
        _ = Reducer.reduce(&s, .key(.f(1)))
        #expect(s.topPopup?.listState?.query == "gpt")
    }

    @Test func theToolDetailClosesBackToTheNarrowToolLog() {
        var s = state()
        _ = Reducer.reduce(&s, .engine(.toolCall(ToolCall(id: "t1", name: "shell", arguments: #"{"command":"ls"}"#))))
        _ = Reducer.reduce(&s, .key(.f(3)))
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.popups.map(\.kind) == [.toolLog, .toolDetail(callId: "t1")])
        _ = Reducer.reduce(&s, .key(.escape))
        #expect(s.popups.map(\.kind) == [.toolLog])
        _ = Reducer.reduce(&s, .key(.escape))
        #expect(s.popups.isEmpty)
    }
}

/// The same through the running app: the approval comes from the host while the picker is open, and the frame on
/// the in-memory terminal shows the picker with its filter again once it is answered.
@MainActor
@Suite struct PopupStackAppTests {
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func anApprovalFromTheHostOverAnOpenPicker() async {
        let host = FakeHost(FakeSession(), approvals: true)
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(
            host: host, menu: ModelMenu(models: ["gpt-5", "gpt-5-mini", "claude-sonnet-4"]), terminal: terminal)
        let run = Task { await app.run() }
        #expect(await eventually { host.connected })
        terminal.send(.key(.ctrl("l")))
        terminal.type("mini")
        #expect(await eventually { terminal.lastFrame?.textDump().contains("› mini") == true })
        let call = ToolCall(id: "c1", name: "shell", arguments: #"{"command":"make"}"#)
        host.ask(PendingApproval(id: 6, request: ApprovalRequest(call: call, summary: "make")))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("approve shell?") == true })
        terminal.type("y")
        #expect(await eventually { host.answers[6] == .approve })
        #expect(
            await eventually {
                let screen = terminal.lastFrame?.textDump() ?? ""
                return screen.contains("› mini") && screen.contains("▸ gpt-5-mini")
                    && !screen.contains("approve shell?")
            })
        #expect(app.state.topPopup?.listState?.query == "mini")
        terminal.send(.terminate(signal: 15))
        #expect(await run.value == 143)
    }
}
