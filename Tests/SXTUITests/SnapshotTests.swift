import Foundation
import Testing
@testable import SXTUI

/// Whole screens rendered to text and compared with `Snapshots/*.txt` (see `Snapshot`).
@Suite struct SnapshotTests {
    static let sizes: [(Int, Int)] = [(40, 12), (80, 24), (120, 40), (300, 100)]

    func check(_ text: String, name: String) throws { try Snapshot.check(text, name: name) }

    @Test(arguments: SnapshotTests.sizes.map { "\($0.0)x\($0.1)" })
    func mainScreen(size: String) throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        let state = Fixtures.richState(width: parts[0], height: parts[1])
        let (buf, _) = ScreenRenderer.render(state, cache: RenderCache())
        #expect(buf.width == parts[0] && buf.height == parts[1])
        let dump = buf.textDump()
        let rows = dump.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == parts[1])
        #expect(rows.allSatisfy { CellWidth.of(String($0)) <= parts[0] })
        #expect(rows.last?.hasPrefix(" sx ") == true)
        try check(dump, name: "main-\(size)")
    }

    @Test func modelPickerAndHelp() throws {
        var state = Fixtures.richState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .key(.ctrl("l")))
        for ch in "gpt" { _ = Reducer.reduce(&state, .key(.char(ch))) }
        try check(ScreenRenderer.render(state, cache: RenderCache()).buffer.textDump(), name: "picker-80x24")
        state.popups = [HelpPopup()]
        try check(ScreenRenderer.render(state, cache: RenderCache()).buffer.textDump(), name: "help-80x24")
    }

    @Test func statusPaneUnderCooldown() throws {
        var state = Fixtures.richState(width: 80, height: 24)
        state.engine.profiles = state.engine.profiles.map { p in
            var p = p
            p.state = .coolingDown(until: Fixtures.now.addingTimeInterval(p.id == "work" ? 61 : 3725))
            return p
        }
        _ = Reducer.reduce(&state, .key(.f(4)))
        #expect(state.topPopup?.kind == .status)
        let dump = ScreenRenderer.render(state, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("work cooling 01:01"))
        #expect(dump.contains("personal cooling 1h02m"))
        try check(dump, name: "status-cooldown-80x24")
    }

    @Test func wideCharsAreNeverCutInAnyPane() {
        for (w, h) in SnapshotTests.sizes + [(41, 13), (99, 30), (100, 30), (101, 31)] {
            let state = Fixtures.richState(width: w, height: h)
            let buf = ScreenRenderer.render(state, cache: RenderCache()).buffer
            for y in 0..<buf.height {
                for x in 0..<buf.width {
                    let c = buf[x, y]
                    if c.width == 2 {
                        #expect(x + 1 < buf.width && buf[x + 1, y].isContinuation, "\(w)x\(h) at \(x),\(y)")
                    }
                    if c.isContinuation { #expect(x > 0 && buf[x - 1, y].width == 2, "\(w)x\(h) orphan at \(x),\(y)") }
                }
            }
        }
    }

    @Test func tinyTerminalsDoNotBreak() {
        for (w, h) in [(1, 1), (5, 3), (20, 5), (40, 12)] {
            var state = Fixtures.richState(width: w, height: h)
            state.popups = [HelpPopup()]
            _ = ScreenRenderer.render(state, cache: RenderCache())
            state.popups = [ListPicker(ModelSource())]
            _ = ScreenRenderer.render(state, cache: RenderCache())
            state.popups = [ToolDetailPopup(callId: "c2")]
            let buf = ScreenRenderer.render(state, cache: RenderCache()).buffer
            #expect(buf.width == w && buf.height == h)
        }
    }
}
