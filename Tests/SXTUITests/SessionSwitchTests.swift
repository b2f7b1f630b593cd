import Foundation
import SXProtocol
import Testing
@testable import SXTUI

/// `/new`, `/resume` and the replay of a resumed conversation, through the reducer.
@Suite struct SessionSwitchTests {
    func state() -> AppState {
        var s = AppState(width: 120, height: 40, models: ["codex/gpt-5.5"])
        s.chrome.now = Date(timeIntervalSince1970: 1_000_000)
        _ = Reducer.reduce(
            &s,
            .sessionStatus(
                SessionStatus(
                    sessionId: "current-1", provider: .openaiCodex, model: "gpt-5.5",
                    reasoningEffort: "high")))
        return s
    }

    func command(_ s: inout AppState, _ text: String) -> [Effect] {
        for ch in text { _ = Reducer.reduce(&s, .key(.char(ch))) }
        return Reducer.reduce(&s, .key(.enter))
    }

    static let history: [Message] = [
        .user("what is in the folder?"),
        Message(
            role: .assistant,
            parts: [
                .thinking(Thinking(text: "look first")),
                .toolCall(ToolCall(id: "c1", name: "list_dir", arguments: #"{"path":"."}"#))
            ]),
        Message(
            role: .user, parts: [.toolResult(ToolResult(callId: "c1", name: "list_dir", output: "README.md\nSources/"))]
        ),
        Message(role: .assistant, parts: [.text("A README and "), .text("a Sources folder.")])
    ]

    @Test func newKeepsModelPinAndEffort() {
        var s = state()
        s.engine.pinnedProfile = "openai-codex:work"
        let effects = command(&s, "/new")
        #expect(
            effects == [
                .switchSession(
                    SessionRequest(
                        resumeId: nil, provider: .openaiCodex, model: "gpt-5.5",
                        profile: "openai-codex:work", effort: "high"))
            ])
    }

    @Test func switchingIsRefusedWhileATurnRuns() {
        var s = state()
        _ = Reducer.reduce(
            &s, .engine(.requestStarted(provider: .openaiCodex, model: "gpt-5.5", profileId: nil, step: 1)))
        #expect(command(&s, "/new").isEmpty)
        #expect(command(&s, "/resume").isEmpty)
        guard case .notice(let text, .warning)? = s.conversation.items.last?.kind else {
            Issue.record("no warning"); return
        }
        #expect(text.contains("Esc"))
    }

    @Test func resumeListsThenPicksByFilter() {
        var s = state()
        #expect(command(&s, "/resume") == [.listSessions])
        let now = s.chrome.now
        _ = Reducer.reduce(
            &s,
            .sessionsListed([
                SavedSession(id: "current-1", modified: now, firstPrompt: "this one", model: nil, messages: 2),
                SavedSession(id: "empty-2", modified: now, firstPrompt: nil, model: nil, messages: 0),
                SavedSession(
                    id: "aaa-3", modified: now.addingTimeInterval(-60), firstPrompt: "fix the parser",
                    model: "codex/gpt-5.5", messages: 4),
                SavedSession(
                    id: "bbb-4", modified: now.addingTimeInterval(-7200), firstPrompt: "write the README\nmore",
                    model: nil, messages: 2)
            ]))
        // The current session and empty ones are not offered.
        #expect(s.engine.savedSessions.map(\.id) == ["aaa-3", "bbb-4"])
        guard s.topPopup?.kind == .sessionPicker else { Issue.record("no picker"); return }
        let (buf, _) = ScreenRenderer.render(s, cache: RenderCache())
        let screen = buf.textDump()
        #expect(screen.contains("fix the parser"))
        #expect(screen.contains("write the README"))
        #expect(screen.contains("1m ago"))
        for ch in "readme" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        let effects = Reducer.reduce(&s, .key(.enter))
        #expect(
            effects == [
                .switchSession(
                    SessionRequest(resumeId: "bbb-4", provider: .openaiCodex, model: "gpt-5.5", effort: "high"))
            ])
        #expect(s.popups.isEmpty)
    }

    @Test func resumeWithNothingSavedSaysSo() {
        var s = state()
        _ = Reducer.reduce(&s, .sessionsListed([]))
        #expect(s.popups.isEmpty)
        guard case .notice(let text, _)? = s.conversation.items.last?.kind else { Issue.record("no notice"); return }
        #expect(text.contains("no earlier session"))
    }

    @Test func resumeWithAnIdSwitchesDirectly() {
        var s = state()
        #expect(
            command(&s, "/resume abc123") == [
                .switchSession(
                    SessionRequest(
                        resumeId: "abc123", provider: .openaiCodex,
                        model: "gpt-5.5", effort: "high"))
            ])
    }

    @Test func replacedSessionReplaysHistoryAndClearsTheOld() {
        var s = state()
        _ = command(&s, "old prompt")
        _ = Reducer.reduce(&s, .engine(.textDelta("old answer\n")))
        _ = Reducer.reduce(&s, .engine(.toolCall(ToolCall(id: "old", name: "shell", arguments: #"{"command":"ls"}"#))))
        let oldIds = s.conversation.items.map(\.id)
        let status = SessionStatus(sessionId: "resumed-9", provider: .openaiCodex, model: "gpt-5.5")
        _ = Reducer.reduce(&s, .sessionReplaced(status, history: Self.history, notice: "resumed resumed-9"))
        #expect(s.engine.session?.sessionId == "resumed-9")
        #expect(!s.engine.busy)
        #expect(s.toolLog.entries.map(\.callId) == ["c1"])
        #expect(s.toolLog.entries.first?.status == .ok)
        #expect(s.toolLog.entries.first?.output.contains("README.md") == true)
        let kinds = s.conversation.items.map(\.kind)
        #expect(
            kinds == [
                .user("what is in the folder?"),
                .thinking("look first", streaming: false, collapsed: true),
                .tool(callId: "c1"),
                .assistant("A README and a Sources folder.", streaming: false),
                .notice("resumed resumed-9", .info)
            ])
        // Ids keep growing: nothing cached for the old conversation can be taken for the new one.
        #expect(s.conversation.items.map(\.id).allSatisfy { id in oldIds.allSatisfy { id > $0 } })
        let screen = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(screen.contains("what is in the folder?"))
        #expect(screen.contains("list_dir"))
        #expect(screen.contains("earlier"))
        #expect(screen.contains("A README and a Sources folder."))
        #expect(!screen.contains("old answer"))
    }

    @Test func aResumedSessionShowsItsPlanAndANewOneNone() {
        var s = state()
        s.chrome.width = 120
        s.chrome.height = 40
        let plan = Plan(steps: [.init("read the code", .completed), .init("write the fix", .inProgress)])
        var status = SessionStatus(sessionId: "resumed-9", provider: .openaiCodex, model: "gpt-5.5", plan: plan)
        _ = Reducer.reduce(&s, .sessionReplaced(status, history: Self.history, notice: nil))
        #expect(s.engine.plan == plan)
        let screen = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(screen.contains("write the fix"))
        status.plan = nil
        _ = Reducer.reduce(&s, .sessionReplaced(status, history: [], notice: nil))
        #expect(s.engine.plan == nil)
    }

    @Test func newSessionEmptiesTheConversation() {
        var s = state()
        _ = command(&s, "hello")
        _ = Reducer.reduce(&s, .engine(.textDelta("hi there\n")))
        _ = Reducer.reduce(
            &s,
            .sessionReplaced(
                SessionStatus(sessionId: "n2", provider: .openaiCodex, model: "gpt-5.5"),
                history: [], notice: "new session n2"))
        #expect(s.conversation.items.map(\.kind) == [.notice("new session n2", .info)])
        #expect(s.toolLog.entries.isEmpty)
    }
}
