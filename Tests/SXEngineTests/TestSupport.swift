import Foundation
import NIOCore
import SXAuth
import SXTestSupport
@testable import SXEngine

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static var caPEM: String { root.appendingPathComponent("tls/ca.pem").path }
    static var otherCAPEM: String { root.appendingPathComponent("tls/other-ca.pem").path }
    static var serverTLS: (certificatePEM: String, keyPEM: String) {
        (root.appendingPathComponent("tls/server.pem").path, root.appendingPathComponent("tls/server.key").path)
    }
}

let testCredential = ResolvedCredential(
    profileId: "openai-codex:test", provider: .openaiCodex, kind: .oauth,
    secret: "eyJtest-access-token-0001", accountId: "acct-mock-0001")

func makeCodex(_ mock: CodexMock, ca: String? = nil, readTimeout: TimeAmount = .seconds(30)) throws -> (
    CodexProvider, HTTPClientPool
) {
    let pool = try HTTPClientPool(
        settings: NetworkSettings(extraCAFile: ca, connectTimeout: .seconds(5), readTimeout: readTimeout))
    let p = CodexProvider(
        baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "sx_test",
        userAgent: "sx/test")
    return (p, pool)
}

func collect(_ stream: AsyncThrowingStream<ProviderEvent, Error>) async -> (events: [ProviderEvent], error: Error?) {
    var events: [ProviderEvent] = []
    do {
        for try await e in stream { events.append(e) }
        return (events, nil)
    } catch {
        return (events, error)
    }
}

func request(
    _ prompt: String = "Say hello", tools: [ToolSpec] = [], sessionId: String = "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee"
) -> ProviderRequest {
    ProviderRequest(
        model: "gpt-5.5", systemPrompt: "You are sx.", messages: [.user(prompt)], tools: tools,
        reasoningEffort: "medium", sessionId: sessionId)
}

extension Array where Element == ProviderEvent {
    var text: String { compactMap { if case .textDelta(let d) = $0 { d } else { nil } }.joined() }
    var thinking: String { compactMap { if case .thinkingDelta(let d) = $0 { d } else { nil } }.joined() }
}
