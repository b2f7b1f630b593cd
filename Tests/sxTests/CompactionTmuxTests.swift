import Foundation
import Testing
import SXTestSupport

/// The context meter and auto-compaction in the real `sx` in tmux, against a Codex backend with a 10k window.
@Suite(.serialized) struct CompactionTmuxTests {
    static func percentLeft(_ screen: String) -> Int? {
        guard let r = screen.range(of: #"(\d+)% context left"#, options: .regularExpression) else { return nil }
        return Int(screen[r].prefix { $0.isNumber })
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func theMeterFallsThenACompactionLineAndItRises() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setCatalog(.models([CodexMockModel("gpt-5.5", priority: 1, contextWindow: 10_000)]))
        mock.enforceContextWindow(10_000)
        mock.setResponder { req in
            let body = String(decoding: req.body, as: UTF8.self)
            return .sse(CodexSSE.reply(body.contains("write a handoff note") ? "Goal: fill the window." : "noted"))
        }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let env = ["CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex", "MODEL": "gpt-5.5"]
        // The model list (with its 10k window) is read and cached by a first run.
        #expect(try await cli.runAsync(["exec", "hi"], extraEnv: env).status == 0)

        let t = try TUITmuxTests.Tmux(cli: cli, env: env)
        defer { t.kill() }
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        let filler = String(repeating: "the window fills up ", count: 200)  // ~1,000 tokens
        var meter: [Int] = []
        var compacted = false
        for i in 1...8 where !compacted {
            t.type("turn \(i) \(filler)")
            t.keys("Enter")
            // Answered: the backend saw the turn, the bar no longer says "working", and the meter moved.
            let s = await t.waitAsync("turn \(i) answered", timeout: 60) { screen in
                let turns = mock.requests.filter {
                    !String(decoding: $0.body, as: UTF8.self).contains("write a handoff")
                }
                guard turns.count >= i + 1, !screen.contains("working"), let p = Self.percentLeft(screen) else {
                    return false
                }
                return p != meter.last
            }
            if let p = Self.percentLeft(s) { meter.append(p) }
            compacted = s.contains("context compacted:")
        }
        #expect(meter.count >= 3)
        #expect(meter.dropLast().enumerated().allSatisfy { i, p in i == 0 || p < meter[i - 1] }, "falling: \(meter)")
        #expect(compacted, "meter: \(meter)")
        #expect(meter.last! > meter[meter.count - 2], "risen after compacting: \(meter)")
        #expect(mock.requests.allSatisfy { CodexMock.inputTokens($0) <= 10_000 })
        t.keys("C-c")
        t.keys("C-c")
        await t.waitAsync("exit") { $0.contains("SX-EXIT-0") }
    }
}
