import Foundation
import SXCore
import NIOCore
import Testing
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

func providerRequest(
    model: String, prompt: String = "What is in README.md?", tools: [ToolSpec] = [],
    effort: String? = "medium"
) -> ProviderRequest {
    ProviderRequest(
        model: model, systemPrompt: "You are a coding agent.", messages: [.user(prompt)], tools: tools,
        reasoningEffort: effort, sessionId: "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee")
}

let readFileTool = ToolSpec(
    name: "read_file", description: "Read a file",
    parametersSchema: #"{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}"#)

/// Runs one turn of a real `Session` (no tools: the model's tool call gets an error result, which the session
/// sends back in a second request) and returns its events.
func runSessionTurn(
    provider: any Provider, model: String, credential: ResolvedCredential?, effort: String? = "medium",
    prompt: String = "What is in README.md?", attachments: [ImageData] = [],
    systemPrompt: String = "You are a coding agent."
) async -> [EngineEvent] {
    let creds = StaticCredentials(credential.map { [$0] } ?? [])
    let options = SessionOptions(
        provider: provider.id, model: model, reasoningEffort: effort, maxSteps: 4,
        systemPrompt: systemPrompt, retryBaseMs: 5)
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
            if let k = step as? String {
                cur = (cur as? [String: Any])?[k]
            } else if let i = step as? Int {
                cur = (cur as? [Any]).flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return cur
    }
}

func iso(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

/// Feeds a whole SSE text through the parser and a decoder, as `SSEStreaming.run` does.
func decode<D: StreamDecoder>(_ decoder: D, _ text: String) -> (events: [ProviderEvent], error: Error?, completed: Bool)
{
    var d = decoder
    var parser = SSEParser()
    var out: [ProviderEvent] = []
    var thrown: Error?
    let handle: (SSEEvent) -> Void = { ev in
        guard thrown == nil else { return }
        do { try d.handle(ev, now: Date()) { out.append($0) } } catch { thrown = error }
    }
    parser.feed(Array(text.utf8), handle)
    parser.finish(handle)
    return (out, thrown, d.completed)
}

/// Every decoder turns a cut answer into a failure after output, never a complete answer.
@Suite struct ProvidersStoppedEarly {
    @Test func cutAnswersAreFailuresInEveryDecoder() throws {
        var a = AnthropicSSE()
        a.text(["Half an"])
        a.messageDelta(stopReason: "max_tokens")
        a.messageStop()
        var c = OpenAIChatSSE()
        c.content("Half an", role: true)
        c.finish("length")
        c.usage()
        c.done()
        var g = GeminiSSE()
        g.chunk([GeminiSSE.text("Half an")], finishReason: "MAX_TOKENS")
        var safety = GeminiSSE()
        safety.chunk([GeminiSSE.thought("hmm")], finishReason: "SAFETY")
        let results = [
            decode(AnthropicStreamDecoder(), a.text), decode(ChatStreamDecoder(provider: .openai), c.text),
            decode(GeminiStreamDecoder(), g.text)
        ]
        for r in results {
            #expect(r.events.text == "Half an")
            let f = try #require(r.error as? ProviderFailure)
            #expect(f.reason == .format)
            #expect(f.afterOutput)
            #expect(f.message.contains("stopped early"))
        }
        let s = decode(GeminiStreamDecoder(), safety.text)
        #expect((s.error as? ProviderFailure)?.message.contains("SAFETY") == true)
        // A normal end is still complete.
        #expect(decode(GeminiStreamDecoder(), GeminiSSE.reply("ok")).error == nil)
        #expect(decode(ChatStreamDecoder(provider: .router), OpenAIChatSSE.reply("ok")).completed)
    }
}
