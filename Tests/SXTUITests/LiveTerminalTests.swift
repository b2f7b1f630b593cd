import Foundation
import SXCore
import SXProtocol
import Testing
@testable import SXTUI

/// The real ncurses backend, driven by hand or by a tmux script: `SX_TUI_LIVE=1 swift test --filter liveNCurses`
/// inside a terminal. Skipped otherwise (it needs a tty).
@MainActor
@Suite struct LiveTerminalTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SX_TUI_LIVE"] == "1"))
    func liveNCurses() async {
        let session = ScriptedSession()
        let profiles = [
            ProfileStatus(id: "work", provider: "openai-codex", state: .ok, lastUsed: Date()),
            ProfileStatus(
                id: "personal", provider: "openai-codex", state: .coolingDown(until: Date().addingTimeInterval(90)))
        ]
        let app = TUIApp(
            host: FakeHost(session, profiles: profiles),
            menu: ModelMenu(
                models: ["gpt-5", "gpt-5-mini", "claude-sonnet-4", "gemini-2.5-pro"],
                providers: ["gpt-5": "openai-codex", "gpt-5-mini": "openai-codex"]),
            settings: FrontEndSettings(theme: ProcessInfo.processInfo.environment["THEME"]))
        let code = await app.run()
        #expect(code == 0)
    }
}

/// Answers every prompt with thinking, a tool call and a markdown reply, streamed in small deltas.
final class ScriptedSession: AgentSession, @unchecked Sendable {
    let events: AsyncStream<EngineEvent>
    let continuation: AsyncStream<EngineEvent>.Continuation
    private let lock = NSLock()
    private var model = "gpt-5"

    init() { (events, continuation) = AsyncStream.makeStream(of: EngineEvent.self) }

    func send(_ prompt: String, attachments: [ImageData]) async -> Bool {
        let c = continuation
        let model = lock.withLock { self.model }
        Task {
            c.yield(.requestStarted(provider: .openaiCodex, model: model, profileId: "work", step: 1))
            for word in "The user asked: \(prompt). I should look at the files first.\n".split(separator: " ") {
                c.yield(.thinkingDelta(word + " "))
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            c.yield(.toolCall(ToolCall(id: UUID().uuidString, name: "shell", arguments: #"{"command":"ls -la"}"#)))
            c.yield(
                .rateLimits(
                    profileId: "work",
                    RateLimitSnapshot(
                        primary: RateLimitWindow(usedPercent: 58, resetsAt: Date().addingTimeInterval(7000)),
                        secondary: RateLimitWindow(usedPercent: 21, resetsAt: Date().addingTimeInterval(300_000)))))
            let reply =
                "## Result\nHere is **what I found** in `README.md`:\n- 日本語 and emoji 😀 render in cells\n- lists wrap with a hanging indent when the line is long enough to need it\n\n```swift\nlet answer = 42 // the answer\n```\n| file | lines |\n|---|---|\n| README.md | 120 |\n\nDone.\n"
            var i = reply.startIndex
            while i < reply.endIndex {
                let j = reply.index(i, offsetBy: 3, limitedBy: reply.endIndex) ?? reply.endIndex
                c.yield(.textDelta(String(reply[i..<j])))
                i = j
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
            c.yield(
                .turnDone(
                    TurnSummary(
                        outcome: .completed, usage: Usage(inputTokens: 1200, outputTokens: 300), steps: 1,
                        provider: "openai-codex", model: model)))
        }
        return true
    }

    func interrupt() async {}
    func compact(focus: String?) async {}
    func contextBreakdown() async -> ContextBreakdown {
        ContextBreakdown(parts: [], usage: ContextUsage(tokens: 0, window: 1))
    }
    func switchModel(_ model: String) async throws { lock.withLock { self.model = model } }
    func pinProfile(_ id: String?) async throws {}
    func setReasoningEffort(_ effort: String?) async {}
    func status() async -> SessionStatus {
        SessionStatus(sessionId: "live", provider: .openaiCodex, model: lock.withLock { model }, profileId: "work")
    }
    func close() async { continuation.finish() }
}
