/// Glob matching shared by `.gitignore` rules and the `glob` tool, on UTF-8 bytes.
///
/// A pattern is a list of `/`-separated segments. `**` as a whole segment spans any number of path segments;
/// inside a segment `*` matches any run of bytes except `/`, `?` one byte, `[a-z]`/`[!x]`/`[^x]` a class, and
/// `\x` the literal `x`.
struct Wildcard: Sendable, Equatable {
    let segments: [[UInt8]]

    init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
    }

    init(segments: [[UInt8]]) { self.segments = segments }

    /// Whether the pattern uses any wildcard at all (a plain path can be looked up directly).
    var isLiteral: Bool {
        !segments.contains {
            $0.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
        }
    }

    func matches(_ path: [[UInt8]]) -> Bool {
        Self.match(segments[...], path[...])
    }

    func matches(_ path: String) -> Bool {
        matches(path.split(separator: "/").map { Array($0.utf8) })
    }

    private static let doubleStar: [UInt8] = [UInt8(ascii: "*"), UInt8(ascii: "*")]

    private static func match(_ pattern: ArraySlice<[UInt8]>, _ path: ArraySlice<[UInt8]>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == doubleStar {
            let rest = pattern.dropFirst()
            // A trailing `**` means "everything inside": at least one more segment.
            if rest.isEmpty { return !path.isEmpty }
            var tail = path
            while true {
                if match(rest, tail) { return true }
                if tail.isEmpty { return false }
                tail = tail.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first[...], segment[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// fnmatch-style matching of one segment, with the classic single-backtrack-point algorithm for `*`.
    static func matchSegment(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        let p = Array(p), s = Array(s)
        var pi = 0, si = 0
        var starP = -1, starS = 0
        while si < s.count {
            if pi < p.count {
                switch p[pi] {
                case UInt8(ascii: "*"):
                    while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
                    starP = pi; starS = si
                    continue
                case UInt8(ascii: "?"):
                    pi += 1; si += 1
                    continue
                case UInt8(ascii: "["):
                    if let (matched, next) = matchClass(p, pi, s[si]) {
                        if matched { pi = next; si += 1; continue }
                    } else if s[si] == UInt8(ascii: "[") {
                        pi += 1; si += 1; continue
                    }
                case UInt8(ascii: "\\") where pi + 1 < p.count:
                    if p[pi + 1] == s[si] { pi += 2; si += 1; continue }
                default:
                    if p[pi] == s[si] { pi += 1; si += 1; continue }
                }
            }
            guard starP >= 0 else { return false }
            starS += 1
            si = starS
            pi = starP
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// Matches `c` against the class starting at `p[start] == "["`; nil when the class is not closed.
    private static func matchClass(_ p: [UInt8], _ start: Int, _ c: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count && (p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^")) { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count {
            var lo = p[i]
            if lo == UInt8(ascii: "]") && !first { return (matched != negate, i + 1) }
            first = false
            if lo == UInt8(ascii: "\\") && i + 1 < p.count { i += 1; lo = p[i] }
            if i + 2 < p.count && p[i + 1] == UInt8(ascii: "-") && p[i + 2] != UInt8(ascii: "]") {
                var hi = p[i + 2]
                var skip = 3
                if hi == UInt8(ascii: "\\") && i + 3 < p.count { hi = p[i + 3]; skip = 4 }
                if lo <= c && c <= hi { matched = true }
                i += skip
            } else {
                if lo == c { matched = true }
                i += 1
            }
        }
        return nil
    }
}
