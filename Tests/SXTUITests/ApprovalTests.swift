import Foundation
import SXCore
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
            (Key.char("y"), ApprovalChoice.yes), (.enter, .yes), (.char("a"), .always), (.char("n"), .no(reason: nil)),
            (.escape, .no(reason: nil)), (.ctrl("c"), .no(reason: nil))
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

    @Test func rSaysNoWithAReasonTypedOnTheSpot() {
        var s = asked()
        #expect(Reducer.reduce(&s, .key(.char("r"))).isEmpty)
        for c in "use git mv" { _ = Reducer.reduce(&s, .key(.char(c))) }
        _ = Reducer.reduce(&s, .key(.backspace))
        s.chrome.width = 100
        s.chrome.height = 24
        #expect(ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump().contains("why not? use git m"))
        #expect(Reducer.reduce(&s, .key(.enter)) == [.answerApproval(id: 7, .no(reason: "use git m"))])
        #expect(s.popups.isEmpty)
        #expect(ApprovalChoice.no(reason: "use git m").decision == .deny(reason: "the user said no: use git m"))
        #expect(ApprovalChoice.no(reason: nil).decision == .deny(reason: "the user said no"))
    }

    @Test func aFileChangeIsShownAsItsDiffAndScrolls() {
        let old = Data((1...60).map { "line \($0)\n" }.joined().utf8)
        var newText = (1...60).map { "line \($0)\n" }.joined()
        newText = newText.replacingOccurrences(of: "line 5\n", with: "line five\n")
        newText = newText.replacingOccurrences(of: "line 50\n", with: "line fifty\n")
        let diff = FileDiff.between(old: old, new: Data(newText.utf8), path: "src/a.txt")
        var s = AppState(models: [])
        s.chrome.width = 100
        s.chrome.height = 16
        _ = Reducer.reduce(
            &s,
            .approvalRequested(ApprovalPrompt(id: 3, tool: "edit_file", summary: "edit_file src/a.txt", diffs: [diff])))
        var text = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(text.contains("edited src/a.txt +2 \u{2212}2"))
        #expect(text.contains("- line 5"))
        #expect(text.contains("+ line five"))
        #expect(!text.contains("line fifty"))
        for _ in 0..<3 { _ = Reducer.reduce(&s, .key(.pageDown)) }
        text = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(text.contains("+ line fifty"))
        #expect(Reducer.reduce(&s, .key(.char("n"))) == [.answerApproval(id: 3, .no(reason: nil))])
    }

    @Test func aShellCommandShowsWhereItRuns() {
        var s = AppState(models: [])
        s.chrome.width = 100
        s.chrome.height = 24
        _ = Reducer.reduce(
            &s,
            .approvalRequested(
                ApprovalPrompt(id: 1, tool: "shell", summary: "sed -i 's/a/b/' x.txt", workingDirectory: "/w/src")))
        let text = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(text.contains("$ sed -i 's/a/b/' x.txt"))
        #expect(text.contains("in /w/src"))
    }
}
