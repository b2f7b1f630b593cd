import Foundation
import SXCore
import SXProtocol
import Testing
@testable import SXTUI

@Suite struct UsagePaneTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    func state(_ profiles: [ProfileStatus], width: Int = 120) -> AppState {
        var s = AppState(width: width, height: 40)
        s.chrome.now = Self.now
        s.engine.session = SessionStatus(
            sessionId: "s", provider: .openaiCodex, model: "gpt-5.5", profileId: "openai-codex:a")
        s.engine.profiles = profiles
        return s
    }

    func text(_ s: AppState) -> [String] { StatusPane.content(s, width: 40).map(\.plainText) }

    func usage(_ p: Double, _ w: Double) -> RateLimitSnapshot {
        RateLimitSnapshot(
            primary: RateLimitWindow(usedPercent: p, windowMinutes: 300, resetsAt: Self.now.addingTimeInterval(3600)),
            secondary: RateLimitWindow(
                usedPercent: w, windowMinutes: 10080, resetsAt: Self.now.addingTimeInterval(3 * 86_400)))
    }

    @Test func codexProfilesShowTheirOwnBarsOrUsageUnknown() {
        let s = state([
            ProfileStatus(
                id: "openai-codex:a", provider: "openai-codex", state: .ok, usage: usage(42, 12), usageAt: Self.now - 30
            ),
            ProfileStatus(
                id: "openai-codex:b", provider: "openai-codex", state: .ok, usageAt: Self.now - 5, usageUnknown: true),
            ProfileStatus(id: "openai-codex:c", provider: "openai-codex", state: .ok),
            ProfileStatus(id: "anthropic:k", provider: "anthropic", state: .ok, usage: usage(99, 99), usageAt: Self.now)
        ])
        let lines = text(s)
        let a = lines.firstIndex { $0.contains("openai-codex:a ok") }!
        #expect(lines[a + 1].hasPrefix("  5h ") && lines[a + 1].contains(" 42%") && lines[a + 1].hasSuffix("1h00m"))
        #expect(lines[a + 2].hasPrefix("  week ") && lines[a + 2].contains(" 12%") && lines[a + 2].hasSuffix("3d0h"))
        let b = lines.firstIndex { $0.contains("openai-codex:b") }!
        #expect(lines[b + 1] == "    usage unknown")
        #expect(!lines.contains { $0.contains("100%") || $0.lowercased().contains("exhausted") })
        // c was never read: no bar at all (no guess); anthropic profiles get none either.
        let c = lines.firstIndex { $0.contains("openai-codex:c") }!
        #expect(lines[c + 1].contains("anthropic:k"))
        #expect(!lines.contains { $0.contains("99%") })
        // The active profile's bars are under its line, not repeated in the session's usage block.
        #expect(!lines.contains("usage"))
    }

    @Test func theActiveProfilesHeadersWinWhenFresher() {
        var s = state([
            ProfileStatus(
                id: "openai-codex:a", provider: "openai-codex", state: .ok, usage: usage(42, 12), usageAt: Self.now - 30
            )
        ])
        _ = Reducer.reduce(&s, .tick(Self.now))
        _ = Reducer.reduce(&s, .engine(.rateLimits(profileId: "openai-codex:a", usage(77, 13))))
        #expect(text(s).contains { $0.hasPrefix("  5h ") && $0.contains(" 77%") })
        // A newer stored/polled reading (e.g. the usage endpoint a minute later) wins over older headers.
        s.engine.profiles[0].usageAt = Self.now + 60
        #expect(text(s).contains { $0.hasPrefix("  5h ") && $0.contains(" 42%") })
        // Fresher headers also replace "unknown".
        s.engine.profiles[0] = ProfileStatus(
            id: "openai-codex:a", provider: "openai-codex", state: .ok, usageAt: Self.now - 1, usageUnknown: true)
        #expect(text(s).contains { $0.contains(" 77%") } && !text(s).contains("    usage unknown"))
    }

    @Test func statusPaneVisibility() {
        var s = state([], width: 120)
        #expect(s.statusPaneVisible)
        _ = Reducer.reduce(&s, .key(.f(4)))
        #expect(!s.chrome.showStatus && !s.statusPaneVisible)
        _ = Reducer.reduce(&s, .key(.f(4)))
        #expect(s.statusPaneVisible)
        // Narrow: the side panes fold away; the status popup (F4 there) is visible while open.
        s.chrome.width = 80
        #expect(!s.statusPaneVisible)
        _ = Reducer.reduce(&s, .key(.f(4)))
        #expect(s.topPopup?.kind == .status && s.statusPaneVisible)
    }
}

/// The background work through the app: what the status pane visibility tells the poller, and the watcher's
/// switches announced in the status pane and once in the conversation (a real `ModelWatchSchedule`, a real store
/// and a clock moved by hand).
@MainActor
@Suite struct TUIBackgroundTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var _flags: [Bool] = []
        var flags: [Bool] { lock.withLock { _flags } }
        func add(_ b: Bool) { lock.withLock { _flags.append(b) } }
    }

    /// The reports a host's watcher gives, one per round (nil: no check was due).
    final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var left: [ModelWatchReport?]
        init(_ reports: [ModelWatchReport?]) { left = reports }
        func next() -> ModelWatchReport? { lock.withLock { left.isEmpty ? nil : left.removeFirst() } }
    }

    @Test func visibilityIsPassedOnEveryRound() async {
        let seen = Recorder()
        let terminal = MemoryTerminal(width: 120, height: 40)
        let app = TUIApp(
            host: FakeHost(
                FakeSession(),
                background: {
                    seen.add($0); return nil
                }), terminal: terminal)
        app.dispatch(.resize(width: 120, height: 40))
        await app.runBackgroundOnce()
        app.dispatch(.key(.f(4)))
        await app.runBackgroundOnce()
        app.dispatch(.resize(width: 80, height: 24))
        app.dispatch(.key(.f(4)))
        await app.runBackgroundOnce()
        app.dispatch(.key(.escape))
        await app.runBackgroundOnce()
        #expect(seen.flags == [true, false, true, false])
    }

    /// A host without background work is never asked (the executable's host always has it; a test's may not).
    @Test func aHostWithoutBackgroundWorkIsNotAsked() async {
        let app = TUIApp(host: FakeHost(FakeSession()), terminal: MemoryTerminal(width: 80, height: 24))
        await app.runBackgroundOnce()
        #expect(app.state.engine.watch == nil)
    }

    @Test func watcherSwitchesAreAnnouncedOnceInThePaneAndTheConversation() async throws {
        let at = Date(timeIntervalSince1970: 1_893_000_000)
        let away = ModelWatchReport(
            effective: "anthropic/claude-sonnet-4-5", usable: true,
            changed: "model: codex/gpt-5.5 → anthropic/claude-sonnet-4-5", checkedAt: at)
        let same = ModelWatchReport(
            effective: "anthropic/claude-sonnet-4-5", usable: true, checkedAt: at.addingTimeInterval(150))
        let back = ModelWatchReport(
            effective: "codex/gpt-5.5", usable: true, changed: "model: anthropic/claude-sonnet-4-5 → codex/gpt-5.5",
            checkedAt: at.addingTimeInterval(300))
        let script = Script(
            [away] + Array(repeating: nil, count: 149) + [same] + Array(repeating: nil, count: 149) + [back])
        let terminal = MemoryTerminal(width: 200, height: 50)
        let app = TUIApp(host: FakeHost(FakeSession(), background: { _ in script.next() }), terminal: terminal)
        app.dispatch(.resize(width: 200, height: 50))
        func notices() -> [String] {
            app.state.conversation.items.compactMap {
                if case .notice(let t, _) = $0.kind, t.hasPrefix("auto-switch") { t } else { nil }
            }
        }

        await app.runBackgroundOnce()
        #expect(notices() == ["auto-switch: model: codex/gpt-5.5 → anthropic/claude-sonnet-4-5"])
        app.renderNow()
        #expect(terminal.lastFrame?.textDump().contains("auto     anthropic/claude-sonnet-4-5") == true)

        // Rounds without a check and a check without a change: no new notice.
        for _ in 0..<299 { await app.runBackgroundOnce() }
        #expect(notices().count == 1)
        await app.runBackgroundOnce()
        #expect(notices().last == "auto-switch: model: anthropic/claude-sonnet-4-5 → codex/gpt-5.5")
        #expect(notices().count == 2)
        app.renderNow()
        #expect(terminal.lastFrame?.textDump().contains("auto     codex/gpt-5.5") == true)
    }
}
