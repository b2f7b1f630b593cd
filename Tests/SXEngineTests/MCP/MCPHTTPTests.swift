import Foundation
import NIOConcurrencyHelpers
import SXAuth
import SXCore
import SXProtocol
import SXTestSupport
import Testing

@testable import SXEngine

/// The streamable HTTP transport against a scripted loopback server: SSE and JSON answers, the session and
/// protocol-version headers, the configured headers, and the status codes a real server answers with.
@Suite struct MCPHTTPTests {
    static var tool: [String: Any] {
        [
            "name": "add", "description": "Adds.",
            "inputSchema": ["type": "object", "properties": ["a": ["type": "integer"], "b": ["type": "integer"]]]
        ]
    }

    static func sseMessage(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return "event: message\ndata: " + String(decoding: data, as: UTF8.self) + "\n\n"
    }

    /// A server that speaks the transport; `callReply` answers `tools/call`, and `initializeCount` counts sessions.
    final class Script: @unchecked Sendable {
        let initializes = NIOLockedValueBox(0)
        let callReply: @Sendable (_ id: Any, _ session: String?) -> MockReply

        init(callReply: @escaping @Sendable (_ id: Any, _ session: String?) -> MockReply) { self.callReply = callReply }

        func handle(_ req: RecordedRequest) -> MockReply {
            guard let json = req.json, let method = json["method"] as? String else { return .json(400, [:]) }
            let id = json["id"]
            switch method {
            case "initialize":
                let n = initializes.withLockedValue {
                    $0 += 1
                    return $0
                }
                return .sse(
                    MCPHTTPTests.sseMessage([
                        "jsonrpc": "2.0", "id": id!,
                        "result": [
                            "protocolVersion": "2025-06-18", "capabilities": ["tools": [:]],
                            "serverInfo": ["name": "scripted", "version": "1"]
                        ]
                    ]), headers: [("mcp-session-id", "session-\(n)")])
            case "notifications/initialized": return .full(status: 202, headers: [], body: Data())
            case "notifications/cancelled": return .full(status: 202, headers: [], body: Data())
            case "tools/list":
                return .json(200, ["jsonrpc": "2.0", "id": id!, "result": ["tools": [MCPHTTPTests.tool]]])
            case "tools/call": return callReply(id!, req.header("mcp-session-id"))
            default: return .json(200, ["jsonrpc": "2.0", "id": id!, "error": ["code": -32601, "message": "no"]])
            }
        }
    }

    func manager(_ server: MockHTTPServer, headers: [String: String] = [:], limits: MCPLimits = MCPLimits()) throws
        -> (MCPManager, HTTPClientPool)
    {
        let pool = try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5)))
        let config = MCPServerConfig(
            name: "web", transport: .http(url: "http://127.0.0.1:\(server.port)/mcp", headers: headers), trust: .auto)
        let m = MCPManager(
            configs: [config], workspace: "/", approvals: nil, logDirectory: nil, limits: limits, http: pool)
        m.start()
        return (m, pool)
    }

    func call(_ m: MCPManager, _ args: String = #"{"a":2,"b":3}"#) async -> ToolOutcome {
        await ToolRunner(tools: [], source: m, policy: .auto).run(
            call: ToolCall(id: "c", name: "mcp__web__add", arguments: args), context: ToolContext(workspaceRoot: "/"))
    }

    @Test func sessionVersionAndHeadersGoWithEveryRequestAndSSEAnswersCarryNotifications() async throws {
        let script = Script { id, _ in
            .sse(
                MCPHTTPTests.sseMessage([
                    "jsonrpc": "2.0", "method": "notifications/message", "params": ["level": "info", "data": "adding"]
                ])
                    + MCPHTTPTests.sseMessage([
                        "jsonrpc": "2.0", "id": id, "result": ["content": [["type": "text", "text": "5"]]]
                    ]))
        }
        let server = try MockHTTPServer { script.handle($0) }
        defer { server.stop() }
        let (m, pool) = try manager(server, headers: ["Authorization": "Bearer sk-mcp-header-secret-77"])
        await m.waitUntilSettled()
        #expect(m.statuses() == [MCPServerStatus(name: "web", state: .ready(tools: 1))])
        let out = await call(m)
        #expect(!out.result.isError && out.result.output == "5")
        let requests = server.requests
        #expect(requests.allSatisfy { $0.header("authorization") == "Bearer sk-mcp-header-secret-77" })
        #expect(requests.allSatisfy { $0.header("accept") == "application/json, text/event-stream" })
        #expect(requests.first?.header("mcp-session-id") == nil)
        #expect(requests.dropFirst().allSatisfy { $0.header("mcp-session-id") == "session-1" })
        #expect(requests.first?.header("mcp-protocol-version") == nil)
        #expect(requests.dropFirst().allSatisfy { $0.header("mcp-protocol-version") == "2025-06-18" })
        await m.shutdown()
        await pool.shutdown()
    }

    @Test func jsonAnswersAnd500sAreResultsAndTheServerStaysReady() async throws {
        let script = Script { id, _ in
            if let n = id as? Int, n % 2 == 1 {
                return .full(status: 500, headers: [("content-type", "text/plain")], body: Data("boom".utf8))
            }
            return .json(200, ["jsonrpc": "2.0", "id": id, "result": ["content": [["type": "text", "text": "ok"]]]])
        }
        let server = try MockHTTPServer { script.handle($0) }
        defer { server.stop() }
        let (m, pool) = try manager(server)
        await m.waitUntilSettled()
        // initialize is 1, tools/list 2: the first call is 3 (500), the second 4.
        let failed = await call(m)
        #expect(failed.result.isError && failed.result.output.contains("HTTP 500: boom"))
        let ok = await call(m)
        #expect(!ok.result.isError && ok.result.output == "ok")
        #expect(m.statuses().first?.state == .ready(tools: 1))
        await m.shutdown()
        await pool.shutdown()
    }

    @Test func a401SaysNeedsLoginAndA404StartsANewSession() async throws {
        let unauthorized = try MockHTTPServer { _ in .json(401, ["error": "unauthorized"]) }
        defer { unauthorized.stop() }
        var limits = MCPLimits()
        limits.maxRestarts = 1
        let (m401, pool) = try manager(unauthorized, limits: limits)
        await m401.waitUntilSettled()
        #expect(m401.statuses().first?.state == .needsLogin)
        #expect(unauthorized.requests.count == 1, "a 401 is not retried")
        let refused = await call(m401)
        #expect(refused.result.isError)
        #expect(
            refused.result.output
                == "mcp__web__add cannot run: MCP server web: needs login (OAuth is not supported yet).")

        let script = Script { id, session in
            session == "session-1"
                ? .json(404, ["error": "unknown session"])
                : .json(200, ["jsonrpc": "2.0", "id": id, "result": ["content": [["type": "text", "text": "fresh"]]]])
        }
        let forgetful = try MockHTTPServer { script.handle($0) }
        defer { forgetful.stop() }
        limits.maxRestarts = 5
        limits.firstBackoff = .milliseconds(10)
        let (m, pool2) = try manager(forgetful, limits: limits)
        await m.waitUntilSettled()
        let lost = await call(m)
        #expect(lost.result.isError && lost.result.output.contains("forgot the session (HTTP 404)"))
        let again = await call(m)
        #expect(again.result.output == "fresh")
        #expect(script.initializes.withLockedValue { $0 } == 2)
        await m.shutdown()
        await m401.shutdown()
        await pool.shutdown()
        await pool2.shutdown()
    }
}
