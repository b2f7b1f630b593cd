import Foundation
import Testing
import SXTestSupport

/// Per-model request shapes through the real `sx exec` against the strict loopback mocks (issue 14): Codex's
/// top-level `instructions`, Anthropic's adaptive and budget thinking, Gemini's budgets and levels.
@Suite struct RequestShapeCLITests {
    func json(_ req: RecordedRequest) throws -> [String: Any] { try #require(req.json) }

    @Test func codexSendsInstructionsAndKeepsAgentsMdInInput() throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("Hello from the strict mock"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try "Always answer in haiku (agents-md-marker).\n".write(
            to: cli.workdir.appendingPathComponent("AGENTS.md"),
            atomically: true, encoding: .utf8)
        let r = try cli.run(["exec", "--provider", "codex", "Say hello"], extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Hello from the strict mock\n")
        let body = try json(try #require(mock.requests.first))
        let instructions = try #require(body["instructions"] as? String)
        #expect(instructions.hasPrefix("You are sx, a coding agent"))
        #expect(!instructions.contains("agents-md-marker") && !instructions.contains("Working directory:"))
        let input = try #require(body["input"] as? [[String: Any]])
        let first = try #require(input.first)
        #expect(first["role"] as? String == "developer")
        let text = ((first["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
        #expect(text.contains("agents-md-marker"))
        #expect(text.contains("Working directory: "))
        #expect(input.last?["role"] as? String == "user")
    }

    func anthropic(_ cli: CLI, _ mock: ProviderMock, model: String, effort: String?) throws -> CLI.Result {
        var env = try ProvidersCLITests().setUp(.anthropic, cli, baseURL: mock.baseURL)
        env["MODEL"] = model
        if let effort { env["REASONING_EFFORT"] = effort }
        return try cli.run(["exec", "hi"], extraEnv: env)
    }

    @Test func anthropicAdaptiveOnlyModelGetsAdaptiveThinkingAndEffort() throws {
        let mock = try ProviderMock(replies: ProviderScenarios.replies(.anthropic, scenario: "ok"))
        defer { mock.stop() }
        let cli = CLI()
        for model in ["claude-opus-4-8", "claude-sonnet-5"] {
            mock.server.clearRequests()
            let r = try anthropic(cli, mock, model: model, effort: "high")
            #expect(r.status == 0, "\(model): \(r.stderr)")
            #expect(r.stdout == "Here is the answer.\n")
            let body = try json(try #require(mock.requests.first))
            #expect(body["model"] as? String == model)
            #expect(body["thinking"] as? [String: String] == ["type": "adaptive"])
            #expect(body["output_config"] as? [String: String] == ["effort": "high"])
        }
        // No effort set: no thinking at all.
        mock.server.clearRequests()
        #expect(try anthropic(cli, mock, model: "claude-opus-4-8", effort: nil).status == 0)
        let plain = try json(try #require(mock.requests.first))
        #expect(plain["thinking"] == nil && plain["output_config"] == nil)
    }

    @Test func anthropicOlderModelGetsEnabledWithAValidBudgetAndOffMeansNone() throws {
        let mock = try ProviderMock(replies: ProviderScenarios.replies(.anthropic, scenario: "ok"))
        defer { mock.stop() }
        let cli = CLI()
        let r = try anthropic(cli, mock, model: "claude-sonnet-4-5", effort: "high")
        #expect(r.status == 0, "\(r.stderr)")
        let body = try json(try #require(mock.requests.first))
        let thinking = try #require(body["thinking"] as? [String: Any])
        #expect(thinking["type"] as? String == "enabled")
        let budget = try #require(thinking["budget_tokens"] as? Int)
        let maxTokens = try #require(body["max_tokens"] as? Int)
        #expect(budget >= 1024 && budget < maxTokens)
        #expect(body["output_config"] == nil)
        mock.server.clearRequests()
        #expect(try anthropic(cli, mock, model: "claude-sonnet-4-5", effort: "off").status == 0)
        #expect(try json(try #require(mock.requests.first))["thinking"] == nil)
    }

    /// Codex asks for a tool, then hits its usage limit; the fallback Claude model must answer the tool loop
    /// without thinking, since the final assistant turn (Codex's) has no Claude thinking block.
    @Test func aSwitchIntoClaudeMidToolLoopGoesWithoutThinking() throws {
        var tool = CodexSSE()
        tool.reasoning(["Need the readme."])
        tool.functionCall(name: "read_file", arguments: #"{"path":"README.md"}"#)
        tool.completed()
        let codex = try CodexMock(replies: [.sse(tool.text), CodexSSE.usageLimitReply(resetsAt: 1_900_000_000)])
        defer { codex.stop() }
        let claude = try ProviderMock(replies: ProviderScenarios.replies(.anthropic, scenario: "ok"))
        defer { claude.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try "# Mid-loop readme\n".write(
            to: cli.workdir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let r = try cli.run(
            ["exec", "--provider", "codex", "read the readme"],
            extraEnv: [
                "CODEX_BASE_URL": codex.baseURL, "ANTHROPIC_BASE_URL": claude.baseURL,
                "ANTHROPIC_API_KEY": "sk-ant-cli-test-000000000002", "FALLBACK_MODELS": "anthropic/claude-opus-4-8",
                "REASONING_EFFORT": "high"
            ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("Here is the answer.\n"))
        #expect(codex.requests.count == 2)
        let body = try json(try #require(claude.requests.first))
        #expect(claude.requests.count == 1)
        #expect(body["thinking"] == nil && body["output_config"] == nil)
        let messages = try #require(body["messages"] as? [[String: Any]])
        let assistant = try #require(messages.last { $0["role"] as? String == "assistant" })
        #expect((assistant["content"] as? [[String: Any]])?.contains { $0["type"] as? String == "tool_use" } == true)
        #expect(String(decoding: claude.requests[0].body, as: UTF8.self).contains("Mid-loop readme"))
    }

    func gemini(_ cli: CLI, _ mock: ProviderMock, model: String, effort: String) throws -> [String: Any] {
        var env = try ProvidersCLITests().setUp(.google, cli, baseURL: mock.baseURL)
        env["MODEL"] = model
        env["REASONING_EFFORT"] = effort
        mock.server.clearRequests()
        let r = try cli.run(["exec", "hi"], extraEnv: env)
        #expect(r.status == 0, "\(model) \(effort): \(r.stderr)")
        #expect(r.stdout == "Here is the answer.\n")
        let body = try json(try #require(mock.requests.first))
        return try #require((body["generationConfig"] as? [String: Any])?["thinkingConfig"] as? [String: Any])
    }

    @Test func geminiBudgetsStayInTheModelsRangeAndGemini3SendsALevel() throws {
        let mock = try ProviderMock(replies: ProviderScenarios.replies(.google, scenario: "ok"))
        defer { mock.stop() }
        let cli = CLI()
        let flash = try gemini(cli, mock, model: "gemini-2.5-flash", effort: "xhigh")
        let budget = try #require(flash["thinkingBudget"] as? Int)
        #expect(budget > 0 && budget <= 24_576)
        #expect(flash["thinkingLevel"] == nil)
        #expect(try gemini(cli, mock, model: "gemini-2.5-pro", effort: "off")["thinkingBudget"] as? Int == 128)
        #expect(try gemini(cli, mock, model: "gemini-2.5-flash", effort: "off")["thinkingBudget"] as? Int == 0)
        let three = try gemini(cli, mock, model: "gemini-3.5-flash", effort: "high")
        #expect(three["thinkingLevel"] as? String == "high")
        #expect(three["thinkingBudget"] == nil)
    }
}
