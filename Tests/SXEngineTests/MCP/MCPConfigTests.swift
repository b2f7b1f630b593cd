import Foundation
import SXCore
import Testing

@testable import SXEngine

@Suite struct MCPConfigTests {
    func parse(_ text: String) throws(MCPConfigError) -> [MCPServerConfig] {
        try MCPConfigFile.parse(Data(text.utf8), path: "/w/.mcp.json", origin: .workspace)
    }

    func error(_ text: String) -> MCPConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch { return error }
    }

    @Test func readsClaudeCodesShapeWithTrust() throws {
        let servers = try parse(
            """
            {"mcpServers": {
              "git": {"command": "uvx", "args": ["mcp-server-git"], "env": {"TOKEN": "t-123456789"}, "cwd": "sub"},
              "docs": {"type": "http", "url": "https://example.com/mcp", "headers": {"Authorization": "Bearer x"},
                       "trust": "auto"},
              "plain": {"type": "stdio", "command": "srv"}
            }, "other": 1}
            """)
        #expect(servers.map(\.name) == ["git", "docs", "plain"])
        #expect(
            servers[0].transport
                == .stdio(command: "uvx", args: ["mcp-server-git"], env: ["TOKEN": "t-123456789"], cwd: "sub"))
        #expect(servers[0].trust == .ask && servers[0].origin == .workspace)
        #expect(servers[1].transport == .http(url: "https://example.com/mcp", headers: ["Authorization": "Bearer x"]))
        #expect(servers[1].trust == .auto)
        #expect(servers[0].secrets == ["t-123456789"])
        #expect(try parse("{}").isEmpty)
    }

    @Test func everyMistakeIsOneLineWithFileLineAndField() {
        let notJSON = error("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\",,}\n}}")
        #expect(notJSON?.line == 3)
        #expect(notJSON?.description.hasPrefix("/w/.mcp.json:3: not JSON") == true)

        let args = error("{\"mcpServers\": {\n  \"a\": {\n    \"command\": \"x\",\n    \"args\": [1]\n  }\n}}")
        #expect(args?.description == "/w/.mcp.json:4: server \"a\", \"args\": must be an array of strings")

        let env = error("{\"mcpServers\": {\n \"a\": {\"command\": \"x\",\n  \"env\": {\"K\": 2}}}}")
        #expect(env?.description == "/w/.mcp.json:3: server \"a\", \"env\": \"K\" must be a string")

        let trust = error("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"trust\": \"always\"}}}")
        #expect(trust?.description == "/w/.mcp.json:1: server \"a\", \"trust\": must be \"ask\" or \"auto\"")

        let neither = error("{\"mcpServers\": {\n\n  \"b\": {}}}")
        #expect(neither?.description == "/w/.mcp.json:3: server \"b\": needs \"command\" (stdio) or \"url\" (http)")

        #expect(error("{\"mcpServers\": []}")?.message == "\"mcpServers\" must be an object")
        #expect(error("[1]")?.line == 1)
        #expect(
            error("{\"mcpServers\": {\"a\": {\"type\": \"ws\", \"command\": \"x\"}}}")?.message.contains("ws") == true)
        #expect(error("{\"mcpServers\": {\"a\": {\"command\": \"\"}}}")?.message.contains("non-empty") == true)
    }

    @Test func workspaceApprovalIsPerWorkspaceAndPerEntryAsWritten() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-approvals-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let approvals = MCPApprovals(paths: SXPaths(home: home))
        let first = try parse(#"{"mcpServers": {"a": {"command": "x"}}}"#)[0]
        let changed = try parse(#"{"mcpServers": {"a": {"command": "x", "args": ["--evil"]}}}"#)[0]
        #expect(!approvals.isApproved(first, workspace: "/w"))
        try approvals.approve([first], workspace: "/w")
        #expect(approvals.isApproved(first, workspace: "/w"))
        #expect(!approvals.isApproved(first, workspace: "/other"))
        #expect(!approvals.isApproved(changed, workspace: "/w"))
        var user = first
        user.origin = .user
        #expect(approvals.isApproved(user, workspace: "/other"))
        let mode = try FileManager.default.attributesOfItem(atPath: approvals.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func namesAreSanitisedCappedAndUnique() {
        #expect(MCPNames.qualified(server: "git", tool: "git_status") == "mcp__git__git_status")
        #expect(MCPNames.qualified(server: "my server", tool: "do.it/now") == "mcp__my_server__do_it_now")
        #expect(MCPNames.qualified(server: "ü", tool: "") == "mcp______")
        let long = MCPNames.qualified(server: "a-very-long-server-name", tool: String(repeating: "t", count: 80))
        #expect(long.count == 64)
        #expect(long.hasPrefix("mcp__a-very-long-server-name__ttt"))
        #expect(long == MCPNames.qualified(server: "a-very-long-server-name", tool: String(repeating: "t", count: 80)))
        let other = MCPNames.qualified(server: "a-very-long-server-name", tool: String(repeating: "t", count: 81))
        #expect(other != long && other.count == 64)
        let names = MCPNames.unique([("s", "a.b"), ("s", "a_b"), ("s", "a?b"), ("t", "x")])
        #expect(names[0] == "mcp__s__a_b" && names[3] == "mcp__t__x")
        #expect(Set(names).count == 4)
        #expect(
            names.allSatisfy {
                $0.count <= 64 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            })
        #expect(MCPNames.serverPart(of: "mcp__git__status") == "git")
        #expect(MCPNames.serverPart(of: "shell") == nil)
    }

    @Test func toolsWithoutANameOrAnObjectSchemaAreLeftOut() {
        func check(_ json: String) -> Result<MCPRemoteTool, MCPToolCheck.Rejection> {
            MCPToolCheck.check(try! JSONParser.parse(json))
        }
        guard case .success(let ok) = check(#"{"name": "t", "inputSchema": {"properties": {"a": {"type": "string"}}}}"#)
        else {
            Issue.record("a schema without type is an object schema")
            return
        }
        #expect(ok.schema["type"] == "object")
        for bad in [
            #"{"inputSchema": {"type": "object"}}"#, #"{"name": "t"}"#, #"{"name": "t", "inputSchema": "x"}"#,
            #"{"name": "t", "inputSchema": {"type": "array"}}"#,
            #"{"name": "t", "inputSchema": {"type": "object", "properties": {"a": 1}}}"#,
            #"{"name": "t", "inputSchema": {"type": "object", "required": "a"}}"#
        ] {
            guard case .failure = check(bad) else {
                Issue.record("accepted \(bad)")
                continue
            }
        }
    }

    @Test func resultsBecomeTextImagesAndErrors() {
        let image = MCPTool.outcome(
            try! JSONParser.parse(
                #"{"content": [{"type": "image", "data": "AAAA", "mimeType": "image/png"}], "structuredContent": {"w": 1}}"#
            ), secrets: [])
        #expect(image.result.images == [ImageData(mediaType: "image/png", base64: "AAAA")])
        #expect(image.result.output == #"{"w":1}"#)
        #expect(!image.result.isError)
        let failed = MCPTool.outcome(
            try! JSONParser.parse(#"{"content": [{"type": "text", "text": "no such repo"}], "isError": true}"#),
            secrets: [])
        #expect(failed.result.isError && failed.result.output == "no such repo")
        let mixed = MCPTool.outcome(
            try! JSONParser.parse(
                #"{"content": [{"type": "text", "text": "token sk-live-abcdefghijkl9999"}, {"type": "resource", "resource": {"uri": "file:///a", "text": "body"}}, {"type": "resource_link", "uri": "file:///b", "name": "b"}]}"#
            ), secrets: ["sk-live-abcdefghijkl9999"])
        #expect(mixed.result.output == "token sk-…9999\nbody\n[resource file:///b b]")
    }

    @Test func geminiGetsOnlyTheKeywordsItTakes() throws {
        let schema = try JSONParser.parse(
            #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false, "properties": {"default": {"type": "string", "default": "x", "examples": ["y"]}, "mode": {"const": "fast"}, "mixed": {"enum": [1, "a"]}, "list": {"type": "array", "items": {"type": "string", "format": "uri", "$comment": "c"}}}, "required": ["default"]}"#
        )
        let simplified = GeminiSchema.simplified(schema)
        #expect(
            simplified
                == (try JSONParser.parse(
                    #"{"type": "object", "additionalProperties": false, "properties": {"default": {"type": "string"}, "mode": {"enum": ["fast"]}, "mixed": {}, "list": {"type": "array", "items": {"type": "string", "format": "uri"}}}, "required": ["default"]}"#
                )))
        let builtIn = try #require(ToolRunner.builtInTools().first { $0.name == "grep" }).spec
        #expect(GeminiSchema.simplified(try builtIn.parameters()) == (try builtIn.parameters()))
    }
}
