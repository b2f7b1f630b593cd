/// A reader for the top-level fields of a small JSON object — the streaming delta events — that decodes strings
/// and integers and skips nested values. Foundation's JSON readers cost several microseconds per event on Linux;
/// a 5,000-delta reply made that the biggest part of `sx exec`'s time. Anything it does not understand returns nil
/// and the caller falls back to `JSONSerialization`.
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        case int(Int)
        /// Only with `nested`: objects and arrays read into values, and `null` told apart.
        case object([String: Value])
        case array([Value])
        case null
        /// Anything else: booleans, non-integer numbers, and (without `nested`) objects, arrays and null, skipped.
        case other
    }

    /// The top-level fields of the object in `text`. With `nested`, objects and arrays inside are read too (the
    /// Anthropic and Chat deltas carry their text one or two levels down).
    static func parse(_ text: String, nested: Bool = false) -> [String: Value]? {
        var copy = text
        return copy.withUTF8 { (buf: UnsafeBufferPointer<UInt8>) in
            var i = 0
            guard case .object(let fields)? = value(buf, &i, nested: nested, depth: 0, top: true) else { return nil }
            while i < buf.count && isSpace(buf[i]) { i += 1 }
            return i == buf.count ? fields : nil
        }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> [String: Value]? {
        var i = 0
        guard case .object(let fields)? = value(b, &i, nested: false, depth: 0, top: true) else { return nil }
        return fields
    }

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// Deeper than this is not a delta event: the caller falls back to Foundation.
    private static let maxDepth = 8

    /// One value at `i` (after white space). `top`: the outermost object, always read.
    private static func value(
        _ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, nested: Bool, depth: Int, top: Bool = false
    ) -> Value? {
        let n = b.count
        func ws() { while i < n && isSpace(b[i]) { i += 1 } }
        ws()
        guard i < n else { return nil }
        switch b[i] {
        case 0x22:
            return string(b, &i).map(Value.string)
        case 0x2D, 0x30...0x39:
            let start = i
            var integral = true
            while i < n,
                (0x30...0x39).contains(b[i]) || b[i] == 0x2D || b[i] == 0x2B || b[i] == 0x2E || b[i] == 0x65
                    || b[i] == 0x45
            {
                if b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { integral = false }
                i += 1
            }
            let digits = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            return integral ? (Int(digits).map(Value.int) ?? .other) : .other
        case 0x7B where top || (nested && depth < maxDepth):
            i += 1
            var out: [String: Value] = [:]
            ws()
            if i < n && b[i] == 0x7D { i += 1; return .object(out) }
            while true {
                ws()
                guard let key = string(b, &i) else { return nil }
                ws()
                guard i < n, b[i] == 0x3A else { return nil }
                i += 1
                guard let v = value(b, &i, nested: nested, depth: depth + 1) else { return nil }
                out[key] = v
                ws()
                guard i < n else { return nil }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; return .object(out) }
                return nil
            }
        case 0x5B where nested && depth < maxDepth:
            i += 1
            var out: [Value] = []
            ws()
            if i < n && b[i] == 0x5D { i += 1; return .array(out) }
            while true {
                guard let v = value(b, &i, nested: nested, depth: depth + 1) else { return nil }
                out.append(v)
                ws()
                guard i < n else { return nil }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x5D { i += 1; return .array(out) }
                return nil
            }
        case 0x6E where nested:
            guard i + 4 <= n, b[i + 1] == 0x75, b[i + 2] == 0x6C, b[i + 3] == 0x6C else { return nil }
            i += 4
            return .null
        default:
            guard skip(b, &i) else { return nil }
            return .other
        }
    }

    /// A JSON string at `i` (which points at its opening quote), unescaped.
    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> String? {
        let n = b.count
        guard i < n, b[i] == 0x22 else { return nil }
        i += 1
        let start = i
        while i < n && b[i] != 0x22 && b[i] != 0x5C { i += 1 }
        guard i < n else { return nil }
        if b[i] == 0x22 {
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        var bytes = Array(b[start..<i])
        while i < n {
            let c = b[i]
            if c == 0x22 { i += 1; return String(decoding: bytes, as: UTF8.self) }
            if c != 0x5C { bytes.append(c); i += 1; continue }
            i += 1
            guard i < n else { return nil }
            switch b[i] {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x2F: bytes.append(0x2F)
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                guard var scalar = hex4(b, i + 1) else { return nil }
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 6 < n, b[i + 1] == 0x5C, b[i + 2] == 0x75, let low = hex4(b, i + 3),
                        (0xDC00...0xDFFF).contains(low)
                    else {
                        return nil
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let u = Unicode.Scalar(scalar) else { return nil }
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default: return nil
            }
            i += 1
        }
        return nil
    }

    private static func hex4(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        guard at + 4 <= b.count else { return nil }
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = b[k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Skips a nested value (object, array, literal), honouring strings so that brackets inside them don't count.
    private static func skip(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        let n = b.count
        guard i < n, [0x7B, 0x5B, 0x74, 0x66, 0x6E].contains(b[i]) else { return false }  // { [ true false null
        var depth = 0
        while i < n {
            let c = b[i]
            if c == 0x22 {
                guard string(b, &i) != nil else { return false }
                if depth == 0 { return true }
                continue
            }
            if c == 0x7B || c == 0x5B {
                depth += 1
            } else if c == 0x7D || c == 0x5D {
                if depth == 0 { return true }
                depth -= 1
                if depth == 0 { i += 1; return true }
            } else if depth == 0 && (c == 0x2C) {
                return true
            }
            i += 1
        }
        return depth == 0
    }
}
