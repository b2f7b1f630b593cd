import Foundation
import SXCore
import SXAuth

/// Classifies a failed request once, from status, headers and body (docs/protocol/profiles.md#failure-classes),
/// and pulls out the reset time when the server gives one. Provider-specific shapes (Codex `usage_limit_reached`, …)
/// are handled here so that providers and failover agree on one reading.
public enum FailureClassifier {
    public static func classify(
        provider: ProviderID, status: Int, headers: HeaderFields, body: Data,
        now: Date = Date()
    ) -> ProviderFailure {
        classify(
            provider: provider, status: status, headers: headers, json: (try? JSONParser.parse(body))?.objectValue,
            body: body, now: now)
    }

    static func classify(
        provider: ProviderID, status: Int, headers: HeaderFields, json: JSONObject?, body: Data,
        now: Date
    ) -> ProviderFailure {
        let err = json?["error"]?.objectValue
        let type = err?["type"]?.stringValue ?? json?["type"]?.stringValue
        let code = err?["code"]?.stringValue ?? json?["code"]?.stringValue ?? err?["status"]?.stringValue
        let status = effectiveStatus(status, type: type, code: code)
        let message = readableMessage(json: json, err: err, body: body, headers: headers)
        let lower = (message + " " + (type ?? "") + " " + (code ?? "")).lowercased()
        let requestId = headers["x-request-id"] ?? headers["x-oai-request-id"] ?? headers["request-id"]
        var f = ProviderFailure(
            reason: .unknown, provider: provider, status: status, message: message, requestId: requestId)

        switch status {
        case 429:
            if type == "usage_not_included" || code == "usage_not_included" || code == "insufficient_quota"
                || type == "insufficient_quota"
            {
                f.reason = .billing
            } else {
                f.reason = .rateLimit
                f.resetsAt = resetTime(err: err, json: json, headers: headers, now: now)
                if type == "usage_limit_reached" {
                    f.message = "usage limit reached" + (err?["plan_type"]?.stringValue.map { " (plan \($0))" } ?? "")
                }
            }
        case 402:
            if lower.contains("resets") || lower.contains("daily") || lower.contains("weekly")
                || lower.contains("usage limit")
            {
                f.reason = .rateLimit
                f.resetsAt = resetTime(err: err, json: json, headers: headers, now: now)
            } else {
                f.reason = .billing
            }
        case 400 where ["api_key_invalid", "api key not valid", "api key expired"].contains(where: lower.contains):
            // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
            f.reason = .authPermanent
        case 401, 403:
            if [
                "revoked", "deactivated", "invalid_api_key", "invalid api key", "incorrect api key",
                "account_deactivated"
            ]
            .contains(where: lower.contains) {
                f.reason = .authPermanent
            } else {
                f.reason = .auth
            }
        case 529:
            f.reason = .overloaded
            f.retryable = true
        case 503:
            if ["overloaded", "high demand", "capacity", "slow_down", "server_is_overloaded"].contains(
                where: lower.contains)
            {
                f.reason = .overloaded
            } else {
                f.reason = .timeout
            }
            f.retryable = true
        case 408, 500, 502, 504:
            f.reason = .timeout
            f.retryable = true
        case 404:
            f.reason = .modelNotFound
        case 400, 413, 422:
            if ["credit", "balance", "billing", "hard limit", "insufficient_quota"].contains(where: lower.contains) {
                f.reason = .billing
            } else if ContextOverflow.matches(code: code, text: lower) {
                f.reason = .context
            } else {
                f.reason = .format
            }
        default:
            f.reason = status >= 500 ? .timeout : .unknown
            f.retryable = status >= 500
        }
        if f.reason == .rateLimit && f.resetsAt == nil {
            f.resetsAt = retryAfter(headers, now: now)
        }
        if f.reason == .rateLimit && f.resetsAt == nil {
            // The message is the last resort: OpenAI's "Please try again in 20s".
            f.resetsAt = RetryHint.seconds(inMessage: message).map { now.addingTimeInterval($0) }
        }
        if f.reason == .rateLimit && isUsageQuota(type: type, code: code, err: err, headers: headers) {
            f.usageLimit = true
            if geminiDailyQuota(err) { f.resetsAt = nil }
        }
        ProviderRefusals.apply(&f, err: err)
        return f
    }

    /// A transport failure (no HTTP status): connection refused/reset, stall, TLS.
    public static func transport(_ e: TransportError, provider: ProviderID, afterOutput: Bool) -> ProviderFailure {
        let reason: FailureReason = .timeout
        let retryable = e.kind != .tls && e.kind != .dns
        return ProviderFailure(
            reason: reason, provider: provider, message: e.description, afterOutput: afterOutput,
            retryable: retryable)
    }

    /// `resets_at` (epoch seconds), `resets_in_seconds`, Gemini's `RetryInfo.retryDelay`, the exhausted
    /// `anthropic-ratelimit-*` window, `Retry-After`, then OpenAI's exhausted `x-ratelimit-*` window.
    static func resetTime(err: JSONObject?, json: JSONObject?, headers: HeaderFields, now: Date) -> Date? {
        if let at = number(err?["resets_at"]) ?? number(json?["resets_at"]) { return Date(timeIntervalSince1970: at) }
        if let secs = number(err?["resets_in_seconds"]) ?? number(json?["resets_in_seconds"]) {
            return now.addingTimeInterval(secs)
        }
        if let secs = geminiRetryDelay(err) { return now.addingTimeInterval(secs) }
        if let at = AnthropicRateLimits.exhaustedReset(headers) { return at }
        if let at = retryAfter(headers, now: now) { return at }
        return OpenAIRateLimits.exhaustedReset(headers, kind: err?["type"]?.stringValue, now: now)
    }

    /// Gemini's `details: [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "46s"}]`.
    static func geminiRetryDelay(_ err: JSONObject?) -> Double? {
        guard let details = err?["details"]?.arrayValue else { return nil }
        for d in details where d["@type"]?.stringValue?.hasSuffix("google.rpc.RetryInfo") == true {
            if let raw = d["retryDelay"]?.stringValue { return OpenAIRateLimits.seconds(raw) }
            if let n = number(d["retryDelay"]) { return n }
        }
        return nil
    }

    /// The HTTP status an error body stands for when the status line says something else (or nothing: errors sent
    /// inside a 200 stream). Anthropic error types, Gemini's numeric `code`, a router's string `code: "429"`, and
    /// OpenAI's stream error codes all map back to the status the rest of the table is written for.
    static func effectiveStatus(_ status: Int, type: String?, code: String?) -> Int {
        guard status == 200 || status == 0 else { return status }
        switch type ?? "" {
        case "rate_limit_error", "throttling_error": return 429
        case "overloaded_error": return 529
        case "api_error", "server_error": return 500
        case "timeout_error": return 504
        case "authentication_error": return 401
        case "permission_error": return 403
        case "not_found_error": return 404
        case "billing_error": return 402
        case "invalid_request_error": return 400
        case "insufficient_quota": return 429
        default: break
        }
        switch code ?? "" {
        case "rate_limit_exceeded", "insufficient_quota", "RESOURCE_EXHAUSTED": return 429
        case "server_error", "INTERNAL": return 500
        case "UNAVAILABLE", "server_is_overloaded": return 503
        case "DEADLINE_EXCEEDED": return 504
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "invalid_prompt", "context_length_exceeded": return 400
        case "PERMISSION_DENIED": return 403
        case "UNAUTHENTICATED": return 401
        case "NOT_FOUND", "model_not_found": return 404
        default: break
        }
        if let c = code, let n = Int(c), (400..<600).contains(n) { return n }
        return 500
    }

    /// An error object that arrived inside a 200 stream (Anthropic `event: error`, an OpenAI/router `data:` line with
    /// an `error` object, a bare Gemini error line): classified with the same table as an error reply.
    public static func streamError(
        provider: ProviderID, json: JSONObject, afterOutput: Bool,
        now: Date = Date()
    ) -> ProviderFailure {
        let err = json["error"]?.objectValue
        let numeric = number(err?["code"]).map { Int($0) }
        var f = classify(
            provider: provider, status: numeric.flatMap { (400..<600).contains($0) ? $0 : nil } ?? 200,
            headers: HeaderFields([]), json: json, body: JSONBody.encode(.object(json)), now: now)
        f.status = nil
        f.afterOutput = afterOutput
        return f
    }

    /// `Retry-After` in seconds or as an HTTP date.
    public static func retryAfter(_ headers: HeaderFields, now: Date) -> Date? {
        headers["retry-after"].flatMap { RetryHint.retryAfter($0, now: now) }
    }

    /// A number from a server's JSON (a number or a numeric string); nil unless finite and within ±1e12
    /// (`TimeValue`), so whatever is made from it converts to integers.
    static func number(_ v: JSONValue?) -> Double? {
        switch v {
        case .number(let text)?, .string(let text)?: TimeValue.sane(Double(text))
        default: nil
        }
    }

    /// The server's message, or a one-line summary of a body that is not JSON (an HTML page from a proxy).
    static func readableMessage(json: JSONObject?, err: JSONObject?, body: Data, headers: HeaderFields) -> String {
        for m in [err?["message"], json?["message"], json?["detail"], json?["error"]] {
            if let m = m?.stringValue, !m.isEmpty { return oneLine(m) }
        }
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        let ctype = headers["content-type"]?.lowercased() ?? ""
        if ctype.contains("html") || text.lowercased().contains("<html") {
            if let r1 = text.range(of: "<title>", options: .caseInsensitive),
                let r2 = text.range(of: "</title>", options: .caseInsensitive, range: r1.upperBound..<text.endIndex)
            {
                return
                    "an HTML page (\(oneLine(String(text[r1.upperBound..<r2.lowerBound])))) instead of an API reply — a proxy or firewall may be in the way"
            }
            return "an HTML page instead of an API reply — a proxy or firewall may be in the way"
        }
        if text.isEmpty { return "" }
        return oneLine(text)
    }

    static func oneLine(_ s: String, max: Int = 300) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count > max ? String(flat.prefix(max)) + "…" : flat
    }
}
