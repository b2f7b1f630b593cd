import Foundation

extension Redact {
    /// Token shapes that must never reach a transcript, log or screen even when we don't know the secret itself
    /// (a tool that printed a file holding one): API keys, JWTs, bearer headers, refresh tokens in JSON.
    private static let patterns: [NSRegularExpression] = [
        #"sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"#,
        #"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+"#,
        #"AIza[0-9A-Za-z_\-]{30,}"#,
        #"(?i)(?<=bearer )[A-Za-z0-9._~+/\-]{16,}=*"#,
        #"(?i)(?<="(?:refresh_token|access_token|id_token|refresh|access|api_key|key|token)"\s?:\s?")[^"]{12,}(?=")"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// What each pattern cannot match without (same order as `patterns`): a literal, or for the case-insensitive
    /// ones any of their lower-case literals. Scanning bytes for these is ~100× cheaper than the regex engine, and
    /// an answer of 80 KB is recorded once per turn, right before the turn ends.
    private static let anchors: [(needles: [[UInt8]], anyCase: Bool)] = [
        ([Array("sk-".utf8)], false),
        ([Array("eyJ".utf8)], false),
        ([Array("AIza".utf8)], false),
        ([Array("bearer ".utf8)], true),
        (["token\"", "refresh\"", "access\"", "key\""].map { Array($0.utf8) }, true),
    ]

    /// Replaces every token-shaped substring by its mask.
    public static func scrubTokens(_ text: String) -> String {
        guard text.utf8.count >= 12 else { return text }
        // Case-insensitive regexes fold a few non-ASCII letters to ASCII ones (the Kelvin sign to k, the long s to
        // s); text holding them always takes the regex path.
        let folds = contains(text, Array("\u{212A}".utf8), anyCase: false) || contains(text, Array("\u{017F}".utf8), anyCase: false)
        var out = text
        for (re, anchor) in zip(patterns, anchors) {
            if !folds && !anchor.needles.contains(where: { contains(out, $0, anyCase: anchor.anyCase) }) { continue }
            let ns = out as NSString
            let matches = re.matches(in: out, range: NSRange(location: 0, length: ns.length))
            guard !matches.isEmpty else { continue }
            var result = ""
            var last = 0
            for m in matches {
                result += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                result += mask(ns.substring(with: m.range))
                last = m.range.location + m.range.length
            }
            result += ns.substring(from: last)
            out = result
        }
        return out
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
