import Foundation
import SXCore
import SXAuth

extension EngineEvent {
    /// One JSON object per event, `type` first, for `sx exec --json` and transcripts. Credentials never appear in
    /// events.
    public var json: JSONObject {
        switch self {
        case .requestStarted(let p, let m, let profile, let step):
            var o: JSONObject = [
                "type": "request_started", "provider": .string(p.displayName), "model": .string(m),
                "step": .int(step)
            ]
            if let profile { o["profile"] = .string(profile) }
            return o
        case .thinkingDelta(let d): return ["type": "thinking_delta", "delta": .string(d)]
        case .textDelta(let d): return ["type": "text_delta", "delta": .string(d)]
        case .toolCall(let c):
            return [
                "type": "tool_call", "call_id": .string(c.id), "name": .string(c.name),
                "arguments": .string(c.arguments)
            ]
        case .toolOutput(let id, let chunk):
            return ["type": "tool_output", "call_id": .string(id), "chunk": .string(chunk)]
        case .toolResult(let r, let code, let ms):
            var o: JSONObject = [
                "type": "tool_result", "call_id": .string(r.callId), "name": .string(r.name),
                "output": .string(r.output), "is_error": .bool(r.isError), "duration_ms": .int(ms)
            ]
            if let code { o["exit_code"] = .int(Int(code)) }
            if !r.images.isEmpty { o["images"] = .int(r.images.count) }
            if !r.diffs.isEmpty { o["diffs"] = .array(r.diffs.map { .object($0.json) }) }
            return o
        case .usage(let u): return ["type": "usage", "usage": .object(u.json)]
        case .rateLimits(let profile, let s):
            var o: JSONObject = ["type": "rate_limits"]
            if let profile { o["profile"] = .string(profile) }
            if let p = s.primary { o["primary"] = .object(p.json) }
            if let p = s.secondary { o["secondary"] = .object(p.json) }
            return o
        case .profileSwitched(let from, let to, let reason):
            var o: JSONObject = ["type": "profile_switched"]
            if let from { o["from"] = .string(from) }
            o["to"] = .string(to)
            o["reason"] = .string(reason)
            return o
        case .modelSwitched(let from, let to, let reason):
            return ["type": "model_switched", "from": .string(from), "to": .string(to), "reason": .string(reason)]
        case .notice(let m): return ["type": "notice", "message": .string(m)]
        case .waiting(let until, let reason):
            return ["type": "waiting", "until_ms": .int(until.epochMillis), "reason": .string(reason)]
        case .waitEnded: return ["type": "wait_ended"]
        case .plan(let plan):
            var o: JSONObject = ["type": "plan"]
            if let e = plan.explanation { o["explanation"] = .string(e) }
            o["plan"] = .array(
                plan.steps.map { .object(["step": .string($0.step), "status": .string($0.status.rawValue)]) })
            return o
        case .error(let m): return ["type": "error", "message": .string(m)]
        case .context(let c):
            return [
                "type": "context", "tokens": .int(c.tokens), "window": .int(c.window),
                "percent_left": .int(c.percentLeft)
            ]
        case .compacted(let r):
            return [
                "type": "context_compacted", "before_tokens": .int(r.before), "after_tokens": .int(r.after),
                "summary": .string(r.summary)
            ]
        case .turnDone(let s):
            return [
                "type": "turn_done", "outcome": .string(s.outcome.rawValue), "steps": .int(s.steps),
                "provider": .string(s.provider), "model": .string(s.model), "usage": .object(s.usage.json)
            ]
        }
    }

    public var jsonLine: String { String(decoding: JSONBody.encode(.object(json)), as: UTF8.self) }
}

extension Usage {
    public var json: JSONObject {
        [
            "input_tokens": .int(inputTokens), "cached_input_tokens": .int(cachedInputTokens),
            "cache_write_tokens": .int(cacheWriteTokens), "output_tokens": .int(outputTokens),
            "reasoning_output_tokens": .int(reasoningTokens)
        ]
    }
}

extension RateLimitWindow {
    public var json: JSONObject {
        var o: JSONObject = ["used_percent": .double(usedPercent)]
        if let w = windowMinutes { o["window_minutes"] = .int(w) }
        if let r = resetsAt { o["resets_at"] = .int(Int(r.timeIntervalSince1970)) }
        return o
    }
}

extension FileDiff {
    /// A changed file in `sx exec --json` events: path, kind, counts and the unified patch text.
    public var json: JSONObject {
        var o: JSONObject = ["path": .string(path), "kind": .string(kind.rawValue)]
        if let oldPath { o["old_path"] = .string(oldPath) }
        o["added"] = .int(added)
        o["removed"] = .int(removed)
        o["patch"] = .string(unified)
        return o
    }
}
