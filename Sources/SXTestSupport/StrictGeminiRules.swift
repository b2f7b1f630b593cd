import Foundation

/// The Gemini API's refusals of thinking settings a model does not take (docs/protocol/gemini.md#thinking-config;
/// the live messages as users of Roo-Code and gemini-balance reported them): a budget outside the model's
/// range, 0 on a model that cannot stop thinking, `thinkingLevel` on a 2.5 model. Errors are
/// `{"error":{"code":400,"message":…,"status":"INVALID_ARGUMENT"}}`.
enum StrictGeminiRules {
    static func refusal(_ req: RecordedRequest) -> MockReply? {
        guard let body = req.json else { return invalid("Invalid JSON payload received.") }
        guard let thinking = (body["generationConfig"] as? [String: Any])?["thinkingConfig"] as? [String: Any] else {
            return nil
        }
        let model = modelId(req.path)
        let range = budgetRange(model)
        if thinking["thinkingLevel"] != nil, range != nil {
            return invalid("Thinking level is not supported for this model.")
        }
        if let level = thinking["thinkingLevel"] as? String,
            !["low", "high", "minimal", "medium"].contains(level.lowercased())
        {
            return invalid(
                "Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.ThinkingConfig.ThinkingLevel), \"\(level)\""
            )
        }
        guard let budget = thinking["thinkingBudget"] as? Int, budget != -1, let range else { return nil }
        if budget == 0 {
            return range.canDisable ? nil : invalid("Budget 0 is invalid. This model only works in thinking mode.")
        }
        guard range.bounds.contains(budget) else {
            return invalid(
                "The thinking budget (\(budget)) is invalid: thinking_budget is out of range; supported values are \(range.canDisable ? "0, " : "")\(range.bounds.lowerBound) to \(range.bounds.upperBound) and -1."
            )
        }
        return nil
    }

    /// `/v1beta/models/gemini-2.5-flash:streamGenerateContent` → `gemini-2.5-flash`.
    static func modelId(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return String(last.split(separator: ":").first ?? "")
    }

    /// The documented ranges of the 2.5 models; nil for models that take levels (Gemini 3 and later).
    static func budgetRange(_ model: String) -> (bounds: ClosedRange<Int>, canDisable: Bool)? {
        if model.hasPrefix("gemini-2.5-pro") { return (128...32_768, false) }
        if model.hasPrefix("gemini-2.5-flash-lite") { return (512...24_576, true) }
        if model.hasPrefix("gemini-2.5-flash") { return (1...24_576, true) }
        return nil
    }

    static func invalid(_ message: String) -> MockReply {
        .json(400, ["error": ["code": 400, "message": message, "status": "INVALID_ARGUMENT"]])
    }
}
