import Foundation

/// Serialises a request body tree (`[String: Any]` of strings, numbers, booleans, arrays, dictionaries and
/// `NSNull`, as the request builders make them) straight into UTF-8 bytes.
///
/// Every request carries the whole history, so a long session sends megabytes per step. Foundation's
/// `JSONSerialization` took ~165 ms and left ~8 MB of heap behind for a 2 MB body (500 turns); this writer
/// copies each string once, escaping only what JSON requires (no `\/`, non-ASCII as UTF-8). Keys are sorted, so
/// the same history always gives the same bytes.
public enum JSONBody {
    public struct UnsupportedValue: Error, CustomStringConvertible {
        public let typeName: String
        public var description: String { "request body: cannot encode a value of type \(typeName) as JSON" }
    }

    public static func encode(_ value: Any) throws -> Data {
        var out = ByteSink()
        try write(value, into: &out)
        return out.data()
    }

    /// The same JSON laid out for people (state files): two-space indents, one member per line, keys sorted.
    public static func encodePretty(_ value: Any) throws -> Data {
        var out = ByteSink()
        try writePretty(value, indent: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
        return out.data()
    }

    static func writePretty(_ value: Any, indent: Int, into out: inout ByteSink) throws {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            for _ in 0..<(2 * level) { out.append(UInt8(ascii: " ")) }
        }
        switch value {
        case let object as [String: Any] where !object.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, key) in object.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writeString(key, into: &out)
                out.append(contentsOf: Array(": ".utf8))
                try writePretty(object[key] as Any, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        case let array as [Any] where !array.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, element) in array.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                try writePretty(element, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        default:
            try write(value, into: &out)
        }
    }

    static func write(_ value: Any, into out: inout ByteSink) throws {
        switch value {
        case let s as String:
            writeString(s, into: &out)
        case let b as Bool where type(of: value) == Bool.self:
            out.append(contentsOf: b ? trueBytes : falseBytes)
        case let i as Int where type(of: value) == Int.self:
            out.append(contentsOf: String(i).utf8)
        case let d as Double where type(of: value) == Double.self:
            writeDouble(d, into: &out)
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            var first = true
            for key in object.keys.sorted() {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(object[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (i, element) in array.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let lazy as JSONLazyArray:
            out.append(UInt8(ascii: "["))
            var first = true
            for group in 0..<lazy.groups {
                for element in lazy.make(group) {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    try write(element, into: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
        case is NSNull:
            out.append(contentsOf: nullBytes)
        case let n as NSNumber:
            // What JSONSerialization.jsonObject gives for numbers and booleans (tool schemas are parsed with it).
            let kind = String(cString: n.objCType)
            if kind == "c" || kind == "B" {
                out.append(contentsOf: n.boolValue ? trueBytes : falseBytes)
            } else if kind == "d" || kind == "f" {
                writeDouble(n.doubleValue, into: &out)
            } else {
                out.append(contentsOf: n.stringValue.utf8)
            }
        case let i as Int64:
            out.append(contentsOf: String(i).utf8)
        case let i as Int32:
            out.append(contentsOf: String(i).utf8)
        default:
            throw UnsupportedValue(typeName: "\(type(of: value))")
        }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    private static func writeDouble(_ d: Double, into out: inout ByteSink) {
        guard d.isFinite else { out.append(contentsOf: nullBytes); return }
        if d == d.rounded(), abs(d) < 1e15 { out.append(contentsOf: String(Int64(d)).utf8) } else { out.append(contentsOf: "\(d)".utf8) }
    }

    /// Runs of bytes that need no escape are appended in one go.
    static func writeString(_ s: String, into out: inout ByteSink) {
        out.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if runStart < i { out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: Array("u00".utf8))
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0x0F)])
                }
            }
            if runStart < bytes.count { out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The bytes of one JSON document, in memory from `malloc` that grows with `realloc` and is handed to the `Data`
/// without a copy. A body of megabytes (the whole history, every step) is thus held once: an `Array` that doubles
/// keeps the old and the new buffer alive during each growth and is then copied into the `Data`, three to four
/// times the body at the peak. Large buffers are `mmap`ed by malloc, so growing them is a page remap, and the
/// slack of the last doubling is address space, not resident memory.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// Counts what would be written and keeps nothing: a body's length for `Content-Length` without writing it.
    private let countOnly: Bool

    init(capacity: Int = 4096) {
        self.init(capacity: capacity, countOnly: false)
    }

    /// A sink that only counts.
    static func counter() -> ByteSink { ByteSink(capacity: 64, countOnly: true) }

    private init(capacity: Int, countOnly: Bool) {
        self.capacity = max(64, capacity)
        self.countOnly = countOnly
        guard let p = malloc(self.capacity) else { fatalError("JSONBody: out of memory") }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity
        while grown < count + extra { grown *= 2 }
        guard let p = realloc(base, grown) else { fatalError("JSONBody: out of memory") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = grown
    }

    mutating func append(_ byte: UInt8) {
        if countOnly { count += 1; return }
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if countOnly { count += bytes.count; return }
        guard let src = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: src, count: bytes.count)
        count += bytes.count
    }

    mutating func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        for b in bytes { append(b) }
    }

    /// The bytes as `Data`, which frees them when it goes.
    consuming func data() -> Data {
        let size = max(count, 1)
        let trimmed = realloc(base, size) ?? UnsafeMutableRawPointer(base)
        let data = Data(bytesNoCopy: trimmed, count: count, deallocator: .free)
        discard self
        return data
    }
}

/// A request body object written a few dozen kilobytes at a time, as the connection takes them: the same bytes
/// as `JSONBody.encode(object)`, but a history of megabytes is never held as one buffer. The object's arrays
/// (the history) are written one element per step, everything else whole.
///
/// The object is only read, never changed: the tree the request builders make holds strings, numbers, arrays
/// and dictionaries, all values.
public struct JSONBodyPieces: @unchecked Sendable {
    private let object: [String: Any]
    private let keys: [String]
    /// Where the writer is: the next key, and inside an array value its elements and the next one.
    private var keyIndex = 0
    private var elements: [Any]?
    private var elementIndex = 0
    /// Inside a lazy array: it, and the next group to make; `elements` holds the current group.
    private var lazy: JSONLazyArray?
    private var nextGroup = 0
    private var wroteElement = false
    private var started = false
    private var finished = false

    public init(_ object: [String: Any]) {
        self.object = object
        self.keys = object.keys.sorted()
    }

    /// The next piece, at least `minBytes` long unless it is the last; nil once everything was written.
    public mutating func next(minBytes: Int = 64 * 1024) throws -> Data? {
        guard !finished else { return nil }
        var out = ByteSink(capacity: minBytes + minBytes / 4)
        try write(into: &out, minBytes: minBytes)
        return out.data()
    }

    /// Writes from where the writer is until `out` holds `minBytes` or the body is complete.
    private mutating func write(into out: inout ByteSink, minBytes: Int) throws {
        if !started {
            out.append(UInt8(ascii: "{"))
            started = true
        }
        while out.count < minBytes && !finished {
            if let list = elements {
                if elementIndex < list.count {
                    if wroteElement { out.append(UInt8(ascii: ",")) }
                    try JSONBody.write(list[elementIndex], into: &out)
                    elementIndex += 1
                    wroteElement = true
                } else if let lazy, nextGroup < lazy.groups {
                    elements = lazy.make(nextGroup)
                    nextGroup += 1
                    elementIndex = 0
                } else {
                    out.append(UInt8(ascii: "]"))
                    elements = nil
                    lazy = nil
                    keyIndex += 1
                }
                continue
            }
            guard keyIndex < keys.count else {
                out.append(UInt8(ascii: "}"))
                finished = true
                break
            }
            let key = keys[keyIndex]
            if keyIndex > 0 { out.append(UInt8(ascii: ",")) }
            JSONBody.writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            let value = object[key] as Any
            if let list = value as? [Any] {
                out.append(UInt8(ascii: "["))
                elements = list
                elementIndex = 0
                wroteElement = false
            } else if let list = value as? JSONLazyArray {
                out.append(UInt8(ascii: "["))
                lazy = list
                nextGroup = 0
                elements = []
                elementIndex = 0
                wroteElement = false
            } else {
                try JSONBody.write(value, into: &out)
                keyIndex += 1
            }
        }
    }

    /// The whole body's length in bytes, for `Content-Length`: one pass through a sink that only counts.
    public func length() throws -> Int {
        var copy = JSONBodyPieces(object)
        var counter = ByteSink.counter()
        try copy.write(into: &counter, minBytes: .max)
        return counter.count
    }
}

/// An array whose elements are made a group at a time while the body is written, and dropped right after: the
/// history part of a request (one group per message) never exists as one tree. `make` must give the same elements
/// every time it is called (the body is gone through twice: once to count its length, once to send it).
public struct JSONLazyArray: @unchecked Sendable {
    public let groups: Int
    public let make: (Int) -> [Any]

    public init(groups: Int, make: @escaping (Int) -> [Any]) {
        self.groups = groups
        self.make = make
    }
}
