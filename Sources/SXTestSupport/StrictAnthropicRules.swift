import Foundation

/// The Messages API's refusals of thinking forms and of subscription tokens outside Claude Code
/// (docs/protocol/anthropic.md#thinking-forms, docs/protocol/anthropic.md#thinking-in-a-tool-loop,
/// docs/protocol/anthropic.md#subscription-login, docs/protocol/anthropic.md#subscription-refusal). Error bodies are
/// `{"type":"error","error":{"type":…,"message":…}}`.
enum StrictAnthropicRules {
    static let identity = "You are Claude Code, Anthropic's official CLI for Claude."

    static func refusal(_ req: RecordedRequest) -> MockReply? {
        guard let body = req.json else { return invalid("There was an error parsing the body of your request.") }
        guard let model = body["model"] as? String, !model.isEmpty else { return invalid("model: Field required") }
        guard let maxTokens = body["max_tokens"] as? Int else { return invalid("max_tokens: Field required") }
        guard let messages = body["messages"] as? [[String: Any]] else { return invalid("messages: Field required") }
        if let refusal = subscriptionRefusal(req, body) { return refusal }
        guard let thinking = body["thinking"] as? [String: Any] else { return nil }
        let form = Model(model)
        switch thinking["type"] as? String {
        case "enabled":
            if form.adaptiveOnly {
                return invalid(
                    #""thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior."#
                )
            }
            guard let budget = thinking["budget_tokens"] as? Int else {
                return invalid("thinking.enabled.budget_tokens: Field required")
            }
            if budget < 1024 {
                return invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
            }
            if budget >= maxTokens {
                return invalid(
                    "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size"
                )
            }
        case "adaptive":
            if !form.adaptive { return invalid(#""thinking.type.adaptive" is not supported for this model."#) }
            let effort = (body["output_config"] as? [String: Any])?["effort"] as? String
            if let effort, !["low", "medium", "high", "max"].contains(effort) {
                return invalid("output_config.effort: Input should be 'low', 'medium', 'high' or 'max'")
            }
        case "disabled":
            return nil
        default:
            return invalid(
                "thinking.type: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'")
        }
        return finalAssistantRefusal(messages)
    }

    /// With thinking on, the last assistant turn of a tool loop must start with its thinking block.
    static func finalAssistantRefusal(_ messages: [[String: Any]]) -> MockReply? {
        guard let i = messages.lastIndex(where: { $0["role"] as? String == "assistant" }),
            let blocks = messages[i]["content"] as? [[String: Any]],
            blocks.contains(where: { $0["type"] as? String == "tool_use" })
        else { return nil }
        let first = blocks.first?["type"] as? String ?? "text"
        guard first != "thinking" && first != "redacted_thinking" else { return nil }
        return invalid(
            "messages.\(i).content.0.type: Expected `thinking` or `redacted_thinking`, but found `\(first)`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
        )
    }

    /// A subscription token (`sk-ant-oat…` as Bearer) whose first system block is not Claude Code's identity.
    static func subscriptionRefusal(_ req: RecordedRequest, _ body: [String: Any]) -> MockReply? {
        guard let auth = req.header("authorization"), auth.hasPrefix("Bearer sk-ant-oat") else { return nil }
        let first = (body["system"] as? [[String: Any]])?.first?["text"] as? String
        return first == identity ? nil : subscriptionReply()
    }

    /// The refusal of a Claude subscription login outside Claude Code (also a scenario of its own).
    static func subscriptionReply(status: Int = 400) -> MockReply {
        let type = status == 403 ? "permission_error" : "invalid_request_error"
        return .json(
            status,
            [
                "type": "error",
                "error": [
                    "type": type,
                    "message":
                        "This credential is only authorized for use with Claude Code and cannot be used for other API requests."
                ]
            ],
            headers: [("request-id", "req_mock_subscription")])
    }

    static func invalid(_ message: String) -> MockReply {
        .json(
            400, ["type": "error", "error": ["type": "invalid_request_error", "message": message]],
            headers: [("request-id", "req_mock_invalid")])
    }

    /// What the mock knows of a model id: Opus 4.7+, Sonnet 5+ and every 5.x refuse `enabled`; 4.6 (Opus and
    /// Sonnet) takes both forms; older models only `enabled`.
    struct Model {
        var adaptive = false
        var adaptiveOnly = false

        init(_ id: String) {
            let parts = id.lowercased().split(separator: "-").map(String.init)
            guard parts.count >= 3, parts[0] == "claude" else { return }
            let tier: String, major: Int, minor: Int
            if ["opus", "sonnet", "haiku"].contains(parts[1]), let m = Int(parts[2]) {
                tier = parts[1]
                major = m
                minor = parts.count > 3 ? Int(parts[3]).flatMap { $0 < 100 ? $0 : nil } ?? 0 : 0
            } else {
                return  // claude-3-7-sonnet and older: `enabled` only
            }
            adaptiveOnly = major >= 5 || (major == 4 && minor >= 7 && tier != "haiku")
            adaptive = adaptiveOnly || (major == 4 && minor >= 6 && tier != "haiku")
        }
    }
}

extension AnthropicSSE {
    /// Anthropic's refusal of a subscription token in a third-party client: 400 `invalid_request_error` or 403
    /// `permission_error`, "This credential is only authorized for use with Claude Code…".
    public static func subscriptionRefusalReply(status: Int = 400) -> MockReply {
        StrictAnthropicRules.subscriptionReply(status: status)
    }
}
