/// One terminal cell. A wide grapheme (CJK, most emoji) occupies its cell plus a continuation cell to the right
/// whose `grapheme` is empty; the pair is always written and erased together so a glyph is never cut in half.
public struct Cell: Sendable, Hashable {
    public var grapheme: String
    public var style: Style
    /// 1 or 2 for a lead cell, 0 for the continuation of a wide grapheme.
    public var width: UInt8

    public init(_ grapheme: String = " ", style: Style = .plain, width: UInt8 = 1) {
        self.grapheme = grapheme
        self.style = style
        self.width = width
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}
