import Foundation
import SXCore

/// JSON Schema as Gemini's `parametersJsonSchema` takes it. Gemini refuses a declaration whose schema has keywords
/// outside the subset it documents (`$schema`, `default`, `examples`, `allOf`, `not`, … which MCP servers' schemas
/// carry), so everything else is dropped; `const` becomes a one-value `enum`, and an `enum` that is not all strings
/// or numbers goes. Property names (`properties`, `$defs`) are kept whatever they are called.
enum GeminiSchema {
    static let keywords: Set<String> = [
        "$id", "$defs", "$ref", "$anchor", "type", "format", "title", "description", "enum", "items", "prefixItems",
        "minItems", "maxItems", "minimum", "maximum", "anyOf", "oneOf", "properties", "additionalProperties",
        "required", "propertyOrdering", "nullable", "minLength", "maxLength", "pattern", "minProperties",
        "maxProperties"
    ]

    static func simplified(_ schema: JSONValue) -> JSONValue {
        guard let object = schema.objectValue else { return schema }
        var out = JSONObject()
        for (key, value) in object.entries {
            switch key {
            case "properties", "$defs":
                guard let members = value.objectValue else { continue }
                var kept = JSONObject()
                for (name, sub) in members.entries { kept[name] = simplified(sub) }
                out[key] = .object(kept)
            case "items", "additionalProperties":
                out[key] = value.objectValue != nil ? simplified(value) : value
            case "anyOf", "oneOf", "prefixItems":
                guard let list = value.arrayValue else { continue }
                out[key] = .array(list.map(simplified))
            case "const":
                if out["enum"] == nil, value.stringValue != nil || value.doubleValue != nil { out["enum"] = [value] }
            case "enum":
                guard let list = value.arrayValue,
                    list.allSatisfy({ $0.stringValue != nil }) || list.allSatisfy({ $0.doubleValue != nil })
                else { continue }
                out[key] = value
            default:
                if keywords.contains(key) { out[key] = value }
            }
        }
        return .object(out)
    }
}
