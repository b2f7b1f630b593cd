import Foundation
import SXEngine
import Testing
@testable import SXTUI

@MainActor
@Suite struct TUIAppTests {
    /// Waits (up to two seconds) until `condition` holds; the app runs on the same actor between checks.
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }

    @Test func promptAnswerModelSwitchAndQuit() async {
        let session = FakeSession()
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(session: session, models: ["gpt-5", "claude-sonnet-4"], theme: nil, terminal: terminal,
                         environment: ["SX_HOME": "/nonexistent-sx-home"])
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        terminal.type("hello")
        terminal.send(.key(.enter))
        #expect(await eventually { session.sent == ["hello"] })

        session.continuation.yield(.requestStarted(provider: .openaiCodex, model: "gpt-5", profileId: "work", step: 1))
        session.continuation.yield(.thinkingDelta("pondering\n"))
        session.continuation.yield(.textDelta("Hi **there**\n"))
        session.continuation.yield(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("Hi there") == true })
        #expect(terminal.lastFrame?.textDump().contains("▸ thinking (1 line") == true)

        terminal.send(.key(.ctrl("l")))
        terminal.type("claude")
        terminal.send(.key(.enter))
        #expect(await eventually { session.model == "claude-sonnet-4" })
        #expect(await eventually { terminal.lastFrame?.textDump().contains("model → claude-sonnet-4") == true })

        terminal.send(.resize(width: 40, height: 12))
        #expect(await eventually { terminal.lastFrame?.width == 40 })

        terminal.send(.key(.ctrl("c")))
        terminal.send(.key(.ctrl("c")))
        #expect(await run.value == 0)
        #expect(terminal.stopped)
        #expect(await eventually { session.closed })
    }

    @Test func terminatingSignalRestoresAndExits() async {
        let session = FakeSession()
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(session: session, models: [], theme: nil, terminal: terminal, environment: [:])
        let run = Task { await app.run() }
        #expect(await eventually { terminal.started })
        terminal.send(.terminate(signal: 15))
        #expect(await run.value == 143)
        #expect(terminal.stopped)
    }

    @Test func copyWritesOSC52() async {
        let session = FakeSession()
        let terminal = MemoryTerminal(width: 80, height: 24)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sx-copy-\(UUID().uuidString)").path
        let app = TUIApp(session: session, models: [], theme: nil, terminal: terminal, environment: ["SX_HOME": home])
        let run = Task { await app.run() }
        session.continuation.yield(.textDelta("copy me"))
        session.continuation.yield(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "d", model: "m")))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("copy me") == true })
        terminal.type("/copy")
        terminal.send(.key(.enter))
        #expect(await eventually { !terminal.controlWrites.isEmpty })
        #expect(terminal.controlWrites.first == "\u{1B}]52;c;\(Data("copy me".utf8).base64EncodedString())\u{07}")
        #expect(FileManager.default.contents(atPath: home + "/clipboard.txt") == Data("copy me".utf8))
        terminal.send(.terminate(signal: 1))
        _ = await run.value
        try? FileManager.default.removeItem(atPath: home)
    }
}

@MainActor
@Suite struct IdleRedrawTests {
    /// Idle CPU ~0: the once-a-second clock redraws only when something on screen depends on it.
    @Test func clockTicksRedrawOnlyWhenTheScreenShowsTime() {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(session: FakeSession(), models: [], theme: nil, terminal: terminal, environment: [:])
        app.renderNow()
        #expect(terminal.frames.count == 1)
        app.dispatch(.tick(Date()))
        app.dispatch(.profiles([]))
        app.requestFrame(urgent: true)
        #expect(terminal.frames.count == 1)
        app.dispatch(.engine(.requestStarted(provider: .openaiCodex, model: "gpt-5", profileId: nil, step: 1)))
        app.requestFrame(urgent: true)
        #expect(terminal.frames.count == 2)
        app.dispatch(.tick(Date().addingTimeInterval(1)))
        app.requestFrame(urgent: true)
        #expect(terminal.frames.count == 3)
    }

    @Test func noColorAndUnknownThemeAreReported() {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let plain = TUIApp(session: FakeSession(), models: [], theme: "tokyonight", terminal: terminal, environment: ["NO_COLOR": "1"])
        #expect(plain.theme == .monochrome())
        let missing = TUIApp(session: FakeSession(), models: [], theme: "nope", terminal: terminal, environment: [:])
        #expect(missing.startupWarnings == ["theme 'nope' not found; using the built-in theme"])
    }
}

@MainActor
@Suite struct TUIAppSessionTests {
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }

    final class Requests: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [SessionRequest] = []
        func append(_ r: SessionRequest) { lock.withLock { list.append(r) } }
        var all: [SessionRequest] { lock.withLock { list } }
    }

    @Test func newAndResumeReplaceTheSessionAndReplayHistory() async {
        let first = FakeSession()
        let fresh = FakeSession()
        let resumed = FakeSession(history: SessionSwitchTests.history)
        let requests = Requests()
        let terminal = MemoryTerminal(width: 100, height: 30)
        let saved = [SavedSession(id: "older-1", modified: Date(), firstPrompt: "what is in the folder?", model: "codex/gpt-5", messages: 4)]
        let app = TUIApp(session: first, models: ["gpt-5"], theme: nil,
                         newSession: { request in
                             requests.append(request)
                             return request.resumeId == nil ? fresh : resumed
                         },
                         savedSessions: { saved }, terminal: terminal, environment: ["SX_HOME": "/nonexistent-sx-home"])
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        first.continuation.yield(.textDelta("first answer\n"))
        first.continuation.yield(.turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("first answer") == true })

        terminal.type("/new")
        terminal.send(.key(.enter))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("new session s1") == true })
        #expect(terminal.lastFrame?.textDump().contains("first answer") == false)
        // The old session is closed; the end of its stream does not end the app.
        #expect(await eventually { first.closed })
        #expect(requests.all.first?.resumeId == nil)
        #expect(requests.all.first?.model == "gpt-5")
        fresh.continuation.yield(.textDelta("from the fresh one\n"))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("from the fresh one") == true })

        terminal.type("/resume")
        terminal.send(.key(.enter))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("resume · type to filter") == true })
        terminal.send(.key(.enter))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("A README and a Sources folder.") == true })
        let screen = terminal.lastFrame?.textDump() ?? ""
        #expect(screen.contains("what is in the folder?"))
        #expect(screen.contains("list_dir"))
        #expect(screen.contains("resumed s1"))
        #expect(!screen.contains("from the fresh one"))
        #expect(requests.all.last?.resumeId == "older-1")
        #expect(await eventually { fresh.closed })

        terminal.type("and now?")
        terminal.send(.key(.enter))
        #expect(await eventually { resumed.sent == ["and now?"] })
        terminal.send(.key(.ctrl("c")))
        terminal.send(.key(.ctrl("c")))
        #expect(await run.value == 0)
    }

    @Test func withoutAFactoryNewSaysItIsUnavailable() async {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(session: FakeSession(), models: [], theme: nil, terminal: terminal, environment: [:])
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        terminal.type("/new")
        terminal.send(.key(.enter))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("not available") == true })
        terminal.send(.terminate(signal: 15))
        #expect(await run.value == 143)
    }
}
