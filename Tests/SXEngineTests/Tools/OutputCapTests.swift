import Foundation
import Testing
@testable import SXEngine

@Suite struct OutputCapTests {
    @Test func shortOutputIsKeptWhole() {
        var buffer = HeadTailBuffer(limit: 100)
        buffer.append(Array("hello\nworld\n".utf8))
        #expect(!buffer.isTruncated)
        #expect(buffer.render() == "hello\nworld\n")
    }

    @Test func longOutputKeepsHeadAndTailAndCountsTheMiddle() {
        var buffer = HeadTailBuffer(headLimit: 10, tailLimit: 10)
        let lines = (0..<1000).map { String(format: "%04d\n", $0) }  // 5 bytes per line
        for line in lines { buffer.append(Array(line.utf8)) }
        let text = buffer.render()
        #expect(text.hasPrefix("0000\n0001\n"))
        #expect(text.hasSuffix("0998\n0999\n"))
        #expect(text.contains("[4980 bytes (996 lines) elided from the middle of 5000 bytes]"))
        #expect(!text.contains("0500"))
    }

    @Test func cutsDoNotLeaveBrokenCharacters() {
        var buffer = HeadTailBuffer(headLimit: 5, tailLimit: 5)
        buffer.append(Array(String(repeating: "é", count: 50).utf8))  // 2 bytes each: limits fall mid-character
        let text = buffer.render()
        #expect(!text.contains("\u{FFFD}"))
        #expect(text.hasPrefix("éé"))
        #expect(text.hasSuffix("éé"))
    }

    @Test func chunkDecoderJoinsCharactersSplitAcrossChunks() {
        var decoder = UTF8ChunkDecoder()
        let bytes = Array("a€b".utf8)  // € is 3 bytes
        let first = decoder.decode(Array(bytes[0..<2]))
        let second = decoder.decode(Array(bytes[2...]))
        #expect(first == "a")
        #expect(second == "€b")
        #expect(decoder.flush() == "")
    }
}
