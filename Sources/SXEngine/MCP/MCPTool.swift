import Foundation
import SXCore

/// A tool of an MCP server as the model sees it: the qualified name, the server's description and schema; a call
/// goes to the server as `tools/call` with the tool's own name.
struct MCPTool: Tool {
    let spec: ToolSpec
    let remoteName: String
    let server: MCPServer
    let trust: MCPServerConfig.Trust
    let readOnly: Bool

    /// A server's tool may change anything; one its server marks read-only still counts as a change for
    /// checkpoints unless it says so, and is never run side by side with a change.
    var isMutating: Bool { !readOnly }
    var needsApproval: Bool { trust == .ask }

    /// Images larger than this (base64 characters) are described instead of sent.
    static let imageLimit = 8 * 1_048_576

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async
        -> ToolOutcome
    {
        let args: JSONValue
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            args = .object(JSONObject())
        } else {
            guard let parsed = try? JSONParser.parse(trimmed), parsed.objectValue != nil else {
                return .error("\(spec.name): the arguments must be a JSON object")
            }
            args = parsed
        }
        switch await server.call(remoteName, arguments: args) {
        case .failure(.cancelled): return .error("\(spec.name): not finished, the user interrupted.")
        case .failure(let e): return .error("\(spec.name) (MCP server \(server.config.name)): \(e)")
        case .success(let result): return Self.outcome(result, secrets: server.config.secrets)
        }
    }

    /// A `CallToolResult` as sx's result: text parts joined, images kept, other content described, structured
    /// content as JSON when no text came with it, `isError` as an error result.
    static func outcome(_ result: JSONValue, secrets: [String]) -> ToolOutcome {
        var texts: [String] = []
        var images: [ImageData] = []
        for item in result["content"]?.arrayValue ?? [] {
            switch item["type"]?.stringValue {
            case "text": texts.append(item["text"]?.stringValue ?? "")
            case "image":
                let mime = item["mimeType"]?.stringValue ?? "image/png"
                if let data = item["data"]?.stringValue, data.count <= imageLimit {
                    images.append(ImageData(mediaType: mime, base64: data))
                } else {
                    texts.append("[an image (\(mime)) too large to pass on]")
                }
            case "audio": texts.append("[audio (\(item["mimeType"]?.stringValue ?? "unknown type")) not shown]")
            case "resource_link":
                texts.append("[resource \(item["uri"]?.stringValue ?? "?") \(item["name"]?.stringValue ?? "")]")
            case "resource":
                let r = item["resource"]
                if let text = r?["text"]?.stringValue {
                    texts.append(text)
                } else {
                    texts.append("[binary resource \(r?["uri"]?.stringValue ?? "?")]")
                }
            default: texts.append("[content of an unknown kind]")
            }
        }
        if texts.isEmpty, let structured = result["structuredContent"] {
            texts.append(String(decoding: JSONBody.encode(structured), as: UTF8.self))
        }
        let text = Redact.scrub(texts.joined(separator: "\n"), secrets: secrets)
        if result["isError"]?.boolValue == true { return .error(text.isEmpty ? "the tool failed" : text) }
        return .ok(text, images: images)
    }
}
