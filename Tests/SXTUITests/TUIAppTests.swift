import Foundation
import SXCore
import SXProtocol
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
        let app = TUIApp(
            host: FakeHost(session), menu: ModelMenu(models: ["gpt-5", "claude-sonnet-4"]),
            settings: FrontEndSettings(home: URL(fileURLWithPath: "/nonexistent-sx-home")), terminal: terminal)
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        terminal.type("hello")
        terminal.send(.key(.enter))
        #expect(await eventually { session.sent == ["hello"] })

        session.continuation.yield(.requestStarted(provider: .openaiCodex, model: "gpt-5", profileId: "work", step: 1))
        session.continuation.yield(.thinkingDelta("pondering\n"))
        session.continuation.yield(.textDelta("Hi **there**\n"))
        session.continuation.yield(
            .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
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
        let app = TUIApp(host: FakeHost(session), terminal: terminal)
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
        let app = TUIApp(
            host: FakeHost(session), settings: FrontEndSettings(home: URL(fileURLWithPath: home)), terminal: terminal)
        let run = Task { await app.run() }
        session.continuation.yield(.textDelta("copy me"))
        session.continuation.yield(
            .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "d", model: "m")))
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
        let app = TUIApp(host: FakeHost(FakeSession()), terminal: terminal)
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
        let plain = TUIApp(
            host: FakeHost(FakeSession()), settings: FrontEndSettings(theme: "tokyonight", noColor: true),
            terminal: terminal)
        #expect(plain.theme == .monochrome())
        let missing = TUIApp(
            host: FakeHost(FakeSession()), settings: FrontEndSettings(theme: "nope"), terminal: terminal)
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
        let saved = [
            SavedSession(
                id: "older-1", modified: Date(), firstPrompt: "what is in the folder?", model: "codex/gpt-5",
                messages: 4)
        ]
        let host = FakeHost(
            first,
            newSession: { request in
                requests.append(request)
                return request.resumeId == nil ? fresh : resumed
            }, savedSessions: saved)
        let app = TUIApp(
            host: host, menu: ModelMenu(models: ["gpt-5"]),
            settings: FrontEndSettings(home: URL(fileURLWithPath: "/nonexistent-sx-home")), terminal: terminal)
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        first.continuation.yield(.textDelta("first answer\n"))
        first.continuation.yield(
            .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
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
        // The screen counts the turn as running from the send; it ends before quitting.
        resumed.continuation.yield(
            .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "gpt-5")))
        terminal.send(.key(.ctrl("c")))
        terminal.send(.key(.ctrl("c")))
        #expect(await run.value == 0)
    }

    @Test func withoutAFactoryNewSaysItIsUnavailable() async {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(host: FakeHost(FakeSession()), terminal: terminal)
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        terminal.type("/new")
        terminal.send(.key(.enter))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("not available") == true })
        terminal.send(.terminate(signal: 15))
        #expect(await run.value == 143)
    }
}

@MainActor
@Suite struct TUIAppHostTests {
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }

    /// A tool's request reaches the modal through the host, and the key goes back to the host under its id.
    @Test func approvalsComeFromTheHostAndGoBackToIt() async {
        let host = FakeHost(FakeSession(), approvals: true)
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = TUIApp(host: host, terminal: terminal)
        let run = Task { await app.run() }
        #expect(await eventually { host.connected })
        let call = ToolCall(id: "c1", name: "shell", arguments: #"{"command":"rm -rf build"}"#)
        host.ask(PendingApproval(id: 4, request: ApprovalRequest(call: call, summary: "rm -rf build")))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("approve shell?") == true })
        terminal.type("a")
        #expect(await eventually { host.answers[4] == .approveForSession })
        host.ask(PendingApproval(id: 5, request: ApprovalRequest(call: call, summary: "rm -rf build")))
        #expect(await eventually { terminal.lastFrame?.textDump().contains("approve shell?") == true })
        terminal.type("n")
        #expect(await eventually { host.answers[5] == .deny(reason: "the user said no") })
        terminal.send(.terminate(signal: 15))
        #expect(await run.value == 143)
        #expect(!host.connected)
    }

    /// Pinning and effort go to the host's current session, also after `/new` replaced it.
    @Test func pinAndEffortFollowTheCurrentSession() async {
        let first = FakeSession(), second = FakeSession()
        let host = FakeHost(first, newSession: { _ in second })
        let terminal = MemoryTerminal(width: 100, height: 30)
        let app = TUIApp(host: host, terminal: terminal)
        let run = Task { await app.run() }
        #expect(await eventually { terminal.lastFrame != nil })
        app.perform(.pinProfile("openai-codex:work"))
        #expect(await eventually { first.pinned == ["openai-codex:work"] })
        terminal.type("/new")
        terminal.send(.key(.enter))
        #expect(await eventually { first.closed })
        #expect(await eventually { terminal.lastFrame?.textDump().contains("new session s1") == true })
        app.perform(.setEffort("high"))
        app.perform(.pinProfile(nil))
        #expect(await eventually { second.effort == "high" && second.pinned == [nil] })
        #expect(first.effort == nil)
        #expect(await eventually { terminal.lastFrame?.textDump().contains("reasoning effort: high") == true })
        terminal.send(.terminate(signal: 15))
        #expect(await run.value == 143)
    }
}
