import Foundation
import SXCore
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers {
    @Suite struct GeminiCaching {
        let key = apiKey(.google, "AIzaSyTest-gemini-key-000000000000001")
        /// About 2,000 estimated tokens: above the test threshold of 1,000.
        static let longPrompt =
            "You are a coding agent. " + String(repeating: "Follow the house rules carefully. ", count: 240)

        func make(_ mock: GeminiMock, clock: ManualClock = ManualClock()) throws -> (GeminiProvider, HTTPClientPool) {
            let pool = try testPool()
            return (
                GeminiProvider(
                    baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), userAgent: "sx/test",
                    contextCache: GeminiContextCache(minTokens: 1000, clock: clock)), pool
            )
        }

        func request(_ messages: [Message], session: String = "s-1") -> ProviderRequest {
            ProviderRequest(
                model: "gemini-2.5-pro", systemPrompt: Self.longPrompt, messages: messages, sessionId: session)
        }

        @Test func aLongPrefixIsCachedOnceAndReusedThroughAToolLoop() async throws {
            var s = GeminiSSE()
            s.chunk(
                [GeminiSSE.functionCall(name: "read_file", args: #"{"path":"README.md"}"#, signature: "SIG")],
                finishReason: "STOP", usage: GeminiSSE.usage())
            let mock = try GeminiMock(replies: [.sse(s.text), .sse(GeminiSSE.reply("Done.", cached: 2100))])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let events = await runSessionTurn(
                provider: p, model: "gemini-2.5-pro", credential: key, systemPrompt: Self.longPrompt)
            await pool.shutdown()
            #expect(events.outcome == .completed)
            #expect(mock.cacheCreations.count == 1)
            let create = try #require(mock.cacheCreations.first)
            #expect(create.path == "/v1beta/cachedContents")
            #expect(create.header("x-goog-api-key") == "AIzaSyTest-gemini-key-000000000000001")
            #expect(create.body("model") as? String == "models/gemini-2.5-pro")
            #expect(create.body("ttl") as? String == "300s")
            #expect(create.body("systemInstruction", "parts", 0, "text") as? String == Self.longPrompt)
            #expect((create.body("contents") as? [Any])?.isEmpty == true)
            let gen = mock.generateRequests
            #expect(gen.count == 2)
            for r in gen {
                #expect(r.body("cachedContent") as? String == "cachedContents/mock-1")
                #expect(r.body("systemInstruction") == nil)
            }
            #expect((gen[0].body("contents") as? [Any])?.count == 1)
            #expect((gen[1].body("contents") as? [Any])?.count == 3)
            #expect(gen[1].body("contents", 1, "parts", 0, "thoughtSignature") as? String == "SIG")
            let usage = events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
            #expect(usage.last?.cachedInputTokens == 2100)
        }

        @Test func anExpiredOrOutgrownCacheIsReplacedAndTheOldOneDeleted() async throws {
            let mock = try GeminiMock(replies: [.sse(GeminiSSE.reply("ok"))])
            defer { mock.stop() }
            let clock = ManualClock()
            let (p, pool) = try make(mock, clock: clock)
            _ = await collect(p.stream(request([.user("one")]), credential: key))
            clock.advance(by: 400)
            _ = await collect(p.stream(request([.user("one")]), credential: key))
            // The tail (a long answer and a new question) has outgrown the cached part: a larger cache replaces it.
            let long = Message(role: .assistant, parts: [.text(String(repeating: "A long answer. ", count: 800))])
            _ = await collect(p.stream(request([.user("one"), long, .user("two")]), credential: key))
            for _ in 0..<100 where mock.cacheDeletions.count < 2 { try await Task.sleep(nanoseconds: 20_000_000) }
            await pool.shutdown()
            #expect(mock.cacheCreations.count == 3)
            #expect(
                mock.generateRequests.map { $0.body("cachedContent") as? String } == [
                    "cachedContents/mock-1", "cachedContents/mock-2", "cachedContents/mock-3"
                ])
            #expect((mock.cacheCreations[2].body("contents") as? [Any])?.count == 2)
            #expect((mock.generateRequests[2].body("contents") as? [Any])?.count == 1)
            #expect(Set(mock.cacheDeletions) == ["/v1beta/cachedContents/mock-1", "/v1beta/cachedContents/mock-2"])
            #expect(mock.liveCaches == ["cachedContents/mock-3"])
        }

        @Test func aRefusedCacheTurnsCachingOffAndRequestsGoWhole() async throws {
            let refusal = MockReply.json(
                400, ["error": ["code": 400, "message": "Cached content is too small.", "status": "INVALID_ARGUMENT"]])
            let mock = try GeminiMock(replies: [.sse(GeminiSSE.reply("ok"))], cacheFailure: refusal)
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let (e1, err1) = await collect(p.stream(request([.user("one")]), credential: key))
            let (_, err2) = await collect(p.stream(request([.user("one")]), credential: key))
            await pool.shutdown()
            #expect(err1 == nil && err2 == nil)
            #expect(e1.text == "ok")
            #expect(mock.cacheCreations.count == 1)
            #expect(
                mock.generateRequests.allSatisfy {
                    $0.body("cachedContent") == nil && $0.body("systemInstruction") != nil
                })
        }

        @Test func aCacheTheServerLostIsForgottenAndTheRequestSentWhole() async throws {
            let lost = MockReply.json(
                404,
                [
                    "error": [
                        "code": 404, "message": "CachedContent not found (or permission denied)", "status": "NOT_FOUND"
                    ]
                ])
            let mock = try GeminiMock(replies: [lost, .sse(GeminiSSE.reply("recovered"))])
            defer { mock.stop() }
            let (p, pool) = try make(mock)
            let (events, error) = await collect(p.stream(request([.user("one")]), credential: key))
            let name = await p.contextCache?.cacheName(sessionId: "s-1", model: "gemini-2.5-pro")
            await pool.shutdown()
            #expect(error == nil)
            #expect(events.text == "recovered")
            #expect(name == nil)
            let gen = mock.generateRequests
            #expect(gen.count == 2)
            #expect(gen[0].body("cachedContent") as? String == "cachedContents/mock-1")
            #expect(gen[1].body("cachedContent") == nil)
            #expect(gen[1].body("systemInstruction", "parts", 0, "text") as? String == Self.longPrompt)
        }
    }
}
