/// A JSON object that keeps its keys in the order they were first set.
///
/// Members are held as one array of pairs: a request body makes thousands of small objects per step, and a pair
/// array is one allocation with nothing to hash. Objects larger than `indexAbove` keys (the profiles of a big store,
/// an odd server reply) also keep a key → position index, so a lookup never becomes a scan of thousands.
public struct JSONObject: Sendable {
    /// The members in order; the writer walks them directly.
    public private(set) var entries: [(key: String, value: JSONValue)] = []
    private var index: [String: Int]?
    private static let indexAbove = 16

    public init() {}
    public init(_ pairs: [(String, JSONValue)]) {
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    private func position(_ key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    private mutating func reindex() {
        guard entries.count > Self.indexAbove else { index = nil; return }
        var map = [String: Int](minimumCapacity: entries.count)
        for (i, e) in entries.enumerated() { map[e.key] = i }
        index = map
    }

    /// Setting nil removes the key; setting an existing key keeps its place.
    public subscript(key: String) -> JSONValue? {
        get { position(key).map { entries[$0].value } }
        set {
            if let newValue {
                if let i = position(key) {
                    entries[i].value = newValue
                } else {
                    entries.append((key, newValue))
                    if index != nil {
                        index![key] = entries.count - 1
                    } else if entries.count > Self.indexAbove {
                        reindex()
                    }
                }
            } else if let i = position(key) {
                entries.remove(at: i)
                if index != nil { reindex() }
            }
        }
    }

    /// Edits the object stored under `key` (created empty if absent or not an object) without copying it:
    /// the value is moved out, changed, and put back under the same key, keeping the key order.
    public mutating func withObject<R>(_ key: String, _ body: (inout JSONObject) throws -> R) rethrows -> R {
        guard let i = position(key) else {
            var inner = JSONObject()
            defer { self[key] = .object(inner) }
            return try body(&inner)
        }
        var inner = entries[i].value.objectValue ?? JSONObject()
        entries[i].value = .null
        defer { entries[i].value = .object(inner) }
        return try body(&inner)
    }
}

extension JSONObject: Equatable {
    /// The same members with equal values, in any order.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        return a.entries.allSatisfy { b[$0.key] == $0.value }
    }
}
