import Foundation
import Testing
import SXTestSupport

/// Rotation, cooldown bookkeeping and model fallback through the real binary and a real store.
@Suite struct FailoverCLITests {
    func jwt(_ account: String) -> String {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(
                of: "+", with: "-"
            )
            .replacingOccurrences(of: "/", with: "_")
        }
        let exp = Int(Date().timeIntervalSince1970) + 86400
        return b64(#"{"alg":"none"}"#) + "."
            + b64(#"{"exp":\#(exp),"https://api.openai.com/auth":{"chatgpt_account_id":"\#(account)"}}"#) + ".c2ln"
    }

    /// Three Codex logins (a, b, c) in an explicit order, with optional usage stats.
    func store(_ cli: CLI, usage: String = "{}") throws -> [String: String] {
        let exp = (Int(Date().timeIntervalSince1970) + 86400) * 1000
        var tokens: [String: String] = [:]
        var profiles: [String] = []
        for n in ["a", "b", "c"] {
            let t = jwt("acct-\(n)")
            tokens[n] = t
            profiles.append(
                #""openai-codex:\#(n)":{"type":"oauth","provider":"openai-codex","access":"\#(t)","refresh":"rt-\#(n)-0000000001","expires":\#(exp),"accountId":"acct-\#(n)","email":"\#(n)@example.com","keepMe":{"x":1}}"#
            )
        }
        let json =
            #"{"version":1,"profiles":{\#(profiles.joined(separator: ","))},"order":{"openai-codex":["openai-codex:a","openai-codex:b","openai-codex:c"]},"usageStats":\#(usage),"extraTopLevel":"kept"}"#
        try json.write(to: cli.home.appendingPathComponent("auth-profiles.json"), atomically: true, encoding: .utf8)
        chmod(cli.home.appendingPathComponent("auth-profiles.json").path, 0o600)
        return tokens
    }

    func readStore(_ cli: CLI) throws -> [String: Any] {
        let data = try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func twoUsageLimitsThenSuccessOnTheThirdProfile() async throws {
        let cli = CLI()
        let tokens = try store(cli)
        let resetA = 1_900_000_000, resetB = 1_900_003_600
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let server = try MockHTTPServer { req in
            switch req.header("authorization") {
            case "Bearer \(tokens["a"]!)": CodexSSE.usageLimitReply(resetsAt: resetA)
            case "Bearer \(tokens["b"]!)": CodexSSE.usageLimitReply(resetsAt: resetB)
            default: .sse(CodexSSE.reply("answered by c"))
            }
        }
        defer { server.stop() }
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"], extraEnv: ["CODEX_BASE_URL": server.baseURL + "/backend-api/codex"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "answered by c\n")
        #expect(r.stderr.contains("switched profile openai-codex:a → openai-codex:b"))
        #expect(r.stderr.contains("switched profile openai-codex:b → openai-codex:c"))
        let doc = try readStore(cli)
        let usage = try #require(doc["usageStats"] as? [String: [String: Any]])
        #expect((usage["openai-codex:a"]?["cooldownUntil"] as? Int64) == Int64(resetA) * 1000)
        #expect((usage["openai-codex:b"]?["cooldownUntil"] as? Int64) == Int64(resetB) * 1000)
        #expect(usage["openai-codex:a"]?["cooldownReason"] as? String == "rate_limit")
        #expect((doc["lastGood"] as? [String: String])?["openai-codex"] == "openai-codex:c")
        #expect(doc["extraTopLevel"] as? String == "kept")
        #expect(
            ((doc["profiles"] as? [String: [String: Any]])?["openai-codex:a"]?["keepMe"] as? [String: Int])?["x"] == 1)

        let status = try await cli.runAsync(["models", "status", "--json", "--provider", "codex"])
        #expect(status.status == 0, "\(status.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let unusable = try #require(report["unusableProfiles"] as? [[String: Any]])
        #expect(unusable.map { $0["profileId"] as? String } == ["openai-codex:a", "openai-codex:b"])
        #expect(unusable.first?["untilMs"] as? Int64 == Int64(resetA) * 1000)
        #expect(unusable.allSatisfy { $0["kind"] as? String == "cooldown" && $0["reason"] as? String == "rate_limit" })
        for t in tokens.values { #expect(!status.stdout.contains(t) && !r.stderr.contains(t)) }

        // A second run skips the cooling profiles without a request.
        let before = server.requests.count
        let again = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"], extraEnv: ["CODEX_BASE_URL": server.baseURL + "/backend-api/codex"])
        #expect(again.status == 0)
        #expect(server.requests.count == before + 1)
        #expect(server.requests.last?.header("authorization") == "Bearer \(tokens["c"]!)")
    }

    @Test func allCodexCoolingDownFallsBackToAnthropicWithoutACodexRequest() async throws {
        let cli = CLI()
        let until = (Int(Date().timeIntervalSince1970) + 3600) * 1000
        let cooling = #"{"cooldownUntil":\#(until),"cooldownReason":"rate_limit","errorCount":1}"#
        _ = try store(
            cli, usage: #"{"openai-codex:a":\#(cooling),"openai-codex:b":\#(cooling),"openai-codex:c":\#(cooling)}"#)
        let codex = try CodexMock(replies: [.sse(CodexSSE.reply("codex must not answer"))])
        defer { codex.stop() }
        let anthropic = try ProviderMock(replies: [.sse(AnthropicSSE.reply("answered by claude"))])
        defer { anthropic.stop() }
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"],
            extraEnv: [
                "CODEX_BASE_URL": codex.baseURL, "ANTHROPIC_BASE_URL": anthropic.baseURL,
                "ANTHROPIC_API_KEY": "sk-ant-test-fallback-0000000001", "FALLBACK_MODELS": "anthropic/claude-sonnet-4-5"
            ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "answered by claude\n")
        #expect(codex.requests.isEmpty)
        #expect(anthropic.requests.count == 1)
        let notices = r.stderr.split(separator: "\n").filter { $0.contains("switched model") }
        #expect(notices.count == 1)
        #expect(notices.first?.contains("codex/gpt-5.5 → anthropic/claude-sonnet-4-5") == true)
        #expect(notices.first?.contains("cooling down") == true)
        #expect(!r.stderr.contains("sk-ant-test-fallback"))
    }

    @Test func everythingBlockedListsEachAttemptAndTheSoonestTime() async throws {
        let cli = CLI()
        let now = Int(Date().timeIntervalSince1970)
        let a = #"{"cooldownUntil":\#((now + 7200) * 1000),"cooldownReason":"rate_limit"}"#
        let b = #"{"disabledUntil":\#((now + 600) * 1000),"disabledReason":"billing"}"#
        _ = try store(cli, usage: #"{"openai-codex:a":\#(a),"openai-codex:b":\#(b),"openai-codex:c":\#(a)}"#)
        let codex = try CodexMock(replies: [.sse(CodexSSE.reply("no"))])
        defer { codex.stop() }
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"], extraEnv: ["CODEX_BASE_URL": codex.baseURL])
        #expect(r.status == 1)
        #expect(codex.requests.isEmpty)
        for id in ["openai-codex:a", "openai-codex:b", "openai-codex:c"] {
            #expect(r.stderr.contains("- \(id): cooling down until"))
        }
        #expect(r.stderr.contains("soonest available:"))
        #expect(r.stderr.contains("(in 9m") || r.stderr.contains("(in 10m"))
    }
}
