extension Redact {
    /// Token shapes that must never reach a transcript, log or screen even when we don't know the secret itself
    /// (a tool that printed a file holding one). Each is matched by a hand-written byte scanner that gives the same
    /// matches as the regular expression beside it (`RedactTokenTests` checks that against `NSRegularExpression`).
    /// No regex engine: Foundation's loads ICU's property tables, which cost the interactive session ~1.5 MB of
    /// resident memory for five fixed shapes, and scanning bytes is ~100× faster.
    enum TokenShape: CaseIterable {
        /// `sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}`: OpenAI and Anthropic API keys.
        case apiKey
        /// `eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+`: JWTs.
        case jwt
        /// `AIza[0-9A-Za-z_\-]{30,}`: Google API keys.
        case googleKey
        /// `(?i)(?<=bearer )[A-Za-z0-9._~+/\-]{16,}=*`: bearer credentials in headers.
        case bearer
        /// `(?i)(?<="(?:refresh_token|access_token|id_token|refresh|access|api_key|key|token)"\s?:\s?")[^"]{12,}(?=")`:
        /// token values in JSON.
        case jsonField

        /// The byte ranges this shape matches in `b`, leftmost first, never overlapping.
        func matches(in b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
            var found: [Range<Int>] = []
            var i = 0, lastEnd = 0
            while i < b.count {
                if let m = match(in: b, at: i), m.lowerBound >= lastEnd {
                    found.append(m)
                    lastEnd = m.upperBound
                    // A lookbehind may read into the previous match ("…Bearer " ending one token can introduce the
                    // next), so its anchors are searched from the next byte; a prefix is part of its match.
                    i = hasLookbehind ? i + 1 : max(m.upperBound, i + 1)
                } else {
                    i += 1
                }
            }
            return found
        }

        private var hasLookbehind: Bool { self == .bearer || self == .jsonField }

        /// The match whose anchor (literal prefix or lookbehind) starts at `i`.
        private func match(in b: UnsafeBufferPointer<UInt8>, at i: Int) -> Range<Int>? {
            switch self {
            case .apiKey:
                guard Scan.literal(b, i, Scan.sk) else { return nil }
                let end = Scan.run(b, i + 3, Scan.isKeyByte)
                return end - (i + 3) >= 16 ? i..<end : nil
            case .googleKey:
                guard Scan.literal(b, i, Scan.aiza) else { return nil }
                let end = Scan.run(b, i + 4, Scan.isKeyByte)
                return end - (i + 4) >= 30 ? i..<end : nil
            case .jwt:
                guard Scan.literal(b, i, Scan.eyj) else { return nil }
                let e1 = Scan.run(b, i + 3, Scan.isKeyByte)
                guard e1 - (i + 3) >= 8, e1 < b.count, b[e1] == Scan.dot else { return nil }
                let e2 = Scan.run(b, e1 + 1, Scan.isKeyByte)
                guard e2 - (e1 + 1) >= 8, e2 < b.count, b[e2] == Scan.dot else { return nil }
                let e3 = Scan.run(b, e2 + 1, Scan.isKeyByte)
                return e3 > e2 + 1 ? i..<e3 : nil
            case .bearer:
                guard let start = Scan.foldedLiteral(b, i, Scan.bearer) else { return nil }
                var end = start, count = 0
                while end < b.count, let n = Scan.bearerCharLength(b, end) {
                    end += n
                    count += 1
                }
                guard count >= 16 else { return nil }
                while end < b.count && b[end] == Scan.equals { end += 1 }
                return start..<end
            case .jsonField:
                guard b[i] == Scan.quote else { return nil }
                for name in Scan.fieldNames {
                    guard var j = Scan.foldedLiteral(b, i + 1, name), j < b.count, b[j] == Scan.quote else { continue }
                    j += 1
                    j += Scan.whitespaceLength(b, j)
                    guard j < b.count, b[j] == Scan.colon else { return nil }
                    j += 1
                    j += Scan.whitespaceLength(b, j)
                    guard j < b.count, b[j] == Scan.quote else { return nil }
                    let start = j + 1
                    var end = start, scalars = 0
                    while end < b.count && b[end] != Scan.quote {
                        if b[end] & 0xC0 != 0x80 { scalars += 1 }
                        end += 1
                    }
                    return end < b.count && scalars >= 12 ? start..<end : nil
                }
                return nil
            }
        }
    }

    /// Replaces every token-shaped substring by its mask.
    public static func scrubTokens(_ text: String) -> String {
        guard text.utf8.count >= 12 else { return text }
        var out = text
        for shape in TokenShape.allCases {
            out = replacing(shape, in: out)
        }
        return out
    }

    private static func replacing(_ shape: TokenShape, in text: String) -> String {
        var text = text
        return text.withUTF8 { b -> String? in
            let ranges = shape.matches(in: b)
            guard !ranges.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var last = 0
            for r in ranges {
                out.append(contentsOf: b[last..<r.lowerBound])
                out.append(contentsOf: mask(String(decoding: b[r], as: UTF8.self)).utf8)
                last = r.upperBound
            }
            out.append(contentsOf: b[last...])
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// Whether `text` holds `needle` (bytes; with `anyCase`, ASCII letters of `text` compared in lower case and
    /// `needle` given in lower case).
    static func contains(_ text: String, _ needle: [UInt8], anyCase: Bool) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard !needle.isEmpty, hay.count >= needle.count else { return false }
            for start in 0...(hay.count - needle.count) {
                var k = 0
                while k < needle.count {
                    let c = hay[start + k]
                    if (anyCase && c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != needle[k] { break }
                    k += 1
                }
                if k == needle.count { return true }
            }
            return false
        }
    }
}

/// Byte-level pieces of the token scanners.
private enum Scan {
    static let sk = Array("sk-".utf8), aiza = Array("AIza".utf8), eyj = Array("eyJ".utf8)
    static let bearer = Array("bearer ".utf8)
    static let fieldNames = [
        "refresh_token", "access_token", "id_token", "refresh", "access", "api_key", "key", "token"
    ]
    .map { Array($0.utf8) }
    static let dot = UInt8(ascii: "."), quote = UInt8(ascii: "\""), colon = UInt8(ascii: ":"),
        equals = UInt8(ascii: "=")

    static func literal(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ needle: [UInt8]) -> Bool {
        guard i + needle.count <= b.count else { return false }
        for k in 0..<needle.count where b[i + k] != needle[k] { return false }
        return true
    }

    /// Case-insensitive match of a lower-case ASCII `needle` at `i`, as the regex engine folds case: besides
    /// ASCII upper case, the Kelvin sign (U+212A) is a `k` and the long s (U+017F) an `s`. Returns the end.
    static func foldedLiteral(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ needle: [UInt8]) -> Int? {
        var j = i
        for n in needle {
            guard j < b.count else { return nil }
            let c = b[j]
            if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) == n {
                j += 1
            } else if n == UInt8(ascii: "k"), j + 2 < b.count, c == 0xE2, b[j + 1] == 0x84, b[j + 2] == 0xAA {
                j += 3
            } else if n == UInt8(ascii: "s"), j + 1 < b.count, c == 0xC5, b[j + 1] == 0xBF {
                j += 2
            } else {
                return nil
            }
        }
        return j
    }

    /// `[A-Za-z0-9_\-]`
    static func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    static func run(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ accept: (UInt8) -> Bool) -> Int {
        var j = i
        while j < b.count && accept(b[j]) { j += 1 }
        return j
    }

    /// Bytes of one character of `[A-Za-z0-9._~+/\-]` under case folding at `i` (the Kelvin sign and the long s
    /// fold into the class), or nil.
    static func bearerCharLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let c = b[i]
        if isKeyByte(c) || c == 0x2E || c == 0x7E || c == 0x2B || c == 0x2F { return 1 }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x84, b[i + 2] == 0xAA { return 3 }
        if c == 0xC5, i + 1 < b.count, b[i + 1] == 0xBF { return 2 }
        return nil
    }

    /// Bytes of one Unicode white-space character (`\s`) at `i`, or 0.
    static func whitespaceLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        guard i < b.count else { return 0 }
        let c = b[i]
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) { return 1 }
        if c == 0xC2, i + 1 < b.count, b[i + 1] == 0x85 || b[i + 1] == 0xA0 { return 2 }
        guard i + 2 < b.count else { return 0 }
        let (c1, c2) = (b[i + 1], b[i + 2])
        if c == 0xE1, c1 == 0x9A, c2 == 0x80 { return 3 }  // U+1680
        if c == 0xE2, c1 == 0x80, (c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF { return 3 }
        if c == 0xE2, c1 == 0x81, c2 == 0x9F { return 3 }  // U+205F
        if c == 0xE3, c1 == 0x80, c2 == 0x80 { return 3 }  // U+3000
        return 0
    }
}
