import Testing
@testable import SXTUI

@Suite struct ScreenBufferTests {
    @Test func widthsOfGraphemes() {
        #expect(CellWidth.of("a") == 1)
        #expect(CellWidth.of("中") == 2)
        #expect(CellWidth.of("😀") == 2)
        #expect(CellWidth.of("👍🏽") == 2)
        #expect(CellWidth.of("👨‍👩‍👧") == 2)
        #expect(CellWidth.of("é") == 1)
        #expect(CellWidth.of("e\u{301}") == 1)
        #expect(CellWidth.of("日本語abc") == 9)
        #expect(CellWidth.of("❤️") == 2)
    }

    @Test func wideGraphemeIsNeverCutAtTheClipEdge() {
        var buf = ScreenBuffer(width: 5, height: 1)
        let advanced = buf.write("ab中文", x: 0, y: 0)
        // "ab" + "中" fill 4 cells; "文" would straddle the edge and becomes a pad space.
        #expect(buf.row(0) == "ab中 ")
        #expect(advanced == 5)
        #expect(buf[3, 0].isContinuation)
        #expect(buf[4, 0].grapheme == " ")
    }

    @Test func clippingToARectKeepsWideCharsWhole() {
        var buf = ScreenBuffer(width: 10, height: 2)
        buf.write("😀😀😀😀", x: 0, y: 0, clip: Rect(x: 0, y: 0, width: 5, height: 1))
        #expect(buf.row(0) == "😀😀      ")
        buf.write("xx中", x: 8, y: 1)
        #expect(buf.row(1).hasSuffix("xx"))
    }

    @Test func overwritingHalfAWideCharErasesTheOtherHalf() {
        var buf = ScreenBuffer(width: 4, height: 1)
        buf.write("中文", x: 0, y: 0)
        buf.write("x", x: 1, y: 0)
        #expect(buf.row(0) == " x文")
        buf.write("y", x: 2, y: 0)
        #expect(buf.row(0) == " xy ")
    }

    @Test func textDumpTrimsTrailingSpaces() {
        var buf = ScreenBuffer(width: 6, height: 2)
        buf.write("hi", x: 1, y: 1)
        #expect(buf.textDump() == "\n hi")
    }

    @Test func styledLineTruncationRespectsCells() {
        let line = StyledLine("日本語テキスト")
        let cut = line.truncated(to: 7)
        #expect(cut.plainText == "日本語…")
        #expect(cut.width <= 7)
        #expect(StyledLine("short").truncated(to: 10).plainText == "short")
    }

    @Test func rectSplitsClampAtTinySizes() {
        let r = Rect(x: 0, y: 0, width: 3, height: 2)
        let (a, b) = r.splitBottom(5)
        #expect(a.height == 0 && b.height == 2)
        #expect(r.inset(2).width == 0)
        #expect(
            Rect(x: 0, y: 0, width: 40, height: 12).centered(width: 72, height: 30)
                == Rect(x: 0, y: 0, width: 40, height: 12))
    }
}

@Suite struct FrameDiffTests {
    @Test func onlyChangedCellsAreWritten() {
        var a = ScreenBuffer(width: 10, height: 2)
        a.write("hello", x: 0, y: 0)
        var b = a
        b.write("J", x: 0, y: 0)
        b.write("!", x: 9, y: 1)
        #expect(FrameDiff.changes(from: a, to: b, width: 10, height: 2).map { [$0.x, $0.y] } == [[0, 0], [9, 1]])
        #expect(FrameDiff.changes(from: b, to: b, width: 10, height: 2).isEmpty)
        #expect(FrameDiff.changes(from: nil, to: b, width: 10, height: 2).count == 20)
    }

    @Test func wideGlyphsAreWrittenOnceFromTheLeft() {
        var a = ScreenBuffer(width: 6, height: 1)
        a.write("abcd", x: 0, y: 0)
        var b = a
        b.write("中", x: 1, y: 0)
        #expect(FrameDiff.changes(from: a, to: b, width: 6, height: 1).map(\.x) == [1])
        // Same glyph, only the right half's old content differed: the glyph is written again from its left cell.
        var c = ScreenBuffer(width: 6, height: 1)
        c.write("中", x: 1, y: 0)
        var d = c
        d[2, 0] = Cell("x", style: .plain, width: 1)
        #expect(FrameDiff.changes(from: d, to: c, width: 6, height: 1).map(\.x) == [1])
    }

    @Test func sizeChangeRedrawsEverything() {
        let a = ScreenBuffer(width: 4, height: 1)
        let b = ScreenBuffer(width: 5, height: 1)
        #expect(FrameDiff.changes(from: a, to: b, width: 5, height: 1).count == 5)
    }
}
