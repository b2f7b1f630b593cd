import Foundation
import Testing
import SXTestSupport

/// The real `sx` in tmux: live usage of every Codex profile in the status pane (read with each profile's own
/// bearer; a failing read says "usage unknown"), and the background watcher announcing the fallback.
@Suite(.serialized) struct UsageTmuxTests {
    @Test(.enabled(if: TUITmuxTests.hasTmux)) func statusPaneShowsLiveUsageAndTheWatcherSwitch() async throws {
        let cli = CLI()
        let until = (Int(Date().timeIntervalSince1970) + 3600) * 1000
        let cooling = #"{"cooldownUntil":\#(until),"cooldownReason":"rate_limit"}"#
        let key = #","anthropic:k":{"type":"api_key","provider":"anthropic","key":"sk-ant-tmux-usage-000000000001"}"#
        let tokens = try UsageCLITests.store(cli, ["a", "b"], usage: ["a": cooling, "b": cooling], extraProfiles: key)
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("codex must not answer"))])
        defer { mock.stop() }
        mock.setUsageReply { req in
            req.header("authorization") == "Bearer \(tokens["a"]!)"
                ? CodexMock.usageReply(primaryUsed: 42, secondaryUsed: 12)
                : .json(401, ["error": ["message": "expired"]])
        }
        let t = try TUITmuxTests.Tmux(
            cli: cli,
            env: [
                "CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex",
                "FALLBACK_MODELS": "anthropic/claude-sonnet-4-5"
            ], width: 140, height: 45)
        defer { t.kill() }
        let screen = await t.waitAsync("usage bars, usage unknown and the watcher's notice") {
            $0.contains(" 42%") && $0.contains("usage unknown") && $0.contains("auto-switch")
        }
        let lines = screen.split(separator: "\n").map(String.init)
        let a = try #require(lines.firstIndex { $0.contains("openai-codex:a") && $0.contains("cooling") })
        #expect(lines[a + 1].contains("5h") && lines[a + 1].contains(" 42%"))
        #expect(lines[a + 2].contains("week") && lines[a + 2].contains(" 12%"))
        let b = try #require(lines.firstIndex { $0.contains("openai-codex:b") && $0.contains("cooling") })
        #expect(lines[b + 1].contains("usage unknown"))
        #expect(!screen.contains("100%"))
        #expect(screen.contains("model: codex/gpt-5.5 → anthropic/claude-sonnet-4-5"))
        #expect(screen.contains("anthropic/claude-sonnet-4-5"))
        // Each profile was read with its own bearer and account; nothing was sent to the model endpoint.
        let seen = Set(
            mock.usageRequests.map { "\($0.header("authorization") ?? "")|\($0.header("chatgpt-account-id") ?? "")" })
        #expect(seen == ["Bearer \(tokens["a"]!)|acct-a", "Bearer \(tokens["b"]!)|acct-b"])
        #expect(mock.requests.isEmpty)
        // Read-only: the failed read marked nothing.
        let b2 = UsageCLITests.stats(try UsageCLITests.readStore(cli), "b")
        #expect(b2["errorCount"] == nil && b2["disabledUntil"] == nil)
        t.keys("C-c")
        t.keys("C-c")
        await t.waitAsync("exit") { $0.contains("SX-EXIT-0") }
    }
}
