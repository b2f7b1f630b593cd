import Foundation
import SXCore
import SXProtocol
import Testing
@testable import SXTUI

/// Each pane drawn alone into a cell grid of its own size, at three sizes, compared with `Snapshots/pane-*.txt`:
/// a change to one pane shows in that pane's snapshots only.
@Suite struct PaneSnapshotTests {
    static let sizes = ["36x10", "60x16", "100x30"]

    func pane(_ name: String, size: String, _ draw: (AppState, Rect, inout ScreenBuffer) -> Void) throws {
        let (w, h) = Snapshot.size(size)
        var state = Fixtures.richState(width: 120, height: 40)
        for ch in "explain the 日本語 part" { _ = Reducer.reduce(&state, .key(.char(ch))) }
        var buf = ScreenBuffer(width: w, height: h)
        draw(state, buf.bounds, &buf)
        let dump = buf.textDump()
        #expect(
            dump.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { CellWidth.of(String($0)) <= w })
        try Snapshot.check(dump, name: "pane-\(name)-\(size)")
    }

    @Test(arguments: sizes) func conversation(size: String) throws {
        try pane("conversation", size: size) { s, r, b in
            _ = ConversationPane.draw(s, in: r, into: &b, cache: RenderCache())
        }
    }

    @Test(arguments: sizes) func toolLog(size: String) throws {
        try pane("toollog", size: size) { s, r, b in ToolLogPane.draw(s, in: r, into: &b, focused: true) }
    }

    @Test(arguments: sizes) func status(size: String) throws {
        try pane("status", size: size) { s, r, b in StatusPane.draw(s, in: r, into: &b, focused: false) }
    }

    /// The plan's checklist under the rest, after an `update_plan`; the conversation gets its one line.
    @Test func statusWithAPlan() throws {
        let (w, h) = Snapshot.size("60x30")
        var state = Fixtures.richState(width: 120, height: 40)
        let plan = Plan(
            steps: [
                Plan.Step("read the code", .completed), Plan.Step("write the failing test", .inProgress),
                Plan.Step("fix the parser", .pending)
            ], explanation: "tests first")
        let before = state.conversation.items.count
        _ = Reducer.reduce(&state, .engine(.plan(plan)))
        _ = Reducer.reduce(&state, .engine(.plan(plan)))
        #expect(state.conversation.items.count == before + 1, "a repeated plan adds no second line")
        #expect(state.conversation.items.last?.kind == .notice("plan: 1/3 done · now: write the failing test", .info))
        var buf = ScreenBuffer(width: w, height: h)
        StatusPane.draw(state, in: buf.bounds, into: &buf, focused: false)
        try Snapshot.check(buf.textDump(), name: "pane-status-plan-60x30")
    }

    @Test(arguments: sizes) func composer(size: String) throws {
        try pane("composer", size: size) { s, r, b in ComposerPane.draw(s, in: r, into: &b) }
    }

    @Test(arguments: sizes) func statusBar(size: String) throws {
        try pane("statusbar", size: size) { s, r, b in
            StatusBar.draw(s, in: Rect(x: 0, y: r.height - 1, width: r.width, height: 1), into: &b)
        }
    }
}

/// Each popup over the whole screen at three sizes, compared with `Snapshots/popup-*.txt`.
@Suite struct PopupSnapshotTests {
    static let sizes = ["50x16", "80x24", "120x40"]

    func popup(_ name: String, size: String, open: (inout AppState) -> Void) throws {
        let (w, h) = Snapshot.size(size)
        var state = Fixtures.richState(width: w, height: h)
        open(&state)
        #expect(!state.popups.isEmpty)
        let dump = ScreenRenderer.render(state, cache: RenderCache()).buffer.textDump()
        try Snapshot.check(dump, name: "popup-\(name)-\(size)")
    }

    func keys(_ s: inout AppState, _ keys: [Key]) { for k in keys { _ = Reducer.reduce(&s, .key(k)) } }
    func type(_ s: inout AppState, _ text: String) { keys(&s, text.map { .char($0) }) }

    @Test(arguments: sizes) func help(size: String) throws {
        try popup("help", size: size) { keys(&$0, [.f(1)]) }
    }

    @Test(arguments: sizes) func modelPicker(size: String) throws {
        try popup("model", size: size) { s in
            keys(&s, [.ctrl("l")])
            type(&s, "gpt")
            keys(&s, [.down])
        }
    }

    @Test(arguments: sizes) func profilePicker(size: String) throws {
        try popup("profile", size: size) { keys(&$0, [.ctrl("p"), .down]) }
    }

    @Test(arguments: sizes) func themePicker(size: String) throws {
        try popup("theme", size: size) { s in
            _ = Reducer.reduce(&s, .themeChanged("sx-dark"))
            s.chrome.themes = ["ansi16", "high-contrast", "sx-dark", "sx-light", "tokyonight"]
            type(&s, "/theme")
            keys(&s, [.enter, .down])
        }
    }

    @Test(arguments: sizes) func sessionPicker(size: String) throws {
        try popup("sessions", size: size) { s in
            _ = Reducer.reduce(
                &s,
                .sessionsListed([
                    SavedSession(
                        id: "a1b2c3d4e5", modified: Fixtures.now.addingTimeInterval(-300),
                        firstPrompt: "fix the parser",
                        model: "codex/gpt-5.5", messages: 6),
                    SavedSession(
                        id: "f6e5d4c3b2", modified: Fixtures.now.addingTimeInterval(-3 * 86_400),
                        firstPrompt: "write the README", model: nil, messages: 2)
                ]))
        }
    }

    @Test(arguments: sizes) func approval(size: String) throws {
        try popup("approval", size: size) { s in
            _ = Reducer.reduce(
                &s,
                .approvalRequested(
                    ApprovalPrompt(id: 1, tool: "shell", summary: "swift build && swift test --parallel")))
        }
    }

    @Test(arguments: sizes) func approvalOverModelPicker(size: String) throws {
        try popup("approval-over-model", size: size) { s in
            keys(&s, [.ctrl("l")])
            type(&s, "mini")
            _ = Reducer.reduce(
                &s, .approvalRequested(ApprovalPrompt(id: 2, tool: "write_file", summary: "Sources/a.swift")))
        }
    }

    /// An edit waiting for approval: the diff with its gutter, counts and the changed words marked.
    @Test(arguments: sizes) func approvalWithDiff(size: String) throws {
        try popup("approval-diff", size: size) { s in
            _ = Reducer.reduce(
                &s,
                .approvalRequested(
                    ApprovalPrompt(
                        id: 3, tool: "edit_file", summary: "edit_file Sources/a.swift", diffs: [Fixtures.smallDiff])))
        }
    }

    /// The conversation with an edit's diff under its call, and a long one collapsed to its summary line.
    @Test(arguments: sizes) func conversationWithDiffs(size: String) throws {
        let (w, h) = Snapshot.size(size)
        var state = AppState(width: w, height: h, models: ["codex/gpt-5.5"])
        _ = Reducer.reduce(
            &state, .engine(.toolCall(ToolCall(id: "e1", name: "edit_file", arguments: #"{"path":"Sources/a.swift"}"#)))
        )
        _ = Reducer.reduce(
            &state,
            .engine(
                .toolResult(
                    ToolResult(callId: "e1", name: "edit_file", output: "Edited", diffs: [Fixtures.smallDiff]),
                    exitCode: nil, durationMs: 3)))
        _ = Reducer.reduce(
            &state, .engine(.toolCall(ToolCall(id: "w1", name: "write_file", arguments: #"{"path":"big.txt"}"#))))
        let big = FileDiff.between(old: nil, new: Data((1...40).map { "line \($0)\n" }.joined().utf8), path: "big.txt")
        _ = Reducer.reduce(
            &state,
            .engine(
                .toolResult(
                    ToolResult(callId: "w1", name: "write_file", output: "Created", diffs: [big]), exitCode: nil,
                    durationMs: 1)))
        let dump = ScreenRenderer.render(state, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("created big.txt +40"))
        #expect(!dump.contains("line 40"))
        try Snapshot.check(dump, name: "conversation-diffs-\(size)")
    }

    @Test(arguments: sizes) func toolDetail(size: String) throws {
        try popup("tooldetail", size: size) { s in
            s.chrome.focus = .toolLog
            s.toolLog.selection = 1
            _ = Reducer.reduce(&s, .key(.enter))
        }
    }

    /// Below 100 columns the side panes are popups (F3, F4); at 120 they would toggle the inline panes instead.
    @Test(arguments: sizes.filter { Snapshot.size($0).0 < AppState.sideBySideMinWidth })
    func narrowSidePanes(size: String) throws {
        try popup("toollog", size: size) { keys(&$0, [.f(3)]) }
        try popup("status", size: size) { keys(&$0, [.f(4)]) }
    }
}
