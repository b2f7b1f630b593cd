import Foundation
import SXProtocol
import Testing
@testable import SXTUI

@Suite struct KeyMapTests {
    @Test func bindingsAddKeysForCommands() {
        let (map, warnings) = KeyMap.parse(
            """
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
        #expect(
            warnings == [
                "keys.txt:4: expected `command = key` with a known command",
                "keys.txt:5: unknown key 'ctrl+nope'",
                "keys.txt:6: 'x' types a character and cannot be bound"
            ])
        var s = AppState(models: ["gpt-5"])
        s.chrome.keyMap = map
        _ = Reducer.reduce(&s, .key(.ctrl("k")))
        #expect(s.topPopup?.kind == .modelPicker && s.topPopup?.listState == PickerState())
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
        var e = ToolLogEntry(
            callId: "1", name: "grep", arguments: #"{"pattern":"foo","path":"src"}"#, startedAt: Date())
        #expect(e.argumentSummary == "src")
        e.appendOutput("a\nb\n\n")
        #expect(e.lastOutputLine == "b")
        e.appendOutput("partial")
        #expect(e.lastOutputLine == "partial")
        #expect(
            ToolLogEntry(callId: "2", name: "x", arguments: "not json\nat all", startedAt: Date()).argumentSummary
                == "not json⏎ at all")
        #expect(
            ToolLogEntry(callId: "3", name: "x", arguments: #"{"b":1,"a":"z"}"#, startedAt: Date()).argumentSummary
                == "a=z b=1")
    }

    @Test func manyCallsShowTheNewestAndTheSelection() {
        var s = AppState(width: 120, height: 30)
        for i in 0..<3_000 {
            _ = Reducer.reduce(
                &s, .engine(.toolCall(ToolCall(id: "c\(i)", name: "shell", arguments: #"{"command":"echo \#(i)"}"#))))
            _ = Reducer.reduce(
                &s,
                .engine(
                    .toolResult(ToolResult(callId: "c\(i)", name: "shell", output: "\(i)"), exitCode: 0, durationMs: 5))
            )
        }
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("✓ shell echo 2999"))
        s.chrome.focus = .toolLog
        s.toolLog.selection = 10
        let selected = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(selected.contains("✓ shell echo 10 "))
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.topPopup?.kind == .toolDetail(callId: "c10"))
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
        #expect(s.conversation.items.last?.kind == .user("what is this?\n[image: shot.png]"))
    }

    @Test func readsImageFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sx-\(UUID().uuidString).png").path
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = try ImageFile.read(path).get()
        #expect(image.mediaType == "image/png")
        #expect(image.base64 == "iVBORw==")
        if case .failure(let f) = ImageFile.read("/nonexistent/x.jpg") {
            #expect(f.message == "cannot read /nonexistent/x.jpg")
        } else {
            Issue.record("read a missing file")
        }
        if case .failure(let f) = ImageFile.read(path + ".txt") {
            #expect(f.message.hasPrefix("not an image"))
        } else {
            Issue.record("accepted a .txt")
        }
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
        #expect(s.chrome.focus == .composer)
        // Without an @word, Tab moves focus as usual.
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.chrome.focus == .conversation)
    }

    @Test func indexSkipsBuildOutputAndHiddenFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sx-idx-\(UUID().uuidString)").path
        for p in ["a.txt", "src/b.swift", ".git/config", ".build/x.o", "node_modules/m.js"] {
            let full = root + "/" + p
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: full))
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(FileIndex.scan(root: root) == ["a.txt", "src/b.swift"])
        #expect(FileIndex.scan(root: root, limit: 1) == ["a.txt"])
    }
}
