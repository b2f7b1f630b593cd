import Foundation
import NIOCore
import SXAuth
import SXTestSupport
@testable import SXEngine

/// Namespace of the provider suites, so that `swift test --filter Providers` runs exactly them.
enum Providers {}

/// A tiny PNG (1×1) as base64, the image every vision test sends.
let pngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
let testImage = ImageData(mediaType: "image/png", base64: pngBase64)

func testPool() throws -> HTTPClientPool {
    try HTTPClientPool(settings: NetworkSettings(connectTimeout: .seconds(5), readTimeout: .seconds(20)))
}

func apiKey(_ provider: ProviderID, _ secret: String, kind: ResolvedCredential.Kind = .apiKey) -> ResolvedCredential {
    ResolvedCredential(profileId: "\(provider.rawValue):test", provider: provider, kind: kind, secret: secret)
}

func providerRequest(model: String, prompt: String = "What is in README.md?", tools: [ToolSpec] = [],
                     effort: String? = "medium") -> ProviderRequest {
    ProviderRequest(model: model, systemPrompt: "You are a coding agent.", messages: [.user(prompt)], tools: tools,
                    reasoningEffort: effort, sessionId: "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee")
}

let readFileTool = ToolSpec(name: "read_file", description: "Read a file",
                            parametersSchema: #"{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}"#)

/// Runs one turn of a real `Session` (no tools: the model's tool call gets an error result, which the session
/// sends back in a second request) and returns its events.
func runSessionTurn(provider: any Provider, model: String, credential: ResolvedCredential?, effort: String? = "medium",
                    prompt: String = "What is in README.md?", attachments: [ImageData] = []) async -> [EngineEvent] {
    let creds = StaticCredentials(credential.map { [$0] } ?? [])
    let options = SessionOptions(provider: provider.id, model: model, reasoningEffort: effort, maxSteps: 4,
                                 systemPrompt: "You are a coding agent.", retryBaseMs: 5)
    let session = Session(options: options, providers: ProviderRegistry([provider]), credentials: creds)
    await session.send(prompt, attachments: attachments)
    var out: [EngineEvent] = []
    for await e in session.events {
        out.append(e)
        if case .turnDone = e { break }
    }
    await session.close()
    return out
}

extension Array where Element == EngineEvent {
    var text: String { compactMap { if case .textDelta(let d) = $0 { d } else { nil } }.joined() }
    var thinking: String { compactMap { if case .thinkingDelta(let d) = $0 { d } else { nil } }.joined() }
    var outcome: TurnSummary.Outcome? {
        if case .turnDone(let s) = last { return s.outcome }
        return nil
    }
    var errors: [String] { compactMap { if case .error(let m) = $0 { m } else { nil } } }
}

extension Array where Element == ProviderEvent {
    var items: [Part] { compactMap { if case .outputItem(let p) = $0 { p } else { nil } } }
    var calls: [ToolCall] { compactMap { if case .toolCall(let c) = $0 { c } else { nil } } }
    var usages: [Usage] { compactMap { if case .usage(let u) = $0 { u } else { nil } } }
    var snapshots: [RateLimitSnapshot] { compactMap { if case .rateLimits(let s) = $0 { s } else { nil } } }
}

extension RecordedRequest {
    /// The JSON body's value at a key path of dictionary keys and array indexes: `body("messages", 1, "content")`.
    func body(_ path: Any...) -> Any? {
        var cur: Any? = json
        for step in path {
            if let k = step as? String { cur = (cur as? [String: Any])?[k] }
            else if let i = step as? Int { cur = (cur as? [Any]).flatMap { i < $0.count ? $0[i] : nil } }
        }
        return cur
    }
}

func iso(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }
