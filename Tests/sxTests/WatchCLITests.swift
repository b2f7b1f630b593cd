import Foundation
import Testing

@Suite struct WatchCLITests {
    func store(_ cli: CLI, cooldownUntilMs: Int64) throws {
        let exp = (Int64(Date().timeIntervalSince1970) + 86400) * 1000
        let json =
            #"{"version":1,"profiles":{"openai-codex:a":{"type":"oauth","provider":"openai-codex","access":"eyJhbGciOiJub25lIn0.e30.c2ln","refresh":"rt-a-000000000001","expires":\#(exp)},"anthropic:k":{"type":"api_key","provider":"anthropic","key":"sk-ant-watch-000000000001"}},"usageStats":{"openai-codex:a":{"cooldownUntil":\#(cooldownUntilMs),"cooldownReason":"rate_limit","errorCount":1}}}"#
        try json.write(to: cli.home.appendingPathComponent("auth-profiles.json"), atomically: true, encoding: .utf8)
    }

    @Test func switchesBackWhenTheCooldownEndedAndIsQuietOtherwise() async throws {
        let cli = CLI()
        let env = ["PROVIDER": "codex", "FALLBACK_MODELS": "anthropic/claude-sonnet-4-5"]
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try store(cli, cooldownUntilMs: now + 3_600_000)
        let first = try await cli.runAsync(["models", "watch", "--once"], extraEnv: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "model: (none) → anthropic/claude-sonnet-4-5\n")
        let same = try await cli.runAsync(["models", "watch", "--once"], extraEnv: env)
        #expect(same.stdout == "model: anthropic/claude-sonnet-4-5 (unchanged)\n")
        // The cooldown is over: back to the preferred model, announced once.
        try store(cli, cooldownUntilMs: now - 1000)
        let back = try await cli.runAsync(["models", "watch", "--once"], extraEnv: env)
        #expect(back.stdout == "model: anthropic/claude-sonnet-4-5 → codex/gpt-5.5\n")
        let state = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: cli.home.appendingPathComponent("model-switch.json"))) as? [String: Any])
        #expect(state["lastEffectiveModel"] as? String == "codex/gpt-5.5")
        #expect(state["lastCheckedAt"] != nil)
        #expect((state["profileStatuses"] as? [String: String])?["openai-codex:a"] == "ok")
        let quiet = try await cli.runAsync(["models", "watch", "--once"], extraEnv: env)
        #expect(quiet.stdout.hasSuffix("(unchanged)\n"))
        #expect(!quiet.stdout.contains("→"))
    }

    @Test func statusCheckExitCodes() async throws {
        let cli = CLI()
        let none = try await cli.runAsync(["models", "status", "--check", "--provider", "codex"])
        #expect(none.status == 1)
        try store(cli, cooldownUntilMs: 0)
        let ok = try await cli.runAsync(["models", "status", "--check", "--provider", "codex"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("openai-codex:a"))
        #expect(!ok.stdout.contains("sk-ant-watch-000000000001"))
    }
}
