import Foundation
import SXCore
import Testing
@testable import SXEngine

/// A transcript line is written once from its value and read back in one pass.
@Suite struct TranscriptTests {
    func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-transcript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func messagesComeBackInOrderAndOtherLinesAreSkipped() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = Transcript(directory: dir, sessionId: "s1", meta: ["provider": "demo", "model": "m", "cwd": "/w/a"])
        let question = Message.user("read src/a.swift and \"quote\" it")
        let answer = Message(role: .assistant, parts: [.text("done: üñí")])
        t.record(message: question)
        // An event whose `message` is text, not a message: skipped on load, not an error.
        t.record(event: .error("boom"))
        t.record(message: answer)
        #expect(try Transcript.loadHistory(t.url) == [question, answer])

        let lines = try String(contentsOf: t.url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix(#"{"type":"session_meta","id":"s1","at":"#), "meta first, type first: \(lines[0])")
        #expect(lines[0].hasSuffix(#""provider":"demo","model":"m","cwd":"/w/a"}"#))
        #expect(lines[1].hasPrefix(#"{"type":"message","message":{"#))
        #expect(!lines[1].contains(#"\/"#), "paths stay readable")
        #expect(lines[2] == #"{"type":"error","message":"boom"}"#)

        let summary = try #require(Transcript.list(dir).first)
        #expect(summary.provider == "demo" && summary.model == "m" && summary.cwd == "/w/a")
        #expect(summary.messages == 2 && summary.firstPrompt == question.text)
    }

    @Test func aLineThatIsNotJSONNamesTheFileAndLine() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.jsonl")
        try Data("{\"type\":\"message\",\"message\":{\"role\":\"user\",\"parts\":[]}}\nnot json\n".utf8).write(to: url)
        let error = #expect(throws: Transcript.LoadError.self) { try Transcript.loadHistory(url) }
        #expect(error.map(String.init(describing:)) == "\(url.path):2: not a transcript line")
    }

    @Test func tokensInAMessageAreMaskedOnDisk() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = Transcript(directory: dir, sessionId: "s2", meta: [:])
        let key = "sk-proj-" + String(repeating: "a1B2", count: 10)
        t.record(message: .user("my key is \(key)"))
        let text = try String(contentsOf: t.url, encoding: .utf8)
        #expect(!text.contains(key))
    }

    @Test func aCompactionIsACheckpointResumedFromWithTheEarlierMessagesKeptForTheScreen() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = Transcript(directory: dir, sessionId: "s3", meta: [:])
        let old: [Message] = [.user("first"), Message(role: .assistant, parts: [.text("one")])]
        for m in old { t.record(message: m) }
        let rebuilt: [Message] = [.user(Compaction.summaryHeading + "\n\nGoal: g")]
        t.recordCompaction(rebuilt)
        t.record(message: .user("after"))
        #expect(try Transcript.loadHistory(t.url) == rebuilt + [.user("after")])
        #expect(try Transcript.loadEarlier(t.url) == old)
    }

    @Test func theTailARebuiltHistoryRepeatsIsShownOnceBelowTheMark() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = Transcript(directory: dir, sessionId: "s4", meta: [:])
        let old: [Message] = [.user("first"), Message(role: .assistant, parts: [.text("one")])]
        for m in old + [.user("now")] { t.record(message: m) }
        let rebuilt: [Message] = [.user(Compaction.summaryHeading + "\n\nGoal: g"), .user("now")]
        t.recordCompaction(rebuilt)
        let (history, earlier) = try Transcript.loadResumable(t.url)
        #expect(history == rebuilt)
        #expect(earlier == old, "\"now\" is in the history, not above the mark as well")
    }
}
