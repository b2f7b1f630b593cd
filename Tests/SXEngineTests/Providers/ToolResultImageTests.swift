import Foundation
import Testing
import SXAuth
@testable import SXEngine

extension Providers {
    /// An image a tool returned (`read_file` of a PNG) reaches each provider in the form it accepts.
    @Suite struct ToolResultImages {
        let history = [
            Message.user("Look at logo.png"),
            Message(
                role: .assistant,
                parts: [.toolCall(ToolCall(id: "call_img", name: "read_file", arguments: #"{"path":"logo.png"}"#))]),
            Message(
                role: .user,
                parts: [
                    .toolResult(
                        ToolResult(
                            callId: "call_img", name: "read_file", output: "logo.png (PNG, 1×1)",
                            images: [testImage]))
                ])
        ]

        @Test func anthropicPutsTheImageInsideTheToolResult() throws {
            let msgs = try foundation(AnthropicRequestBuilder.messages(history))
            let result = try #require((msgs[2]["content"] as? [[String: Any]])?.first)
            #expect(result["type"] as? String == "tool_result")
            let content = try #require(result["content"] as? [[String: Any]])
            #expect(content.map { $0["type"] as? String } == ["text", "image"])
            #expect(
                (content[1]["source"] as? [String: String]) == [
                    "type": "base64", "media_type": "image/png", "data": pngBase64
                ])
        }

        @Test func geminiSendsInlineDataAfterTheFunctionResponse() throws {
            let contents = try foundation(GeminiRequestBuilder.contents(history))
            let parts = try #require(contents[2]["parts"] as? [[String: Any]])
            #expect(parts.count == 2)
            #expect(parts[0]["functionResponse"] != nil)
            #expect((parts[1]["inlineData"] as? [String: String]) == ["mimeType": "image/png", "data": pngBase64])
        }

        @Test func chatSendsATextToolMessageThenTheImageAsAUserMessage() throws {
            let req = ProviderRequest(model: "gpt-5", systemPrompt: "", messages: history, sessionId: "s")
            let msgs = try foundation(ChatRequestBuilder.messages(req))
            #expect(msgs.map { $0["role"] as? String } == ["user", "assistant", "tool", "user"])
            #expect(msgs[0]["content"] as? String == "Look at logo.png")
            #expect(msgs[2]["content"] as? String == "logo.png (PNG, 1×1)")
            let parts = try #require(msgs[3]["content"] as? [[String: Any]])
            #expect((parts.last?["image_url"] as? [String: String])?["url"] == "data:image/png;base64,\(pngBase64)")
        }

        @Test func responsesSendsTheImageAsInputImage() async throws {
            let pool = try testPool()
            let p = OpenAIProvider(
                baseURL: URL(string: "http://127.0.0.1:1/v1")!, transport: Transport(pool: pool), userAgent: "x")
            let data = try p.body(ProviderRequest(model: "gpt-5", systemPrompt: "", messages: history, sessionId: "s"))
            await pool.shutdown()
            let input = try #require(
                (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["input"] as? [[String: Any]])
            #expect(
                input.map { $0["type"] as? String } == ["message", "function_call", "function_call_output", "message"])
            let images = (input[3]["content"] as? [[String: Any]])?.filter { $0["type"] as? String == "input_image" }
            #expect(images?.first?["image_url"] as? String == "data:image/png;base64,\(pngBase64)")
        }
    }
}
