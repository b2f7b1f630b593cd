import Foundation
import SXCore
import SXAuth
import SXEngine
import Testing
@testable import SXTUI

@Suite struct UsagePaneTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    func state(_ profiles: [ProfileStatus], width: Int = 120) -> AppState {
        var s = AppState(width: width, height: 40)
        s.now = Self.now
        s.session = SessionStatus(sessionId: "s", provider: .openaiCodex, model: "gpt-5.5", profileId: "openai-codex:a")
        s.profiles = profiles
        return s
    }

    func text(_ s: AppState) -> [String] { StatusPane.content(s, width: 40).map(\.plainText) }

    func usage(_ p: Double, _ w: Double) -> RateLimitSnapshot {
        RateLimitSnapshot(primary: RateLimitWindow(usedPercent: p, windowMinutes: 300, resetsAt: Self.now.addingTimeInterval(3600)),
                          secondary: RateLimitWindow(usedPercent: w, windowMinutes: 10080, resetsAt: Self.now.addingTimeInterval(3 * 86_400)))
    }

    @Test func codexProfilesShowTheirOwnBarsOrUsageUnknown() {
        let s = state([
            ProfileStatus(id: "openai-codex:a", provider: "openai-codex", state: .ok, usage: usage(42, 12), usageAt: Self.now - 30),
            ProfileStatus(id: "openai-codex:b", provider: "openai-codex", state: .ok, usageAt: Self.now - 5, usageUnknown: true),
            ProfileStatus(id: "openai-codex:c", provider: "openai-codex", state: .ok),
            ProfileStatus(id: "anthropic:k", provider: "anthropic", state: .ok, usage: usage(99, 99), usageAt: Self.now),
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
        var s = state([ProfileStatus(id: "openai-codex:a", provider: "openai-codex", state: .ok, usage: usage(42, 12), usageAt: Self.now - 30)])
        _ = Reducer.reduce(&s, .tick(Self.now))
        _ = Reducer.reduce(&s, .engine(.rateLimits(profileId: "openai-codex:a", usage(77, 13))))
        #expect(text(s).contains { $0.hasPrefix("  5h ") && $0.contains(" 77%") })
        // A newer stored/polled reading (e.g. the usage endpoint a minute later) wins over older headers.
        s.profiles[0].usageAt = Self.now + 60
        #expect(text(s).contains { $0.hasPrefix("  5h ") && $0.contains(" 42%") })
        // Fresher headers also replace "unknown".
        s.profiles[0] = ProfileStatus(id: "openai-codex:a", provider: "openai-codex", state: .ok, usageAt: Self.now - 1, usageUnknown: true)
        #expect(text(s).contains { $0.contains(" 77%") } && !text(s).contains("    usage unknown"))
    }

    @Test func statusPaneVisibility() {
        var s = state([], width: 120)
        #expect(s.statusPaneVisible)
        _ = Reducer.reduce(&s, .key(.f(4)))
        #expect(!s.showStatus && !s.statusPaneVisible)
        _ = Reducer.reduce(&s, .key(.f(4)))
        #expect(s.statusPaneVisible)
        // Narrow: the side panes fold away; the status overlay (F4 there) is visible while open.
        s.width = 80
        #expect(!s.statusPaneVisible)
        _ = Reducer.reduce(&s, .key(.f(4)))
        #expect(s.overlay == .status && s.statusPaneVisible)
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

    func tempStore(_ clock: ManualClock, coolingFor seconds: TimeInterval) throws -> (ProfileStore, SXPaths, URL) {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sx-tui-watch-\(UUID().uuidString)")
        let paths = SXPaths(home: root)
        try paths.ensureHome()
        let until = clock.now().addingTimeInterval(seconds).epochMillis
        let json = #"{"version":1,"profiles":{"openai-codex:a":{"type":"oauth","provider":"openai-codex","access":"tok-a","refresh":"rt-a","expires":\#(clock.now().addingTimeInterval(86_400).epochMillis)},"anthropic:k":{"type":"api_key","provider":"anthropic","key":"sk-ant-tui-0000000001"}},"usageStats":{"openai-codex:a":{"cooldownUntil":\#(until),"cooldownReason":"rate_limit"}}}"#
        try Data(json.utf8).write(to: paths.authProfiles)
        return (ProfileStore(paths: paths, clock: clock), paths, root)
    }

    @Test func visibilityIsPassedOnEveryRound() async {
        let seen = Recorder()
        let terminal = MemoryTerminal(width: 120, height: 40)
        let app = TUIApp(session: FakeSession(), models: [], theme: nil, terminal: terminal, environment: [:],
                         background: TUIBackground(statusPaneVisible: { seen.add($0) }))
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

    @Test func watcherSwitchesAreAnnouncedOnceInThePaneAndTheConversation() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_893_000_000))
        let (store, paths, root) = try tempStore(clock, coolingFor: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        let priority = [ModelTarget(provider: .openaiCodex, model: "gpt-5.5"), ModelTarget(provider: .anthropic, model: "claude-sonnet-4-5")]
        let schedule = ModelWatchSchedule(watcher: ModelWatcher(priority: priority, stateFile: paths.modelSwitch), store: store,
                                          interval: 600, clock: clock, startingFrom: "codex/gpt-5.5")
        let terminal = MemoryTerminal(width: 200, height: 50)
        let app = TUIApp(session: FakeSession(), models: [], theme: nil, terminal: terminal, environment: [:],
                         background: TUIBackground(watch: { await schedule.tick() }))
        app.dispatch(.resize(width: 200, height: 50))
        func notices() -> [String] {
            app.state.items.compactMap { if case .notice(let t, _) = $0.kind, t.hasPrefix("auto-switch") { t } else { nil } }
        }

        await app.runBackgroundOnce()
        #expect(notices() == ["auto-switch: model: codex/gpt-5.5 → anthropic/claude-sonnet-4-5"])
        app.renderNow()
        #expect(terminal.lastFrame?.textDump().contains("auto     anthropic/claude-sonnet-4-5") == true)

        // Every second for the rest of the cooldown: no new check, no new notice.
        for _ in 0..<299 {
            clock.advance(by: 1)
            await app.runBackgroundOnce()
        }
        #expect(notices().count == 1)
        clock.advance(by: 1)
        await app.runBackgroundOnce()
        #expect(notices().last == "auto-switch: model: anthropic/claude-sonnet-4-5 → codex/gpt-5.5")
        #expect(notices().count == 2)
        app.renderNow()
        #expect(terminal.lastFrame?.textDump().contains("auto     codex/gpt-5.5") == true)
    }
}
