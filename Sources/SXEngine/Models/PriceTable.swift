import Foundation
import SXCore

/// List prices per million tokens, for the status pane's cost estimate (docs/protocol/context.md#prices). Only
/// API-key providers bill per token; a ChatGPT or Claude subscription login has no per-request price, and a model
/// not listed here shows no estimate rather than a guess. Cache writes (Anthropic) cost 1.25 × input.
public enum PriceTable {
    public struct Price: Sendable, Equatable {
        /// US dollars per million tokens.
        public var input: Double
        public var cachedInput: Double
        public var output: Double
    }

    /// Matched by prefix, longest first, so dated ids (`claude-sonnet-4-5-20250929`) find their family.
    static let prices: [(provider: ProviderID, model: String, price: Price)] = [
        (.anthropic, "claude-opus-4-5", Price(input: 5, cachedInput: 0.5, output: 25)),
        (.anthropic, "claude-sonnet-4-5", Price(input: 3, cachedInput: 0.3, output: 15)),
        (.anthropic, "claude-haiku-4-5", Price(input: 1, cachedInput: 0.1, output: 5)),
        (.openai, "gpt-5-mini", Price(input: 0.25, cachedInput: 0.025, output: 2)),
        (.openai, "gpt-5", Price(input: 1.25, cachedInput: 0.125, output: 10)),
        (.openai, "gpt-4.1", Price(input: 2, cachedInput: 0.5, output: 8)),
        (.google, "gemini-2.5-pro", Price(input: 1.25, cachedInput: 0.31, output: 10)),
        (.google, "gemini-2.5-flash", Price(input: 0.3, cachedInput: 0.075, output: 2.5))
    ]

    public static func price(_ target: ModelRef) -> Price? {
        prices.filter { $0.provider == target.provider && target.model.hasPrefix($0.model) }
            .max { $0.model.count < $1.model.count }?.price
    }

    /// The estimated cost of `usage` on `target`, nil when its price is not known.
    public static func cost(_ usage: Usage, on target: ModelRef) -> Double? {
        guard let p = price(target) else { return nil }
        let cached = min(usage.cachedInputTokens, usage.inputTokens)
        let writes = min(usage.cacheWriteTokens, usage.inputTokens - cached)
        let plain = usage.inputTokens - cached - writes
        let dollars =
            Double(plain) * p.input + Double(cached) * p.cachedInput + Double(writes) * p.input * 1.25
            + Double(usage.outputTokens) * p.output
        return dollars / 1_000_000
    }
}
