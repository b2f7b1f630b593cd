/// The in-memory cell grid every pane draws into. The terminal backend diffs two of these and writes only what
/// changed; tests read `textDump()`. All writes are clipped to the buffer and to the caller's rect, and measured in
/// cells: a wide grapheme that does not fit entirely is replaced by a space rather than cut in half.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit after the frame (the composer's caret), nil to hide it.
    public var cursor: (x: Int, y: Int)? = nil

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
            && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills `rect` with blanks in `style` (e.g. a pane or popup background).
    public mutating func fill(_ rect: Rect, style: Style = .plain, with grapheme: String = " ") {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { putCell(x: x, y: y, Cell(grapheme, style: style, width: 1)) }
        }
    }

    /// Writes `text` from (x, y), clipped to `clip` (default: the whole buffer). Returns the cells advanced.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let c = (clip ?? bounds).intersection(bounds)
        guard y >= c.y, y < c.maxY else { return 0 }
        var col = x
        for ch in text {
            let w = CellWidth.of(ch)
            if w == 0 { continue }
            if col >= c.maxX { break }
            if col < c.x { col += w; continue }
            if col + w > c.maxX {
                // A wide grapheme straddling the clip edge: pad instead of drawing half a glyph.
                putCell(x: col, y: y, Cell(" ", style: style, width: 1))
                col += 1
                break
            }
            putCell(x: col, y: y, Cell(String(ch), style: style, width: UInt8(w)))
            if w == 2 { putCell(x: col + 1, y: y, Cell("", style: style, width: 0)) }
            col += w
        }
        return col - x
    }

    /// Writes a styled line; returns the cells advanced.
    @discardableResult
    public mutating func write(_ line: StyledLine, x: Int, y: Int, base: Style = .plain, clip: Rect? = nil) -> Int {
        var col = x
        for span in line.spans {
            col += write(span.text, x: col, y: y, style: base.merged(with: span.style), clip: clip)
        }
        return col - x
    }

    /// Layers `style` over the cells of row `y` from `x` for `width` columns (inside `clip`): a highlight that keeps
    /// the text.
    mutating func restyle(x: Int, y: Int, width w: Int, _ style: Style, clip: Rect) {
        guard y >= clip.y, y < clip.maxY, y >= 0, y < height else { return }
        for col in max(x, clip.x, 0)..<min(x + w, clip.maxX, width) {
            cells[y * width + col].style = cells[y * width + col].style.merged(with: style)
        }
    }

    /// Writes one cell, first erasing any wide grapheme it would overlap so no half-glyph is left behind.
    mutating func putCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style, width: 1)
        }
        if cells[i].width == 2, x + 1 < width, cell.width != 2 {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style, width: 1)
        }
        if cell.width == 2 && x + 1 >= width {
            cells[i] = Cell(" ", style: cell.style, width: 1)
            return
        }
        cells[i] = cell
    }

    /// The grid as text, one line per row with trailing spaces removed: what snapshot tests compare.
    public func textDump() -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var s = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { s += c.grapheme }
            }
            while s.last == " " { s.removeLast() }
            lines.append(s)
        }
        return lines.joined(separator: "\n")
    }

    /// One row as text (untrimmed), for tests that check exact column positions.
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !cells[y * width + x].isContinuation { s += cells[y * width + x].grapheme }
        return s
    }
}
