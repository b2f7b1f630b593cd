import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

extension Providers {
    @Suite struct Catalog {
        @Test func builtInAliasesResolveToProviderAndModel() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("sonnet").qualified == "anthropic/claude-sonnet-4-5")
            #expect(c.resolve("opus").model == "claude-opus-4-6")
            #expect(c.resolve("haiku").model == "claude-haiku-4-5")
            #expect(c.resolve("gpt-5.5").qualified == "codex/gpt-5.5")
            #expect(c.resolve("codex").qualified == "codex/gpt-6.1-sol")
            #expect(c.resolve("gpt-6-luna").provider == .openaiCodex)
            #expect(c.resolve("gemini-pro").qualified == "google/gemini-3.1-pro-preview")
            #expect(c.resolve("gemini-flash").qualified == "google/gemini-3.5-flash")
        }

        @Test func theCurrentProviderIsKeptWhenItServesTheModel() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("sonnet", current: .claudeCode).qualified == "claude-code/claude-sonnet-4-5")
            #expect(c.resolve("gpt-5.5", current: .openai).qualified == "openai/gpt-5.5")
            #expect(c.resolve("gemini-pro", current: .anthropic).qualified == "google/gemini-3.1-pro-preview")
            #expect(c.resolve("my-local-model", current: .router).qualified == "router/my-local-model")
        }

        @Test func providerSlashModelSyntaxAndAliasesBehindIt() throws {
            let c = try ModelCatalog()
            #expect(c.resolve("openai/gpt-4.1").qualified == "openai/gpt-4.1")
            #expect(c.resolve("claude-code/opus").qualified == "claude-code/claude-opus-4-6")
            #expect(c.resolve("gemini/flash").qualified == "google/gemini-3.5-flash")
            #expect(c.resolve("router/llama3.1:8b").qualified == "router/llama3.1:8b")
        }

        @Test func userAliasesFromConfigIncludingChainsAndCycles() throws {
            let c = try ModelCatalog(
                userAliases: " fast=google/gemini-2.5-flash, smart = opus ,loop=loop2,loop2=loop,, ")
            #expect(c.resolve("fast").qualified == "google/gemini-2.5-flash")
            #expect(c.resolve("FAST").qualified == "google/gemini-2.5-flash")
            #expect(c.resolve("smart").qualified == "anthropic/claude-opus-4-6")
            #expect(c.resolve("loop", current: .router).model == "loop")
            #expect(c.aliases().contains { $0.alias == "fast" && $0.target.model == "gemini-2.5-flash" })
            #expect(throws: ModelAliasError.self) { try ModelCatalog(userAliases: "nonsense") }
            #expect(throws: ModelAliasError.self) { try ModelCatalog(userAliases: "x=nowhere/model") }
        }

        @Test func capabilitiesForKnownAndGuessedModels() throws {
            let c = try ModelCatalog()
            #expect(
                c.resolve("haiku").capabilities
                    == ModelCapabilities(
                        thinking: true, vision: true, contextWindow: 200_000, maxOutputTokens: 64_000,
                        thinkingForm: .anthropicBudget(min: 1024)))
            #expect(c.resolve("gpt-4.1").capabilities.thinking == false)
            #expect(ModelCatalog.capabilities(provider: .anthropic, model: "claude-3-5-haiku-latest").thinking == false)
            #expect(ModelCatalog.capabilities(provider: .anthropic, model: "claude-sonnet-5").thinking)
            #expect(ModelCatalog.capabilities(provider: .google, model: "gemini-2.0-flash").thinking == false)
            #expect(ModelCatalog.capabilities(provider: .router, model: "llama3").vision == false)
            #expect(c.models(for: .claudeCode).map(\.id).contains("claude-opus-4-5"))
            #expect(!c.models(for: .google).contains { $0.id.hasPrefix("claude") })
        }

        @Test func noAliasPointsAtARetiredModel() throws {
            let retired: Set = [
                "gpt-5", "gpt-5.3-codex", "claude-opus-4-1", "gemini-3-pro-preview", "gemini-2.5-pro",
                "gemini-2.5-flash"
            ]
            let c = try ModelCatalog()
            for (alias, target) in c.aliases() {
                #expect(!retired.contains(target.model), "\(alias) → \(target.model)")
            }
            for p in ProviderID.allCases { #expect(!retired.contains(Engine.defaultModel(for: p))) }
        }

        @Test func thinkingFormsByFamily() {
            let form = { ModelCatalog.capabilities(provider: .anthropic, model: $0).thinkingForm }
            #expect(form("claude-opus-4-8") == .anthropicAdaptive)
            #expect(form("claude-sonnet-5") == .anthropicAdaptive)
            #expect(form("claude-opus-4-7-20260301") == .anthropicAdaptive)
            #expect(form("claude-sonnet-4-5-20250929") == .anthropicBudget(min: 1024))
            #expect(form("claude-haiku-4-5") == .anthropicBudget(min: 1024))
            #expect(form("claude-3-7-sonnet-latest") == .anthropicBudget(min: 1024))
            #expect(form("claude-3-5-haiku-latest") == ThinkingForm.none)
            let g = { ModelCatalog.capabilities(provider: .google, model: $0).thinkingForm }
            #expect(g("gemini-2.5-flash") == .geminiBudget(min: 0, max: 24_576, canDisable: true))
            #expect(g("gemini-2.5-pro") == .geminiBudget(min: 128, max: 32_768, canDisable: false))
            #expect(g("gemini-3.5-flash") == .geminiLevel)
        }

        @Test func effortsClampToTheNearestListedLevel() {
            let luna = ModelCatalog.capabilities(provider: .openaiCodex, model: "gpt-6-luna")
            #expect(luna.clampEffort("ultra") == "max")
            #expect(luna.clampEffort("high") == "high")
            let five = ModelCatalog.capabilities(provider: .openaiCodex, model: "gpt-5.5")
            #expect(five.clampEffort("max") == "xhigh")
            #expect(five.clampEffort("minimal") == "low")
            #expect(five.clampEffort(nil) == nil)
            let gem3 = ModelCatalog.capabilities(provider: .google, model: "gemini-3.5-flash")
            #expect(gem3.clampEffort("medium") == "high")
            #expect(gem3.clampEffort("off") == "off")
            #expect(ModelCatalog.capabilities(provider: .router, model: "llama3").clampEffort("high") == nil)
        }
    }
}
