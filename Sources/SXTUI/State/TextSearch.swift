/// Case-insensitive (ASCII letters) substring search over UTF-8 bytes: the conversation search counts matches in
/// every item on each keystroke, so it scans bytes instead of building lower-cased copies of a long history
/// (100,000 lines ≈ 6 MB: a copy per keystroke would cost more than the scan).
enum TextSearch {
    /// The needle prepared once per search.
    struct Needle {
        let bytes: [UInt8]
        init(_ text: String) { bytes = text.utf8.map(TextSearch.lower) }
        var isEmpty: Bool { bytes.isEmpty }
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    /// Non-overlapping occurrences of `needle` in `text`.
    static func count(_ needle: Needle, in text: String) -> Int {
        guard !needle.isEmpty, text.utf8.count >= needle.bytes.count else { return 0 }
        if let n = text.utf8.withContiguousStorageIfAvailable({ count(needle, in: $0) }) { return n }
        return Array(text.utf8).withUnsafeBufferPointer { count(needle, in: $0) }
    }

    static func count(_ needle: Needle, in hay: UnsafeBufferPointer<UInt8>) -> Int {
        needle.bytes.withUnsafeBufferPointer { n in
            let first = n[0]
            let upperFirst = first >= 97 && first <= 122 ? first - 32 : first
            let last = hay.count - n.count
            var i = 0, found = 0
            outer: while i <= last {
                let b = hay[i]
                if b != first && b != upperFirst {
                    i += 1
                    continue
                }
                var j = 1
                while j < n.count {
                    if lower(hay[i + j]) != n[j] {
                        i += 1
                        continue outer
                    }
                    j += 1
                }
                found += 1
                i += n.count
            }
            return found
        }
    }

    /// Where `query` occurs in `text`, as ranges of characters (non-overlapping, left to right): what the
    /// conversation pane highlights in a drawn line.
    static func ranges(of query: String, in text: String) -> [Range<Int>] {
        let needle = Array(query).map(fold)
        guard !needle.isEmpty else { return [] }
        let hay = Array(text).map(fold)
        guard hay.count >= needle.count else { return [] }
        var out: [Range<Int>] = []
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle {
                out.append(i..<(i + needle.count))
                i += needle.count
            } else {
                i += 1
            }
        }
        return out
    }

    static func fold(_ c: Character) -> Character {
        c.isASCII && c.isUppercase ? Character(c.lowercased()) : c
    }
}
