import Foundation

/// A JSON document: object keys in the order given (read from a file, or written by a request builder), numbers as
/// their literal text.
///
/// The profile store edits this tree in place, so fields sx does not know (OpenClaw's, or a future version's)
/// survive every rewrite; Codable structs would drop them. Request bodies are built as this tree too, with one
/// addition: `lazyArray`, whose elements are made while the body is written (the history, DECISIONS 20).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, so a millisecond timestamp or a float round-trips unchanged.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
    /// An array made a group at a time by the writer; never produced by the parser.
    case lazyArray(JSONLazyArray)

    public static func int(_ v: Int64) -> JSONValue { .number(String(v)) }
    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }
    /// A whole number below 10^15 is written without a fraction (`2`, not `2.0`); not finite is `null`.
    public static func double(_ d: Double) -> JSONValue {
        guard d.isFinite else { return .null }
        if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int64(d))) }
        return .number("\(d)")
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    /// The elements; a lazy array's are made, all of them.
    public var arrayValue: [JSONValue]? {
        switch self {
        case .array(let a): a
        case .lazyArray(let l): l.materialized()
        default: nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var int64Value: Int64? {
        guard case .number(let n) = self else { return nil }
        if let i = Int64(n) { return i }
        return Double(n).flatMap { $0.isFinite ? Int64(exactly: $0.rounded()) : nil }
    }
    /// A whole number that fits an `Int` (`3` or `3.0`), else nil: `1.5` is not a count.
    public var intValue: Int? {
        guard case .number(let n) = self else { return nil }
        if let i = Int(n) { return i }
        return Double(n).flatMap { Int(exactly: $0) }
    }
    public var doubleValue: Double? { if case .number(let n) = self { Double(n) } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// A member of an object, or nil (also when this is not an object).
    public subscript(key: String) -> JSONValue? { objectValue?[key] }
}

extension JSONValue: Equatable {
    /// Numbers compare by their text (as read); a lazy array equals the array it stands for.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.object(let x), .object(let y)): x == y
        case (.array, .array), (.array, .lazyArray), (.lazyArray, .array), (.lazyArray, .lazyArray):
            a.arrayValue! == b.arrayValue!
        default: false
        }
    }
}

/// A value that has one JSON form: the typed request bodies render themselves with it.
public protocol JSONRepresentable {
    var json: JSONValue { get }
}

extension JSONValue: JSONRepresentable {
    public var json: JSONValue { self }
}

extension JSONValue {
    /// Two-space indented text, like OpenClaw and Codex write their files.
    public func serialized() -> String {
        String(decoding: JSONBody.encodePretty(self, trailingNewline: false), as: UTF8.self)
    }

    /// One line, no spaces: request bodies, like Codex sends them.
    public func compact() -> String {
        String(decoding: JSONBody.encode(self), as: UTF8.self)
    }
}
