import Testing
@testable import SXCore

@Suite struct ModelRefTests {
    @Test func parsesTheNamesPeopleTypeAndWritesTheDisplayName() {
        #expect(ModelRef(parsing: "codex/gpt-5.5") == ModelRef(provider: .openaiCodex, model: "gpt-5.5"))
        #expect(ModelRef(parsing: "Gemini/gemini-2.5-pro") == ModelRef(provider: .google, model: "gemini-2.5-pro"))
        #expect(ModelRef(parsing: "openai-codex/gpt-5.5")?.description == "codex/gpt-5.5")
        // Only the first `/` splits: a router's model id keeps its own.
        #expect(ModelRef(parsing: "router/meta/llama-3") == ModelRef(provider: .router, model: "meta/llama-3"))
        for p in ProviderID.allCases {
            let ref = ModelRef(provider: p, model: "m-1")
            #expect(ModelRef(parsing: ref.description) == ref, "\(p)")
        }
    }

    @Test func aBareIdIsNoRef() {
        #expect(ModelRef(parsing: "gpt-5.5") == nil)
        #expect(ModelRef(parsing: "meta/llama-3") == nil)
        #expect(ModelRef.namesUnknownProvider("meta/llama-3"))
        #expect(!ModelRef.namesUnknownProvider("claude/sonnet"))
        #expect(!ModelRef.namesUnknownProvider("sonnet"))
    }
}
