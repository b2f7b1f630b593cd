import Foundation
import SXCore
import SXAuth

extension EngineEvent {
    /// One JSON object per event, for `sx exec --json` and transcripts. Credentials never appear in events.
    public var jsonObject: [String: Any] {
        switch self {
        case .requestStarted(let p, let m, let profile, let step):
            var o: [String: Any] = ["type": "request_started", "provider": p.displayName, "model": m, "step": step]
            if let profile { o["profile"] = profile }
            return o
        case .thinkingDelta(let d): return ["type": "thinking_delta", "delta": d]
        case .textDelta(let d): return ["type": "text_delta", "delta": d]
        case .toolCall(let c): return ["type": "tool_call", "call_id": c.id, "name": c.name, "arguments": c.arguments]
        case .toolOutput(let id, let chunk): return ["type": "tool_output", "call_id": id, "chunk": chunk]
        case .toolResult(let r, let code, let ms):
            var o: [String: Any] = ["type": "tool_result", "call_id": r.callId, "name": r.name, "output": r.output,
                                    "is_error": r.isError, "duration_ms": ms]
            if let code { o["exit_code"] = Int(code) }
            if !r.images.isEmpty { o["images"] = r.images.count }
            return o
        case .usage(let u): return ["type": "usage", "usage": u.jsonObject]
        case .rateLimits(let profile, let s):
            var o: [String: Any] = ["type": "rate_limits"]
            if let profile { o["profile"] = profile }
            if let p = s.primary { o["primary"] = p.jsonObject }
            if let p = s.secondary { o["secondary"] = p.jsonObject }
            return o
        case .profileSwitched(let from, let to, let reason):
            var o: [String: Any] = ["type": "profile_switched", "to": to, "reason": reason]
            if let from { o["from"] = from }
            return o
        case .modelSwitched(let from, let to, let reason):
            return ["type": "model_switched", "from": from, "to": to, "reason": reason]
        case .notice(let m): return ["type": "notice", "message": m]
        case .waiting(let until, let reason):
            return ["type": "waiting", "until_ms": until.epochMillis, "reason": reason]
        case .waitEnded: return ["type": "wait_ended"]
        case .error(let m): return ["type": "error", "message": m]
        case .turnDone(let s):
            return ["type": "turn_done", "outcome": s.outcome.rawValue, "steps": s.steps, "provider": s.provider,
                    "model": s.model, "usage": s.usage.jsonObject]
        }
    }

    public var jsonLine: String {
        let data = (try? JSONBody.encode(jsonObject)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Usage {
    public var jsonObject: [String: Any] {
        ["input_tokens": inputTokens, "cached_input_tokens": cachedInputTokens, "cache_write_tokens": cacheWriteTokens,
         "output_tokens": outputTokens, "reasoning_output_tokens": reasoningTokens]
    }
}

extension RateLimitWindow {
    public var jsonObject: [String: Any] {
        var o: [String: Any] = ["used_percent": usedPercent]
        if let w = windowMinutes { o["window_minutes"] = w }
        if let r = resetsAt { o["resets_at"] = Int(r.timeIntervalSince1970) }
        return o
    }
}
