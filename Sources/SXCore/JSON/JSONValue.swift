import Foundation

/// A JSON document kept exactly as read: object keys in file order, numbers as their literal text.
///
/// The profile store edits this tree in place, so fields sx does not know (OpenClaw's, or a future version's)
/// survive every rewrite; Codable structs would drop them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, so a millisecond timestamp or a float round-trips unchanged.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func int(_ v: Int64) -> JSONValue { .number(String(v)) }
    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var int64Value: Int64? {
        guard case .number(let n) = self else { return nil }
        if let i = Int64(n) { return i }
        return Double(n).flatMap { $0.isFinite ? Int64(exactly: $0.rounded()) : nil }
    }
    public var doubleValue: Double? { if case .number(let n) = self { Double(n) } else { nil } }
    public var isNull: Bool { self == .null }
}

/// A JSON object that remembers its key order.
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    public init() {}
    public init(_ pairs: [(String, JSONValue)]) { for (k, v) in pairs { self[k] = v } }

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Edits the object stored under `key` (created empty if absent or not an object) without copying it:
    /// the value is moved out, changed, and put back under the same key, keeping the key order.
    public mutating func withObject<R>(_ key: String, _ body: (inout JSONObject) throws -> R) rethrows -> R {
        var inner = values[key]?.objectValue ?? JSONObject()
        if values[key] != nil { values[key] = .null }
        defer { self[key] = .object(inner) }
        return try body(&inner)
    }

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }
    public var entries: [(key: String, value: JSONValue)] { keys.map { ($0, values[$0]!) } }

    public static func == (a: JSONObject, b: JSONObject) -> Bool { a.values == b.values }
}

extension JSONValue {
    /// Two-space indented text, like OpenClaw and Codex write their files.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    /// One line, no spaces: request bodies, like Codex sends them.
    public func compact() -> String {
        switch self {
        case .null, .bool, .number, .string: return serialized()
        case .array(let a): return "[" + a.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.entries.map { e in
                var k = ""
                JSONValue.writeString(e.key, into: &k)
                return k + ":" + e.value.compact()
            }.joined(separator: ",") + "}"
        }
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, v) in a.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                v.write(into: &out, indent: indent + 1)
                out += i == a.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{\n"
            let entries = o.entries
            for (i, e) in entries.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                JSONValue.writeString(e.key, into: &out)
                out += ": "
                e.value.write(into: &out, indent: indent + 1)
                out += i == entries.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
