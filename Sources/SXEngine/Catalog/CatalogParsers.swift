import Foundation
import SXCore
import SXAuth

/// One page of a provider's model list.
public struct CatalogPage: Sendable, Equatable {
    public var models: [LiveModel]
    /// The query item that asks for the next page (`after_id`, `pageToken`), nil on the last page.
    public var next: URLQueryItem?
}

public struct CatalogParseError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// Reads each provider's list reply (field names from docs/protocol/codex.md#model-catalog and
/// docs/protocol/retired-models.md#where-catalogs-come-from). Entries without an id are skipped; a reply that is not
/// the expected object is an error, so a garbage body never replaces a good cache.
enum CatalogParsers {
    static func parse(_ provider: ProviderID, _ body: Data) throws -> CatalogPage {
        guard let obj = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw CatalogParseError(description: "the reply is not a JSON object")
        }
        switch provider {
        case .openaiCodex: return try codex(obj)
        case .anthropic, .claudeCode: return try anthropic(obj)
        case .google: return try gemini(obj)
        default: return try openAI(obj)
        }
    }

    private static func list(_ obj: [String: Any], _ key: String) throws -> [[String: Any]] {
        guard let items = obj[key] as? [[String: Any]] else {
            throw CatalogParseError(description: "the reply has no \"\(key)\" list")
        }
        return items
    }

    /// `{"models":[{slug, display_name, visibility, priority, default_reasoning_level, supported_reasoning_levels,
    /// context_window, effective_context_window_percent, input_modalities, upgrade}]}`, sorted by priority.
    static func codex(_ obj: [String: Any]) throws -> CatalogPage {
        let models = try list(obj, "models").compactMap { m -> LiveModel? in
            guard let slug = m["slug"] as? String, !slug.isEmpty else { return nil }
            let levels = (m["supported_reasoning_levels"] as? [[String: Any]])?.compactMap { $0["effort"] as? String }
            return LiveModel(id: slug, displayName: m["display_name"] as? String,
                             hidden: (m["visibility"] as? String) == "hide", priority: int(m["priority"]),
                             defaultEffort: m["default_reasoning_level"] as? String,
                             efforts: levels.flatMap { $0.isEmpty ? nil : $0 },
                             contextWindow: int(m["context_window"]), usablePercent: int(m["effective_context_window_percent"]),
                             imageInput: (m["input_modalities"] as? [String]).map { $0.contains("image") },
                             thinking: levels.map { !$0.isEmpty },
                             upgrade: (m["upgrade"] as? [String: Any])?["model"] as? String)
        }
        let sorted = models.enumerated().sorted { a, b in
            (a.element.priority ?? Int.max, a.offset) < (b.element.priority ?? Int.max, b.offset)
        }.map(\.element)
        return CatalogPage(models: sorted, next: nil)
    }

    /// `{"data":[{id, display_name, created_at, max_input_tokens?, max_tokens?}], "has_more", "last_id"}`,
    /// newest first as the API lists them.
    static func anthropic(_ obj: [String: Any]) throws -> CatalogPage {
        let models = try list(obj, "data").compactMap { m -> LiveModel? in
            guard let id = m["id"] as? String, !id.isEmpty else { return nil }
            return LiveModel(id: id, displayName: m["display_name"] as? String, createdAt: m["created_at"] as? String,
                             contextWindow: int(m["max_input_tokens"]), maxOutputTokens: int(m["max_tokens"]))
        }
        let more = (obj["has_more"] as? Bool) ?? false
        let next = more ? (obj["last_id"] as? String).map { URLQueryItem(name: "after_id", value: $0) } : nil
        return CatalogPage(models: models, next: next)
    }

    /// `{"models":[{name: "models/…", displayName, inputTokenLimit, outputTokenLimit, supportedGenerationMethods,
    /// thinking}], "nextPageToken"}`; only models that generate content (not embeddings).
    static func gemini(_ obj: [String: Any]) throws -> CatalogPage {
        let models = try list(obj, "models").compactMap { m -> LiveModel? in
            guard let name = m["name"] as? String, !name.isEmpty else { return nil }
            if let methods = m["supportedGenerationMethods"] as? [String], !methods.contains("generateContent") { return nil }
            let id = name.hasPrefix("models/") ? String(name.dropFirst(7)) : name
            return LiveModel(id: id, displayName: m["displayName"] as? String, contextWindow: int(m["inputTokenLimit"]),
                             maxOutputTokens: int(m["outputTokenLimit"]), thinking: m["thinking"] as? Bool)
        }
        let token = (obj["nextPageToken"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return CatalogPage(models: models, next: token.map { URLQueryItem(name: "pageToken", value: $0) })
    }

    /// OpenAI's `{"object":"list","data":[{id}]}`, or a router's Ollama-style `{"models":[{name|model}]}`.
    static func openAI(_ obj: [String: Any]) throws -> CatalogPage {
        let items = (obj["data"] as? [[String: Any]]) ?? (obj["models"] as? [[String: Any]])
        guard let items else { throw CatalogParseError(description: "the reply has no \"data\" list") }
        let models = items.compactMap { m -> LiveModel? in
            guard let id = (m["id"] as? String) ?? (m["name"] as? String) ?? (m["model"] as? String), !id.isEmpty else { return nil }
            return LiveModel(id: id)
        }
        return CatalogPage(models: models, next: nil)
    }

    private static func int(_ v: Any?) -> Int? {
        switch v {
        case let i as Int: return i
        case let d as Double where d.isFinite && abs(d) < 1e15: return Int(d)
        case let s as String: return Int(s)
        default: return nil
        }
    }
}
