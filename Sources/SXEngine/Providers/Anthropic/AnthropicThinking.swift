import Foundation

/// The thinking fields of a Messages request, by the model's `thinkingForm`
/// (docs/protocol/anthropic.md#thinking-forms): adaptive-only models refuse `enabled` and take
/// `thinking: {type: "adaptive"}` plus `output_config: {effort}`; the older ones take `enabled` with
/// `1024 ≤ budget_tokens < max_tokens`.
enum AnthropicThinking {
    /// The fields to merge into the body (empty: no thinking).
    static func fields(_ caps: ModelCapabilities, effort: String?, maxTokens: Int, messages: [[String: Any]]) -> [String: Any] {
        guard caps.thinking, let effort = caps.clampEffort(effort), !ReasoningLevels.off.contains(effort) else { return [:] }
        // With thinking on, the API refuses a final assistant tool-use turn that does not start with a thinking
        // block ("a final `assistant` message must start with a thinking block"): the case after a switch into
        // Claude mid tool loop, when that turn came from another provider. That request goes without thinking.
        if endsWithUnthoughtToolUse(messages) { return [:] }
        switch caps.thinkingForm {
        case .anthropicAdaptive:
            return ["thinking": ["type": "adaptive"], "output_config": ["effort": effort]]
        case .anthropicBudget(let minimum):
            guard let wanted = budget(effort) else { return [:] }
            // budget_tokens must be at least `minimum` and below max_tokens; 2048 tokens are kept for the answer.
            let low = max(1024, minimum)
            guard maxTokens > low else { return [:] }
            return ["thinking": ["type": "enabled", "budget_tokens": max(low, min(wanted, maxTokens - 2048))]]
        default:
            return [:]
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
    static func endsWithUnthoughtToolUse(_ messages: [[String: Any]]) -> Bool {
        guard let last = messages.last(where: { $0["role"] as? String == "assistant" }),
              let blocks = last["content"] as? [[String: Any]],
              blocks.contains(where: { $0["type"] as? String == "tool_use" }) else { return false }
        let first = blocks.first?["type"] as? String
        return first != "thinking" && first != "redacted_thinking"
    }
}
