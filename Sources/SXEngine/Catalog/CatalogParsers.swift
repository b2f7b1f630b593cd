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
        guard let obj = (try? JSONParser.parse(body))?.objectValue else {
            throw CatalogParseError(description: "the reply is not a JSON object")
        }
        switch provider {
        case .openaiCodex: return try codex(obj)
        case .anthropic, .claudeCode: return try anthropic(obj)
        case .google: return try gemini(obj)
        default: return try openAI(obj)
        }
    }

    private static func list(_ obj: JSONObject, _ key: String) throws -> [JSONObject] {
        guard let items = obj[key]?.arrayValue else {
            throw CatalogParseError(description: "the reply has no \"\(key)\" list")
        }
        return items.compactMap(\.objectValue)
    }

    /// `{"models":[{slug, display_name, visibility, priority, default_reasoning_level, supported_reasoning_levels,
    /// context_window, effective_context_window_percent, input_modalities, upgrade}]}`, sorted by priority.
    static func codex(_ obj: JSONObject) throws -> CatalogPage {
        let models = try list(obj, "models").compactMap { m -> LiveModel? in
            guard let slug = m["slug"]?.stringValue, !slug.isEmpty else { return nil }
            let levels = m["supported_reasoning_levels"]?.arrayValue?.compactMap { $0["effort"]?.stringValue }
            return LiveModel(
                id: slug, displayName: m["display_name"]?.stringValue,
                hidden: m["visibility"]?.stringValue == "hide", priority: int(m["priority"]),
                defaultEffort: m["default_reasoning_level"]?.stringValue,
                efforts: levels.flatMap { $0.isEmpty ? nil : $0 },
                contextWindow: int(m["context_window"]), usablePercent: int(m["effective_context_window_percent"]),
                imageInput: strings(m["input_modalities"]).map { $0.contains("image") },
                thinking: levels.map { !$0.isEmpty },
                upgrade: m["upgrade"]?["model"]?.stringValue,
                applyPatchToolType: m["apply_patch_tool_type"]?.stringValue)
        }
        let sorted = models.enumerated().sorted { a, b in
            (a.element.priority ?? Int.max, a.offset) < (b.element.priority ?? Int.max, b.offset)
        }.map(\.element)
        return CatalogPage(models: sorted, next: nil)
    }

    /// `{"data":[{id, display_name, created_at, max_input_tokens?, max_tokens?}], "has_more", "last_id"}`,
    /// newest first as the API lists them.
    static func anthropic(_ obj: JSONObject) throws -> CatalogPage {
        let models = try list(obj, "data").compactMap { m -> LiveModel? in
            guard let id = m["id"]?.stringValue, !id.isEmpty else { return nil }
            return LiveModel(
                id: id, displayName: m["display_name"]?.stringValue, createdAt: m["created_at"]?.stringValue,
                contextWindow: int(m["max_input_tokens"]), maxOutputTokens: int(m["max_tokens"]))
        }
        let more = obj["has_more"]?.boolValue ?? false
        let next = more ? obj["last_id"]?.stringValue.map { URLQueryItem(name: "after_id", value: $0) } : nil
        return CatalogPage(models: models, next: next)
    }

    /// `{"models":[{name: "models/…", displayName, inputTokenLimit, outputTokenLimit, supportedGenerationMethods,
    /// thinking}], "nextPageToken"}`; only models that generate content (not embeddings).
    static func gemini(_ obj: JSONObject) throws -> CatalogPage {
        let models = try list(obj, "models").compactMap { m -> LiveModel? in
            guard let name = m["name"]?.stringValue, !name.isEmpty else { return nil }
            if let methods = strings(m["supportedGenerationMethods"]), !methods.contains("generateContent") {
                return nil
            }
            let id = name.hasPrefix("models/") ? String(name.dropFirst(7)) : name
            return LiveModel(
                id: id, displayName: m["displayName"]?.stringValue, contextWindow: int(m["inputTokenLimit"]),
                maxOutputTokens: int(m["outputTokenLimit"]), thinking: m["thinking"]?.boolValue)
        }
        let token = obj["nextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return CatalogPage(models: models, next: token.map { URLQueryItem(name: "pageToken", value: $0) })
    }

    /// OpenAI's `{"object":"list","data":[{id}]}`, or a router's Ollama-style `{"models":[{name|model}]}`.
    static func openAI(_ obj: JSONObject) throws -> CatalogPage {
        guard let items = obj["data"]?.arrayValue ?? obj["models"]?.arrayValue else {
            throw CatalogParseError(description: "the reply has no \"data\" list")
        }
        let models = items.compactMap { m -> LiveModel? in
            guard let id = m["id"]?.stringValue ?? m["name"]?.stringValue ?? m["model"]?.stringValue, !id.isEmpty else {
                return nil
            }
            return LiveModel(id: id)
        }
        return CatalogPage(models: models, next: nil)
    }

    /// A count as a number (whole, below 10^15) or numeric text.
    private static func int(_ v: JSONValue?) -> Int? {
        switch v {
        case .number(let n)?: Double(n).flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0) : nil }
        case .string(let s)?: Int(s)
        default: nil
        }
    }

    /// A list of strings; nil unless every element is one.
    private static func strings(_ v: JSONValue?) -> [String]? {
        guard let a = v?.arrayValue else { return nil }
        let s = a.compactMap(\.stringValue)
        return s.count == a.count ? s : nil
    }
}
