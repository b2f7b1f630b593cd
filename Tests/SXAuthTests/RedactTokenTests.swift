import Foundation
import Testing
@testable import SXAuth

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
}
