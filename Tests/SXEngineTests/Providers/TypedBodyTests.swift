import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

extension Providers {
    /// Each provider's typed body: the fields in their declared order, the schema embedded with its own key order,
    /// and the history's parts in the shapes the APIs take.
    @Suite struct TypedBodies {
        let history = [
            Message.user("hi"),
            Message(
                role: .assistant,
                parts: [
                    .toolCall(
                        ToolCall(
                            id: "call_1", name: "read_file", arguments: #"{"path":"a"}"#,
                            itemId: "fc_1"))
                ]),
            Message(role: .user, parts: [.toolResult(ToolResult(callId: "call_1", name: "read_file", output: "text"))])
        ]

        func request(_ model: String) -> ProviderRequest {
            ProviderRequest(
                model: model, systemPrompt: "sys", messages: history, tools: [readFileTool],
                reasoningEffort: "high", sessionId: "s")
        }

        func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

        @Test func codexFollowsTheCLIsFieldOrder() throws {
            let body = try CodexRequestBuilder(originator: "sx", userAgent: "x").requestBody(request("gpt-5-codex"))
                .json
            #expect(
                body.objectValue?.keys == [
                    "model", "instructions", "stream", "input", "tools", "tool_choice",
                    "parallel_tool_calls", "reasoning", "store", "include", "prompt_cache_key"
                ])
            let input = try #require(body["input"]?.arrayValue)
            // No context, so no developer message: the history starts at once.
            #expect(input.map { $0["type"]?.stringValue } == ["message", "function_call", "function_call_output"])
            #expect(
                input[1] == [
                    "type": "function_call", "id": "fc_1", "name": "read_file", "arguments": #"{"path":"a"}"#,
                    "call_id": "call_1"
                ])
            #expect(
                text(JSONBody.encode(body["tools"]!)).contains(
                    #""parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}"#))
            #expect(body["reasoning"] == ["effort": "high", "summary": "auto"])
        }

        @Test func chatSendsTextAsAStringAndCallsWithNullContent() throws {
            let body = try ChatRequestBuilder(openAIExtensions: true).requestBody(request("gpt-5")).json
            #expect(
                body.objectValue?.keys == [
                    "model", "messages", "stream", "stream_options", "tools", "tool_choice",
                    "prompt_cache_key", "reasoning_effort"
                ])
            let messages = try #require(body["messages"]?.arrayValue)
            #expect(messages[1] == ["role": "user", "content": "hi"])
            #expect(messages[2]["content"] == .null)
            #expect(messages[3] == ["role": "tool", "tool_call_id": "call_1", "content": "text"])
        }

        @Test func anthropicEchoesTheCallAsAnObjectAndCachesTheLastUserBlock() throws {
            let body = try AnthropicRequestBuilder(userAgent: "x").requestBody(
                request("claude-sonnet-4-5"), oauthStyle: true
            ).json
            // The last assistant turn is a call without a thinking block, so this request goes without thinking.
            #expect(
                body.objectValue?.keys == [
                    "model", "max_tokens", "system", "messages", "tools", "tool_choice", "stream"
                ])
            #expect(body["system"]?.arrayValue?.count == 2)
            let messages = try #require(body["messages"]?.arrayValue)
            #expect(
                messages[1]["content"]?.arrayValue?.first == [
                    "type": "tool_use", "id": "call_1", "name": "read_file",
                    "input": ["path": "a"]
                ])
            let last = try #require(messages[2]["content"]?.arrayValue?.last)
            #expect(last["cache_control"] == ["type": "ephemeral"])
            #expect(body["tools"]?.arrayValue?.last?["cache_control"] == ["type": "ephemeral"])
        }

        @Test func geminiSignsTheForeignCallAndAnswersWithItsId() throws {
            let body = try GeminiRequestBuilder().requestBody(request("gemini-2.5-pro")).json
            #expect(
                body.objectValue?.keys == ["contents", "systemInstruction", "tools", "toolConfig", "generationConfig"])
            let contents = try #require(body["contents"]?.arrayValue)
            #expect(
                contents[1] == [
                    "role": "model",
                    "parts": [
                        [
                            "functionCall": ["name": "read_file", "args": ["path": "a"], "id": "fc_1"],
                            "thoughtSignature": "skip_thought_signature_validator"
                        ]
                    ]
                ])
            #expect(
                contents[2]["parts"]?.arrayValue?.first
                    == ["functionResponse": ["name": "read_file", "response": ["content": "text"], "id": "fc_1"]])
        }
    }
}
