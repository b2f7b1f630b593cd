import Foundation

/// What the loopback mocks refuse, as the hosted servers of 2026 refuse it (real status codes and error bodies;
/// docs/protocol/codex.md#request-body, docs/protocol/openai.md#unverified-organisations,
/// docs/protocol/anthropic.md#thinking-forms, docs/protocol/anthropic.md#subscription-refusal,
/// docs/protocol/gemini.md#thinking-config). Which model takes which form comes from the mocks' own small tables (a
/// server's own knowledge), never from sx's catalog. The mocks ask `refusal` before they answer from their script, so a
/// refused request does not use up a scripted reply.
public struct StrictRequestRules: Sendable {
    /// OpenAI: the organisation is not verified, so `reasoning.summary` is refused.
    public var unverifiedOrganization = false
    /// OpenAI: models (id prefixes) whose streaming needs a verified organisation, refused while unverified.
    public var streamingNeedsVerification: [String] = []

    public init(unverifiedOrganization: Bool = false, streamingNeedsVerification: [String] = []) {
        self.unverifiedOrganization = unverifiedOrganization
        self.streamingNeedsVerification = streamingNeedsVerification
    }

    /// The refusal a real server would send for `req`, by its endpoint; nil when it would be accepted.
    public func refusal(_ req: RecordedRequest) -> MockReply? {
        guard req.method == "POST" else { return nil }
        let path = req.path
        if path.hasSuffix("/backend-api/codex/responses") { return StrictCodexRules.refusal(req) }
        if path.hasSuffix("/v1/responses") { return StrictOpenAIRules.refusal(req, self) }
        if path.hasSuffix("/v1/messages") { return StrictAnthropicRules.refusal(req) }
        if path.hasSuffix(":streamGenerateContent") || path.hasSuffix(":generateContent") {
            return StrictGeminiRules.refusal(req)
        }
        return nil
    }
}

/// The ChatGPT Codex backend: its errors are `{"detail": "…"}`.
enum StrictCodexRules {
    static func refusal(_ req: RecordedRequest) -> MockReply? {
        guard let body = req.json else { return detail("Could not parse your request body") }
        // "Instructions are required" is the live answer to a request without a non-empty string `instructions`.
        guard let instructions = body["instructions"] as? String, !instructions.isEmpty else {
            return detail("Instructions are required")
        }
        guard let model = body["model"] as? String, !model.isEmpty else { return detail("Model is required") }
        guard body["input"] is [Any] else { return detail("Input must be a list") }
        guard body["stream"] as? Bool == true else { return detail("Stream must be set to true") }
        guard body["store"] as? Bool == false else { return detail("Store must be set to false") }
        if let refusal = toolRefusal(body) { return refusal }
        return nil
    }

    /// Tools and tool items as the Responses API checks them (docs/protocol/codex.md#custom-tools): a `custom` tool
    /// needs a `format` (`text`, or a `grammar` with `syntax` lark/regex and a `definition`); every tool output
    /// answers an earlier call of its own kind (a `function_call_output` a `function_call`, a
    /// `custom_tool_call_output` a `custom_tool_call`) under the same `call_id`.
    static func toolRefusal(_ body: [String: Any]) -> MockReply? {
        for tool in body["tools"] as? [[String: Any]] ?? [] where tool["type"] as? String == "custom" {
            guard let format = tool["format"] as? [String: Any], let kind = format["type"] as? String else {
                return detail("Missing required parameter: 'tools[].format'.")
            }
            if kind == "grammar" {
                guard ["lark", "regex"].contains(format["syntax"] as? String ?? ""),
                    (format["definition"] as? String)?.isEmpty == false
                else {
                    return detail("Invalid 'tools[].format': a grammar needs syntax lark or regex and a definition.")
                }
            } else if kind != "text" {
                return detail("Invalid value for 'tools[].format.type': '\(kind)'.")
            }
        }
        var calls: [String: String] = [:]
        for item in body["input"] as? [[String: Any]] ?? [] {
            let type = item["type"] as? String ?? ""
            let callId = item["call_id"] as? String ?? ""
            switch type {
            case "function_call", "custom_tool_call": calls[callId] = type
            case "function_call_output", "custom_tool_call_output":
                let wanted = type == "function_call_output" ? "function_call" : "custom_tool_call"
                guard calls[callId] == wanted else {
                    let what = type == "function_call_output" ? "function call output" : "custom tool call output"
                    return detail("No tool call found for \(what) with call_id \(callId).")
                }
            default: break
            }
        }
        return nil
    }

    static func detail(_ text: String) -> MockReply { .json(400, ["detail": text]) }
}

/// The public Responses API (API keys): an unverified organisation's refusals.
enum StrictOpenAIRules {
    static func refusal(_ req: RecordedRequest, _ rules: StrictRequestRules) -> MockReply? {
        guard let body = req.json else {
            return error("We could not parse the JSON body of your request.", param: nil, code: nil)
        }
        guard let model = body["model"] as? String, !model.isEmpty else {
            return error("Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        }
        guard rules.unverifiedOrganization else { return nil }
        let verify =
            "Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate."
        if body["stream"] as? Bool == true, rules.streamingNeedsVerification.contains(where: model.hasPrefix) {
            return error(
                "Your organization must be verified to stream this model. " + verify, param: "stream",
                code: "unsupported_value")
        }
        if (body["reasoning"] as? [String: Any])?["summary"] != nil {
            return error(
                "Your organization must be verified to generate reasoning summaries. " + verify,
                param: "reasoning.summary", code: "unsupported_value")
        }
        return nil
    }

    static func error(_ message: String, param: String?, code: String?) -> MockReply {
        .json(
            400,
            [
                "error": [
                    "message": message, "type": "invalid_request_error",
                    "param": param as Any? ?? NSNull(), "code": code as Any? ?? NSNull()
                ]
            ])
    }
}
