import Foundation
import Testing
import SXAuth
@testable import SXEngine

extension Providers {
    @Suite struct Catalog {
        @Test func builtInAliasesResolveToProviderAndModel() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("sonnet").qualified == "anthropic/claude-sonnet-4-5")
            #expect(c.resolve("opus").model == "claude-opus-4-5")
            #expect(c.resolve("haiku").model == "claude-haiku-4-5")
            #expect(c.resolve("gpt-5.5").qualified == "codex/gpt-5.5")
            #expect(c.resolve("codex").qualified == "codex/gpt-5.3-codex")
            #expect(c.resolve("gpt-5.3-codex").provider == .openaiCodex)
            #expect(c.resolve("gemini-pro").qualified == "google/gemini-2.5-pro")
            #expect(c.resolve("gemini-flash").qualified == "google/gemini-2.5-flash")
        }

        @Test func theCurrentProviderIsKeptWhenItServesTheModel() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("sonnet", current: .claudeCode).qualified == "claude-code/claude-sonnet-4-5")
            #expect(c.resolve("gpt-5.5", current: .openai).qualified == "openai/gpt-5.5")
            #expect(c.resolve("gemini-pro", current: .anthropic).qualified == "google/gemini-2.5-pro")
            #expect(c.resolve("my-local-model", current: .router).qualified == "router/my-local-model")
        }

        @Test func providerSlashModelSyntaxAndAliasesBehindIt() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("openai/gpt-4.1").qualified == "openai/gpt-4.1")
            #expect(c.resolve("claude-code/opus").qualified == "claude-code/claude-opus-4-5")
            #expect(c.resolve("gemini/flash").qualified == "google/gemini-2.5-flash")
            #expect(c.resolve("router/llama3.1:8b").qualified == "router/llama3.1:8b")
        }

        @Test func userAliasesFromConfigIncludingChainsAndCycles() throws {
            let c = try ModelCatalog(userAliases: " fast=google/gemini-2.5-flash, smart = opus ,loop=loop2,loop2=loop,, ")
            #expect(c.resolve("fast").qualified == "google/gemini-2.5-flash")
            #expect(c.resolve("FAST").qualified == "google/gemini-2.5-flash")
            #expect(c.resolve("smart").qualified == "anthropic/claude-opus-4-5")
            #expect(c.resolve("loop", current: .router).model == "loop")
            #expect(c.aliases().contains { $0.alias == "fast" && $0.target.model == "gemini-2.5-flash" })
            #expect(throws: ModelAliasError.self) { try ModelCatalog(userAliases: "nonsense") }
            #expect(throws: ModelAliasError.self) { try ModelCatalog(userAliases: "x=nowhere/model") }
        }

        @Test func capabilitiesForKnownAndGuessedModels() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("haiku").capabilities == ModelCapabilities(thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 64_000))
            #expect(c.resolve("gpt-4.1").capabilities.thinking == false)
            #expect(ModelCatalog.capabilities(provider: .anthropic, model: "claude-3-5-haiku-latest").thinking == false)
            #expect(ModelCatalog.capabilities(provider: .anthropic, model: "claude-sonnet-5").thinking)
            #expect(ModelCatalog.capabilities(provider: .google, model: "gemini-2.0-flash").thinking == false)
            #expect(ModelCatalog.capabilities(provider: .router, model: "llama3").vision == false)
            #expect(c.models(for: .claudeCode).map(\.id).contains("claude-opus-4-5"))
            #expect(!c.models(for: .google).contains { $0.id.hasPrefix("claude") })
        }
    }
}
