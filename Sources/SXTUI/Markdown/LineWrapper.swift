/// Word-wraps styled lines to a width in cells. Words longer than a line are broken between graphemes (never
/// inside one); a wide grapheme that would straddle the edge moves to the next line. Prefixes (list bullets,
/// quote bars) are drawn on the first line and an aligned continuation on the rest.
public enum LineWrapper {
    struct Glyph {
        var ch: Character
        var style: Style
        var width: Int
    }

    public static func wrap(
        _ line: StyledLine, width: Int, first: StyledLine = StyledLine(),
        rest: StyledLine = StyledLine()
    ) -> [StyledLine] {
        let avail = { (isFirst: Bool) in max(1, width - (isFirst ? first.width : rest.width)) }
        var glyphs: [Glyph] = []
        for span in line.spans {
            for ch in span.text { glyphs.append(Glyph(ch: ch, style: span.style, width: CellWidth.of(ch))) }
        }
        var lines: [StyledLine] = []
        var current = first
        var used = 0
        var isFirst = true
        var pendingSpaces: [Glyph] = []

        func newLine() {
            lines.append(current)
            current = rest
            used = 0
            isFirst = false
            pendingSpaces.removeAll()
        }
        func put(_ g: Glyph) {
            current.append(String(g.ch), g.style)
            used += g.width
        }

        var i = 0
        while i < glyphs.count {
            if glyphs[i].ch == " " {
                if used > 0 { pendingSpaces.append(glyphs[i]) }
                i += 1
                continue
            }
            var j = i
            var wordWidth = 0
            while j < glyphs.count && glyphs[j].ch != " " { wordWidth += glyphs[j].width; j += 1 }
            let spaceWidth = pendingSpaces.count
            if used + spaceWidth + wordWidth <= avail(isFirst) {
                pendingSpaces.forEach(put)
                pendingSpaces.removeAll()
                for k in i..<j { put(glyphs[k]) }
            } else if wordWidth <= avail(false) && used > 0 {
                newLine()
                for k in i..<j { put(glyphs[k]) }
            } else {
                if used > 0 && used + spaceWidth < avail(isFirst) { pendingSpaces.forEach(put) }
                pendingSpaces.removeAll()
                for k in i..<j {
                    if used + glyphs[k].width > avail(isFirst) && used > 0 { newLine() }
                    put(glyphs[k])
                }
            }
            i = j
        }
        lines.append(current)
        return lines
    }

    /// Hard-wraps (no word boundaries) — for code, where reflowing words would mislead.
    public static func hardWrap(_ line: StyledLine, width: Int, prefix: StyledLine = StyledLine()) -> [StyledLine] {
        let avail = max(1, width - prefix.width)
        var lines: [StyledLine] = []
        var current = prefix
        var used = 0
        for span in line.spans {
            for ch in span.text {
                let w = CellWidth.of(ch)
                if used + w > avail && used > 0 {
                    lines.append(current)
                    current = prefix
                    used = 0
                }
                current.append(String(ch), span.style)
                used += w
            }
        }
        lines.append(current)
        return lines
    }
}
