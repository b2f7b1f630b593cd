/// The conversation's scroll position. `anchor == nil` means following the bottom; otherwise the top line shown
/// is line `line` of item `itemId`. `pendingLines` is a scroll request the layout resolves against wrapped heights
/// (the reducer does not know them): negative is up. An anchor keeps the text still while new output arrives.
public struct ScrollState: Sendable, Equatable {
    public var anchor: (itemId: Int, line: Int)?
    public var pendingLines: Int = 0
    /// A search match to bring into view (a third down the pane): the layout finds the line it is on.
    public var reveal: SearchMatch? = nil
    public init() {}
    public var following: Bool { anchor == nil }

    public static func == (a: ScrollState, b: ScrollState) -> Bool {
        a.anchor?.itemId == b.anchor?.itemId && a.anchor?.line == b.anchor?.line && a.pendingLines == b.pendingLines
            && a.reveal == b.reveal
    }
    /// Home: a request to go further up than any conversation is long.
    static let toTop = Int.min / 4
}
