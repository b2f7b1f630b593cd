import Foundation

/// The thinking fields of a Messages request, by the model's `thinkingForm`
/// (docs/protocol/anthropic.md#thinking-forms): adaptive-only models refuse `enabled` and take
/// `thinking: {type: "adaptive"}` plus `output_config: {effort}`; the older ones take `enabled` with
/// `1024 ≤ budget_tokens < max_tokens`.
public enum AnthropicThinking {
    /// What the body asks for: `thinking: {type: "adaptive"}` + `output_config: {effort}`, or `enabled` with a budget.
    public enum Setting: Sendable, Equatable {
        case adaptive(effort: String)
        case enabled(budgetTokens: Int)
    }

    /// The thinking of a request (nil: none).
    static func setting(_ caps: ModelCapabilities, effort: String?, maxTokens: Int, messages: [AnthropicMessage])
        -> Setting?
    {
        guard caps.thinking, let effort = caps.clampEffort(effort), !ReasoningLevels.off.contains(effort) else {
            return nil
        }
        // With thinking on, the API refuses a final assistant tool-use turn that does not start with a thinking
        // block ("a final `assistant` message must start with a thinking block"): the case after a switch into
        // Claude mid tool loop, when that turn came from another provider. That request goes without thinking.
        if endsWithUnthoughtToolUse(messages) { return nil }
        switch caps.thinkingForm {
        case .anthropicAdaptive:
            return .adaptive(effort: effort)
        case .anthropicBudget(let minimum):
            guard let wanted = budget(effort) else { return nil }
            // budget_tokens must be at least `minimum` and below max_tokens; 2048 tokens are kept for the answer.
            let low = max(1024, minimum)
            guard maxTokens > low else { return nil }
            return .enabled(budgetTokens: max(low, min(wanted, maxTokens - 2048)))
        default:
            return nil
        }
    }

    /// Whether adaptive thinking is used, so that the interleaved-thinking beta (deprecated there) is left out.
    static func isAdaptive(_ caps: ModelCapabilities) -> Bool {
        if case .anthropicAdaptive = caps.thinkingForm { return true }
        return false
    }

    /// An effort → a thinking budget for the `enabled` form.
    static func budget(_ effort: String) -> Int? {
        switch effort {
        case "minimal": 1024
        case "low": 4096
        case "medium": 10240
        case "high": 24576
        case "xhigh", "max", "ultra": 32000
        default: 10240
        }
    }

    /// The last assistant message has a `tool_use` block and does not start with `thinking`/`redacted_thinking`.
    static func endsWithUnthoughtToolUse(_ messages: [AnthropicMessage]) -> Bool {
        guard let last = messages.last(where: { $0.role == .assistant }),
            last.content.contains(where: { if case .toolUse = $0 { true } else { false } })
        else { return false }
        switch last.content.first {
        case .thinking?, .redactedThinking?: return false
        default: return true
        }
    }
}
