import Foundation
import SXAuth
import SXTestSupport
import Testing

@testable import SXEngine

/// MCP tools in the session's loop: a turn that starts before a server is ready goes on without its tools and says
/// so once; the next request offers them.
@Suite struct MCPSessionTests {
    @Test(.enabled(if: MCPManagerTests.python != nil))
    func aTurnBeforeTheServerIsReadySaysSoOnceAndLaterOnesOfferItsTools()
        async throws
    {
        let s = try await MCPManagerTests().setup(start: false)
        defer { s.manager.shutdownNow() }
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("first")), .sse(CodexSSE.reply("second"))])
        defer { mock.stop() }
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5)))
        let codex = CodexProvider(
            baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "o", userAgent: "u")
        let tools = WorkspaceTools(
            runner: ToolRunner(tools: ToolRunner.builtInTools(), source: s.manager, policy: .auto),
            context: ToolContext(workspaceRoot: s.dir.path))
        let session = Session(
            options: SessionOptions(provider: .openaiCodex, model: "gpt-5.5"), providers: ProviderRegistry([codex]),
            credentials: StaticCredentials([testCredential]), tools: tools)
        func turn(_ prompt: String) async -> [String] {
            await session.send(prompt, attachments: [])
            var notices: [String] = []
            for await e in session.events {
                if case .notice(let n) = e { notices.append(n) }
                if case .turnDone = e { break }
            }
            return notices
        }
        let first = await turn("one")
        #expect(first.contains { $0.contains("MCP server fake still starting") })
        s.manager.start()
        await s.manager.waitUntilSettled()
        let second = await turn("two")
        #expect(!second.contains { $0.contains("still starting") })
        func offered(_ i: Int) -> [String] {
            (mock.requests[i].json?["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(mock.requests.count == 2)
        #expect(!offered(0).contains("mcp__fake__echo") && offered(0).contains("shell"))
        #expect(offered(1).contains("mcp__fake__echo") && offered(1).count == offered(0).count + 9)
        await session.close()
        await pool.shutdown()
    }
}
