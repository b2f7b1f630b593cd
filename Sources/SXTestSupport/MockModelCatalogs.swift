import Foundation

/// One entry of the Codex model catalog, in the shape of docs/protocol/codex.md#model-catalog (prose fields omitted).
public struct CodexMockModel: Sendable {
    public var slug: String
    public var priority: Int
    public var hidden: Bool
    public var defaultEffort: String
    public var efforts: [String]
    public var contextWindow: Int
    public var upgrade: String?
    /// `apply_patch_tool_type`: every model of the captured list says `freeform`; nil leaves the field null.
    public var applyPatch: String?

    public init(
        _ slug: String, priority: Int, hidden: Bool = false, defaultEffort: String = "medium",
        efforts: [String] = ["low", "medium", "high", "xhigh"], contextWindow: Int = 272_000, upgrade: String? = nil,
        applyPatch: String? = "freeform"
    ) {
        self.slug = slug
        self.priority = priority
        self.hidden = hidden
        self.defaultEffort = defaultEffort
        self.efforts = efforts
        self.contextWindow = contextWindow
        self.upgrade = upgrade
        self.applyPatch = applyPatch
    }

    var json: [String: Any] {
        let name = slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
            .replacingOccurrences(of: "Gpt", with: "GPT")
        return [
            "slug": slug, "display_name": name, "description": "", "default_reasoning_level": defaultEffort,
            "supported_reasoning_levels": efforts.map { ["effort": $0, "description": ""] },
            "shell_type": "unified_exec", "apply_patch_tool_type": applyPatch as Any? ?? NSNull(),
            "visibility": hidden ? "hide" : "list", "supported_in_api": true,
            "priority": priority, "availability_nux": NSNull(),
            "upgrade": upgrade.map { ["model": $0, "migration_markdown": ""] as Any } ?? NSNull(),
            "default_reasoning_summary": "none", "support_verbosity": true, "default_verbosity": "low",
            "context_window": contextWindow, "max_context_window": 872_000, "effective_context_window_percent": 95,
            "input_modalities": ["text", "image"], "supports_reasoning_effort_updates": true
        ]
    }
}

/// The list endpoints of the loopback mocks and the providers' own "no such model" replies, so that a model a
/// mock does not list is refused the way the real server refuses it.
public enum MockModelCatalogs {
    static let top = ["low", "medium", "high", "xhigh", "max", "ultra"]
    static let luna = ["low", "medium", "high", "xhigh", "max"]

    /// The Codex CLI 0.163 catalog (docs/protocol/codex.md#model-catalog): first listed is gpt-6.1-sol (priority 1).
    public static let codex: [CodexMockModel] = [
        CodexMockModel("gpt-6-astra", priority: 2, defaultEffort: "low", efforts: top),
        CodexMockModel("gpt-6.1-sol", priority: 1, defaultEffort: "low", efforts: top),
        CodexMockModel("gpt-6-sol", priority: 3, efforts: top),
        CodexMockModel("gpt-6-luna", priority: 4, efforts: luna),
        CodexMockModel("gpt-5.6-sol", priority: 5, defaultEffort: "low", efforts: top, upgrade: "gpt-6-sol"),
        CodexMockModel("gpt-5.6-terra", priority: 8, efforts: top, upgrade: "gpt-6-sol"),
        CodexMockModel("gpt-5.6-luna", priority: 9, efforts: luna, upgrade: "gpt-6-luna"),
        CodexMockModel("gpt-daybreak-blue-latest", priority: 11, hidden: true, defaultEffort: "low", efforts: top),
        CodexMockModel("gpt-daybreak-red-latest", priority: 12, hidden: true, efforts: top, contextWindow: 372_000),
        CodexMockModel("gpt-5.5", priority: 13, upgrade: "gpt-6-sol"),
        CodexMockModel("codex-auto-review", priority: 43, hidden: true, efforts: luna)
    ]

    /// What the key-based mocks list by default: every model the tests ask them for, by provider family.
    public static let keyProviders = [
        "claude-opus-4-8", "claude-sonnet-5", "claude-opus-4-7", "claude-opus-4-7-20260301", "claude-opus-4-6",
        "claude-sonnet-4-5",
        "claude-opus-4-5", "claude-haiku-4-5", "claude-3-7-sonnet-latest", "claude-3-5-haiku-latest",
        "gpt-5.6-sol", "gpt-5.5", "gpt-5", "gpt-5-mini", "gpt-4.1", "gemini-3.5-flash", "gemini-3.1-pro-preview",
        "gemini-2.5-pro",
        "gemini-2.5-flash", "gemini-2.5-flash-lite", "router-small", "router-large", "qwen2.5-coder", "llama3.1:8b",
        "default"
    ]

    /// `{"models":[…]}` with an ETag; a matching `If-None-Match` gets 304 and no body.
    public static func codexList(_ models: [CodexMockModel], request: RecordedRequest) -> MockReply {
        let tag = etag(models.map(\.slug))
        if request.header("if-none-match") == tag { return .full(status: 304, headers: [("etag", tag)], body: Data()) }
        return .json(200, ["models": models.map(\.json)], headers: [("etag", tag)])
    }

    /// Codex refuses a model it does not serve with 400 and a `detail` (as reported by public clients in 2026).
    public static func codexUnknownModel(_ model: String) -> MockReply {
        .json(400, ["detail": "The '\(model)' model is not supported when using Codex with a ChatGPT account."])
    }

    /// `GET /v1/models` for Anthropic: newest first, paged by `limit` / `after_id` with `has_more` and `last_id`.
    public static func anthropicList(_ ids: [String], request: RecordedRequest) -> MockReply {
        let q = query(request.uri)
        let limit = q["limit"].flatMap(Int.init).map { min(max($0, 1), 1000) } ?? 20
        let start = q["after_id"].flatMap { a in ids.firstIndex(of: a).map { $0 + 1 } } ?? 0
        let page = Array(ids[min(start, ids.count)...].prefix(limit))
        let data = page.enumerated().map { i, id -> [String: Any] in
            ["type": "model", "id": id, "display_name": id, "created_at": createdAt(start + i)]
        }
        return .json(
            200,
            [
                "data": data, "has_more": start + page.count < ids.count,
                "first_id": page.first.map { $0 as Any } ?? NSNull(), "last_id": page.last.map { $0 as Any } ?? NSNull()
            ])
    }

    public static func openAIList(_ ids: [String]) -> MockReply {
        .json(
            200,
            [
                "object": "list",
                "data": ids.map { ["id": $0, "object": "model", "created": 1_780_000_000, "owned_by": "mock"] }
            ],
            headers: [("x-litellm-version", "1.0.0-mock")])
    }

    /// `GET /v1beta/models`: `models/…` names with limits and methods, paged by `pageSize` / `pageToken`.
    public static func geminiList(_ ids: [String], request: RecordedRequest) -> MockReply {
        let q = query(request.uri)
        let size = q["pageSize"].flatMap(Int.init).map { min(max($0, 1), 1000) } ?? 50
        let start = q["pageToken"].flatMap { Int($0.dropFirst(5)) } ?? 0
        let page = Array(ids[min(start, ids.count)...].prefix(size))
        var body: [String: Any] = [
            "models": page.map { id -> [String: Any] in
                [
                    "name": "models/\(id)", "displayName": id, "inputTokenLimit": 1_048_576, "outputTokenLimit": 65_536,
                    "supportedGenerationMethods": ["generateContent", "countTokens", "createCachedContent"],
                    "thinking": true
                ]
            }
        ]
        if start + page.count < ids.count { body["nextPageToken"] = "page-\(start + page.count)" }
        return .json(200, body)
    }

    public static func anthropicUnknownModel(_ model: String) -> MockReply {
        .json(404, ["type": "error", "error": ["type": "not_found_error", "message": "model: \(model)"]])
    }

    public static func openAIUnknownModel(_ model: String) -> MockReply {
        .json(
            404,
            [
                "error": [
                    "message": "The model `\(model)` does not exist or you do not have access to it.",
                    "type": "invalid_request_error", "param": NSNull(), "code": "model_not_found"
                ] as [String: Any]
            ])
    }

    public static func geminiUnknownModel(_ model: String) -> MockReply {
        .json(
            404,
            [
                "error": [
                    "code": 404, "status": "NOT_FOUND",
                    "message":
                        "models/\(model) is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."
                ] as [String: Any]
            ])
    }

    /// The model of a Gemini request path (`…/models/X:streamGenerateContent`).
    public static func geminiModel(path: String) -> String? {
        guard let r = path.range(of: "/models/") else { return nil }
        let rest = path[r.upperBound...]
        return String(rest.prefix { $0 != ":" }).removingPercentEncoding
    }

    static func etag(_ ids: [String]) -> String {
        var h: UInt64 = 1469598103934665603
        for b in ids.joined(separator: ",").utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        return "W/\"\(String(h, radix: 16))\""
    }

    static func createdAt(_ i: Int) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: 1_790_000_000 - Double(i) * 86_400))
    }

    static func query(_ uri: String) -> [String: String] {
        guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }
}

extension MockModelCatalogs {
    /// The list reply of a key-based mock for a `GET`, in the shape of the provider the request is for (Anthropic
    /// by its `anthropic-version` header, Gemini by its `/v1beta/` path); nil when the path is not a list.
    static func keyProviderList(_ models: [String], request req: RecordedRequest) -> MockReply? {
        if req.path.hasSuffix("/v1beta/models") {
            return geminiList(models.filter { $0.hasPrefix("gemini") }, request: req)
        }
        guard req.path.hasSuffix("/models") else { return nil }
        if req.header("anthropic-version") != nil {
            return anthropicList(models.filter { $0.hasPrefix("claude") }, request: req)
        }
        return openAIList(models.filter { !$0.hasPrefix("claude") && !$0.hasPrefix("gemini") })
    }

    /// The provider's 404 for a model request naming a model the mock does not list; nil when it lists it.
    static func keyProviderRefusal(_ models: [String], request req: RecordedRequest) -> MockReply? {
        if req.path.contains(":streamGenerateContent") || req.path.contains(":generateContent") {
            guard let m = geminiModel(path: req.path), !models.contains(m) else { return nil }
            return geminiUnknownModel(m)
        }
        guard let m = req.json?["model"] as? String, !models.contains(m) else { return nil }
        return req.path.hasSuffix("/v1/messages") ? anthropicUnknownModel(m) : openAIUnknownModel(m)
    }
}
