extension ScreenBuffer {
    /// A rounded box with an optional title on the top edge; returns the inner rect.
    @discardableResult
    public mutating func drawBox(
        _ rect: Rect, title: String? = nil, style: Style, titleStyle: Style? = nil,
        background: Style? = nil
    ) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        if let background { fill(rect, style: background) }
        let bg = background ?? .plain
        let s = bg.merged(with: style)
        let horizontal = String(repeating: "─", count: rect.width - 2)
        write("╭" + horizontal + "╮", x: rect.x, y: rect.y, style: s)
        write("╰" + horizontal + "╯", x: rect.x, y: rect.maxY - 1, style: s)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            write("│", x: rect.x, y: y, style: s)
            write("│", x: rect.maxX - 1, y: y, style: s)
        }
        if let title, rect.width > 6 {
            let t = StyledLine(" " + title + " ", bg.merged(with: titleStyle ?? style)).truncated(to: rect.width - 4)
            write(t, x: rect.x + 2, y: rect.y)
        }
        return rect.inset(1)
    }

    /// A horizontal rule across `rect`'s first row.
    public mutating func drawRule(_ rect: Rect, style: Style) {
        guard rect.width > 0, rect.height > 0 else { return }
        write(String(repeating: "─", count: rect.width), x: rect.x, y: rect.y, style: style, clip: rect)
    }
}
