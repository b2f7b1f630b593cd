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
        try "Always answer in haiku (agents-md-marker).\n".write(to: cli.workdir.appendingPathComponent("AGENTS.md"),
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
}
