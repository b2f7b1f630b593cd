/// A run of text in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One line of styled text (no newlines inside). Widths are in terminal cells.
public struct StyledLine: Sendable, Hashable {
    public var spans: [Span]
    public init(_ spans: [Span] = []) { self.spans = spans }
    public init(_ text: String, _ style: Style = .plain) { self.spans = [Span(text, style)] }

    public var width: Int { spans.reduce(0) { $0 + CellWidth.of($1.text) } }
    public var plainText: String { spans.map(\.text).joined() }
    public var isEmpty: Bool { spans.allSatisfy { $0.text.isEmpty } }

    public mutating func append(_ text: String, _ style: Style = .plain) {
        guard !text.isEmpty else { return }
        if let last = spans.last, last.style == style {
            spans[spans.count - 1].text += text
        } else {
            spans.append(Span(text, style))
        }
    }

    /// The same line with `base` under every span (e.g. a quote's colour under its inline styles).
    public func styled(under base: Style) -> StyledLine {
        StyledLine(spans.map { Span($0.text, base.merged(with: $0.style)) })
    }

    /// Cuts the line to at most `maxWidth` cells, never splitting a grapheme; appends `ellipsis` when cut.
    public func truncated(to maxWidth: Int, ellipsis: String = "…") -> StyledLine {
        if width <= maxWidth { return self }
        let budget = max(0, maxWidth - CellWidth.of(ellipsis))
        var out = StyledLine()
        var used = 0
        var lastStyle = Style.plain
        outer: for span in spans {
            lastStyle = span.style
            var piece = ""
            for ch in span.text {
                let w = CellWidth.of(ch)
                if used + w > budget { out.append(piece, span.style); break outer }
                piece.append(ch)
                used += w
            }
            out.append(piece, span.style)
        }
        if maxWidth > 0 { out.append(ellipsis, lastStyle) }
        return out
    }
}
