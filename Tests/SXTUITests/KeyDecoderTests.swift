import Testing
@testable import SXTUI

@Suite struct KeyDecoderTests {
    func chars(_ s: String) -> [KeyDecoder.Raw] { s.unicodeScalars.map { .char($0.value) } }

    @Test func plainKeysAndControls() {
        var d = KeyDecoder(functionKeys: [260: .left])
        #expect(
            d.decode(chars("a\r\n\t\u{7F}\u{03}") + [.code(260)]) == [
                .char("a"), .enter, .ctrl("j"), .tab, .backspace, .ctrl("c"), .left
            ])
    }

    @Test func escapeAltAndAltEnter() {
        var d = KeyDecoder(functionKeys: [:])
        #expect(d.decode(chars("\u{1B}")) == [.escape])
        #expect(d.decode(chars("\u{1B}x")) == [.alt("x")])
        #expect(d.decode(chars("\u{1B}\r")) == [.altEnter])
        #expect(d.decode(chars("\u{1B}[1;5Qz")) == [.char("z")])
    }

    @Test func bracketedPasteAcrossBatches() {
        var d = KeyDecoder(functionKeys: [:])
        #expect(d.decode(chars("\u{1B}[200~line one\rli")) == [])
        #expect(d.decode(chars("ne 二\u{1B}[201~x")) == [.paste("line one\nline 二"), .char("x")])
    }
}
