import Testing
@testable import SXTUI

@Suite struct ApprovalReducerTests {
    func asked() -> AppState {
        var s = AppState(models: [])
        _ = Reducer.reduce(&s, .approvalRequested(ApprovalPrompt(id: 7, tool: "shell", summary: "rm -rf build")))
        return s
    }

    @Test func oneKeyPerChoiceAndNothingElseGetsThrough() {
        for (key, choice) in [
            (Key.char("y"), ApprovalChoice.yes), (.enter, .yes), (.char("a"), .always), (.char("n"), .no),
            (.escape, .no), (.ctrl("c"), .no)
        ] {
            var s = asked()
            #expect(Reducer.reduce(&s, .key(key)) == [.answerApproval(id: 7, choice)])
            #expect(s.popups.isEmpty)
        }
        var s = asked()
        #expect(Reducer.reduce(&s, .key(.char("x"))).isEmpty)
        #expect(Reducer.reduce(&s, .key(.ctrl("l"))).isEmpty)
        #expect(s.topPopup?.kind == .approval(id: 7))
    }

    @Test func theModalShowsTheCommandAndTheKeys() {
        var s = asked()
        s.chrome.width = 80
        s.chrome.height = 24
        let text = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(text.contains("approve shell?"))
        #expect(text.contains("rm -rf build"))
        #expect(text.contains("[y] yes"))
        #expect(text.contains("[n] no"))
    }
}
