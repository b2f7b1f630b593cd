import Foundation

/// The one JSON writer: a `JSONValue` straight into UTF-8 bytes, compact for requests and transcripts, indented
/// for state files.
///
/// Every request carries the whole history, so a long session sends megabytes per step. Foundation's
/// `JSONSerialization` took ~165 ms and left ~8 MB of heap behind for a 2 MB body (500 turns); this writer
/// copies each string once, escaping only what JSON requires (no `\/`, non-ASCII as UTF-8). Keys come in the
/// order the value holds them, so the same history always gives the same bytes.
public enum JSONBody {
    public struct UnsupportedValue: Error, CustomStringConvertible {
        public let typeName: String
        public var description: String { "JSON: cannot encode a value of type \(typeName)" }
    }

    public static func encode(_ value: JSONValue) -> Data {
        var out = ByteSink()
        write(value, into: &out)
        return out.data()
    }

    /// A Foundation tree (`[String: Any]`, as `JSONSerialization` gives) through the same writer; its
    /// dictionaries have no order, so their keys are sorted.
    public static func encode(_ value: Any) throws -> Data {
        encode(try JSONValue(foundation: value))
    }

    /// The same JSON laid out for people (state files): two-space indents, one member per line.
    public static func encodePretty(_ value: JSONValue, trailingNewline: Bool = true) -> Data {
        var out = ByteSink()
        writePretty(value, indent: 0, into: &out)
        if trailingNewline { out.append(UInt8(ascii: "\n")) }
        return out.data()
    }

    public static func encodePretty(_ value: Any) throws -> Data {
        encodePretty(try JSONValue(foundation: value))
    }

    static func writePretty(_ value: JSONValue, indent: Int, into out: inout ByteSink) {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            for _ in 0..<(2 * level) { out.append(UInt8(ascii: " ")) }
        }
        switch value {
        case .object(let object) where !object.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                writePretty(member.value, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        case .array, .lazyArray:
            let elements = value.arrayValue ?? []
            guard !elements.isEmpty else { out.append(UInt8(ascii: "[")); out.append(UInt8(ascii: "]")); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writePretty(element, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        default:
            write(value, into: &out)
        }
    }

    static func write(_ value: JSONValue, into out: inout ByteSink) {
        switch value {
        case .null: out.append(contentsOf: nullBytes)
        case .bool(let b): out.append(contentsOf: b ? trueBytes : falseBytes)
        case .number(let n): out.append(utf8: n)
        case .string(let s): writeString(s, into: &out)
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (i, element) in array.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .lazyArray(let lazy):
            out.append(UInt8(ascii: "["))
            var first = true
            for group in 0..<lazy.groups {
                for element in lazy.make(group) {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    write(element, into: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

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
