import Foundation
import Testing
import SXTestSupport
@testable import SXCore

@Suite struct RedactTokenTests {
    @Test func masksEveryTokenShapeWhateverItsCase() {
        let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4eXp6eSJ9.c2lnbmF0dXJl"
        let text = """
            key sk-proj-abcdefghijklmnopqrstuv here
            jwt \(jwt)
            google AIzaSyA-abcdefghijklmnopqrstuvwxyz0123
            header BEARER abcdefghijklmnopqrstuvwx
            json {"Refresh_Token": "rt-abcdefghijklmnop"}
            """
        let out = Redact.scrubTokens(text)
        #expect(!out.contains("abcdefghijklmnopqrstuv"))
        #expect(!out.contains(jwt))
        #expect(!out.contains("AIzaSyA-abcdefghijklmnopqrstuvwxyz0123"))
        #expect(!out.contains("BEARER abcdefghijklmnopqrstuvwx"))
        #expect(!out.contains("rt-abcdefghijklmnop"))
        #expect(out.contains("key sk-"))
        #expect(out.contains("header BEARER "))
    }

    @Test func textWithoutAnchorsComesBackUnchanged() {
        let answer = String(repeating: "lorem ipsum dolor sit amet, tokens and keys and bearers 日本語 😀\n", count: 2_000)
        #expect(Redact.scrubTokens(answer) == answer)
    }

    @Test func anchorSearchIsByteExactOrASCIICaseInsensitive() {
        #expect(Redact.contains("a Bearer x", Array("bearer ".utf8), anyCase: true))
        #expect(!Redact.contains("a Bearer x", Array("bearer ".utf8), anyCase: false))
        #expect(Redact.contains("x\"KEY\": 1", Array("key\"".utf8), anyCase: true))
        #expect(!Redact.contains("sk", Array("sk-".utf8), anyCase: false))
        #expect(Redact.contains("sk-", Array("sk-".utf8), anyCase: false))
        #expect(!Redact.contains("", Array("sk-".utf8), anyCase: false))
    }

    /// The scanners must mask exactly what the regular expressions they stand for match: thousands of strings
    /// built from the pieces tokens are made of (anchors, class characters, quotes, white space, the two letters
    /// the regex engine folds into ASCII, wide characters) go through both.
    @Test func scannersMatchTheRegularExpressionsTheyReplace() throws {
        let reference = try ReferenceScrubber()
        let pieces = [
            "sk-", "ant-", "proj-", "eyJ", "AIza", "bearer ", "Bearer ", "BEARER ", "bea\u{212A}", ".", "=", "==",
            "\"", "\"token\"", "\"refresh_token\"", "\"api_key\"", "\"KEY\"", "\"to\u{212A}en\"", "\"acce\u{017F}s\"",
            ":", ": ", " :", "\u{00A0}", "\u{3000}", "\t", "\n", " ", "abcdefgh", "ABCDEFGH", "01234567", "_-",
            "~+/", "x", "Zz9", "\u{212A}", "\u{017F}", "日本語", "😀", "é", "\"x\""
        ]
        var rng = SplitMix(seed: 0x5eed)
        var checked = 0
        for _ in 0..<12_000 {
            let n = Int(rng.next() % 24) + 1
            var text = ""
            for _ in 0..<n { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let want = reference.scrub(text)
            #expect(Redact.scrubTokens(text) == want, "input: \(text.debugDescription)")
            if want != text { checked += 1 }
        }
        // The generator must really produce tokens, or the comparison proves nothing.
        #expect(checked > 250)
    }
}

/// The regular expressions the scanners replace, run by Foundation's engine: the reference for the comparison.
private struct ReferenceScrubber {
    let patterns: [NSRegularExpression]

    init() throws {
        patterns = try [
            #"sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"#,
            #"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+"#,
            #"AIza[0-9A-Za-z_\-]{30,}"#,
            #"(?i)(?<=bearer )[A-Za-z0-9._~+/\-]{16,}=*"#,
            #"(?i)(?<="(?:refresh_token|access_token|id_token|refresh|access|api_key|key|token)"\s?:\s?")[^"]{12,}(?=")"#
        ].map { try NSRegularExpression(pattern: $0) }
    }

    func scrub(_ text: String) -> String {
        guard text.utf8.count >= 12 else { return text }
        var out = text
        for re in patterns {
            let ns = out as NSString
            let matches = re.matches(in: out, range: NSRange(location: 0, length: ns.length))
            guard !matches.isEmpty else { continue }
            var result = ""
            var last = 0
            for m in matches {
                result += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                result += Redact.mask(ns.substring(with: m.range))
                last = m.range.location + m.range.length
            }
            out = result + ns.substring(from: last)
        }
        return out
    }
}
