import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

extension Providers {
    @Suite struct Registration {
        func engine(_ values: [String: String]) throws -> Engine {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-prov-\(UUID().uuidString)")
            let config = Config(
                paths: SXPaths(home: dir), workingDirectory: dir,
                values: values.mapValues { Config.Value(value: $0, source: "test") })
            let pool = try HTTPClientPool(settings: NetworkSettings())
            do {
                return try Engine(
                    config: config, pool: pool, credentials: StaticCredentials([]), hasCredential: { _ in false })
            } catch {
                try? pool.syncShutdownForExit()  // an HTTP client must be shut down before it is released
                throw error
            }
        }

        @Test func everyProviderIsRegisteredAndTheRouterOnlyWithARouterURL() async throws {
            let without = try engine([:])
            let with = try engine([
                "ROUTER_URL": "http://127.0.0.1:4000/v1", "OPENAI_API": "chat", "ANTHROPIC_VERSION": "2026-10-21",
                "GEMINI_CONTEXT_CACHE": "0"
            ])
            let anthropic = try with.registry.provider(for: .claudeCode) as? AnthropicProvider
            let gemini = try with.registry.provider(for: .google) as? GeminiProvider
            let defaultGemini = try without.registry.provider(for: .google) as? GeminiProvider
            #expect(anthropic?.builder.version == "2026-10-21")
            #expect(anthropic?.id == .claudeCode)
            #expect(gemini?.contextCache == nil)
            #expect(defaultGemini?.contextCache != nil)
            let a = Set(without.registry.available)
            let b = Set(with.registry.available)
            let openai = try with.registry.provider(for: .openai) as? OpenAIProvider
            let router = try with.registry.provider(for: .router) as? OpenAIProvider
            await without.shutdown()
            await with.shutdown()
            #expect(a == [.demo, .openaiCodex, .anthropic, .claudeCode, .openai, .google])
            #expect(b == a.union([.router]))
            #expect(openai?.api == .chat)
            #expect(router?.api == .chat)
            #expect(router?.baseURL.absoluteString == "http://127.0.0.1:4000/v1")
        }

        @Test func aBadAliasListIsAStartUpError() {
            #expect(throws: ModelAliasError.self) { _ = try engine(["MODEL_ALIASES": "fast"]) }
        }

        @Test func sessionsResolveBuiltInAndUserAliases() async throws {
            let e = try engine([
                "MODEL_ALIASES": "fast=google/gemini-2.5-flash", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/"
            ])
            let s1 = try e.makeSession(provider: .anthropic, model: "sonnet", tools: NoTools(), recordTranscript: false)
            let s2 = try e.makeSession(provider: .google, model: "fast", tools: NoTools(), recordTranscript: false)
            let s3 = try e.makeSession(
                provider: .router, model: "llama3.1:8b", tools: NoTools(), recordTranscript: false)
            let m1 = await s1.options.model
            let m2 = await s2.options.model
            let m3 = await s3.options.model
            for s in [s1, s2, s3] { await s.close() }
            await e.shutdown()
            #expect(m1 == "claude-sonnet-4-5")
            #expect(m2 == "gemini-2.5-flash")
            #expect(m3 == "llama3.1:8b")
        }
    }
}
