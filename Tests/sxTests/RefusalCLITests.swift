import Foundation
import Testing
import SXTestSupport

/// The refusals of 2026 through the real `sx exec`: Anthropic's refusal of a subscription login outside Claude
/// Code, and an unverified OpenAI organisation (reasoning summaries, streaming).
@Suite struct RefusalCLITests {
    func usage(_ cli: CLI, _ profile: String) throws -> [String: Any] {
        let data = try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require((doc["usageStats"] as? [String: [String: Any]])?[profile])
    }

    @Test(arguments: [400, 403])
    func subscriptionRefusalIsOneLineNamingTheProfileAndBlocksItForAuth(_ status: Int) throws {
        let mock = try ProviderMock(replies: [AnthropicSSE.subscriptionRefusalReply(status: status)])
        defer { mock.stop() }
        let cli = CLI()
        let env = try ProvidersCLITests().setUp(.claudeCode, cli, baseURL: mock.baseURL)
        let r = try cli.run(["exec", "hi"], extraEnv: env)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("sx: error:") }
        #expect(lines.count == 1, "\(r.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains("claude-code:max"))
        #expect(line.contains("subscription login outside Claude Code"))
        #expect(line.contains("sx auth add-key --provider anthropic"))
        #expect(!r.stderr.contains("sk-ant-oat01-cli-test"))
        // No refresh and no second try: the refusal is about the kind of login, not the token.
        #expect(mock.requests.count == 1)
        let request = try #require(mock.requests.first)
        #expect(request.header("user-agent")?.hasPrefix("sx/") == true)
        #expect(request.header("x-app") == nil)
        let stats = try usage(cli, "claude-code:max")
        #expect(stats["cooldownReason"] as? String == "auth")
        #expect((stats["cooldownUntil"] as? Int64 ?? 0) > Int64(Date().timeIntervalSince1970 * 1000))
    }

    @Test func subscriptionRefusalFailsOverToTheFallbackModel() throws {
        let answer = ProviderScenarios.replies(.anthropic, scenario: "ok")
        let mock = try ProviderMock(replies: [AnthropicSSE.subscriptionRefusalReply()] + answer)
        defer { mock.stop() }
        let cli = CLI()
        var env = try ProvidersCLITests().setUp(.claudeCode, cli, baseURL: mock.baseURL)
        env["FALLBACK_MODELS"] = "anthropic/claude-sonnet-4-5"
        env["ANTHROPIC_API_KEY"] = "sk-ant-cli-test-000000000003"
        let r = try cli.run(["exec", "hi"], extraEnv: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Here is the answer.\n")
        #expect(r.stderr.contains("anthropic/claude-sonnet-4-5"))
        #expect(mock.requests.count == 2)
        #expect(mock.requests[1].header("x-api-key") == "sk-ant-cli-test-000000000003")
        #expect(try usage(cli, "claude-code:max")["cooldownReason"] as? String == "auth")
    }

    func openAI(_ cli: CLI, _ mock: ProviderMock, model: String = "gpt-5.5") throws -> CLI.Result {
        var env = try ProvidersCLITests().setUp(.openai, cli, baseURL: mock.baseURL)
        env["MODEL"] = model
        return try cli.run(["exec", "read the readme"], extraEnv: env)
    }

    func summary(_ req: RecordedRequest) -> Any? { (req.json?["reasoning"] as? [String: Any])?["summary"] }

    @Test func unverifiedOrganisationRetriesOnceWithoutTheSummaryAndRemembersIt() throws {
        let mock = try ProviderMock(replies: ProviderScenarios.replies(.openai, scenario: "tool"))
        defer { mock.stop() }
        mock.setRules(StrictRequestRules(unverifiedOrganization: true))
        let cli = CLI()
        try "# Unverified org readme\n".write(
            to: cli.workdir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let r = try openAI(cli, mock)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("Here is the answer.\n"))
        // The refused request, its one retry without the summary, then the tool loop's second step without it.
        #expect(mock.requests.count == 3)
        #expect(summary(mock.requests[0]) as? String == "auto")
        #expect(summary(mock.requests[1]) == nil && summary(mock.requests[2]) == nil)
        #expect(String(decoding: mock.requests[2].body, as: UTF8.self).contains("Unverified org readme"))
        #expect(!r.stderr.contains("sx: error"))
    }

    @Test func unverifiedOrganisationStreamingRefusalSaysWhatToDo() throws {
        let mock = try ProviderMock(replies: ProviderScenarios.replies(.openai, scenario: "ok"))
        defer { mock.stop() }
        mock.setRules(StrictRequestRules(unverifiedOrganization: true, streamingNeedsVerification: ["gpt-5.5"]))
        let cli = CLI()
        let r = try openAI(cli, mock)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("sx: error:") }
        #expect(lines.count == 1, "\(r.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains("must be verified to stream this model"))
        #expect(line.contains("platform.openai.com") && line.contains("pick another model"))
        #expect(mock.requests.count == 1)
    }
}
