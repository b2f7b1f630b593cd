/// How a cell looks, in semantic terms: colours are theme tokens, resolved to terminal colours only by the backend.
/// Keeping tokens (not RGB) in the grid lets `/theme` re-colour the screen without re-rendering markdown.
public struct Style: Sendable, Hashable {
    public struct Attributes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1 << 0)
        public static let italic = Attributes(rawValue: 1 << 1)
        public static let underline = Attributes(rawValue: 1 << 2)
        public static let dim = Attributes(rawValue: 1 << 3)
        public static let reverse = Attributes(rawValue: 1 << 4)
    }

    public var fg: ThemeToken?
    public var bg: ThemeToken?
    public var attributes: Attributes

    public init(fg: ThemeToken? = nil, bg: ThemeToken? = nil, _ attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public static let plain = Style()

    public func with(_ extra: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(extra)
        return s
    }

    public func fg(_ token: ThemeToken) -> Style {
        var s = self
        s.fg = token
        return s
    }

    public func bg(_ token: ThemeToken?) -> Style {
        var s = self
        s.bg = token
        return s
    }

    /// Layers `top` over this style: its colours win where set, attributes add up.
    public func merged(with top: Style) -> Style {
        Style(fg: top.fg ?? fg, bg: top.bg ?? bg, attributes.union(top.attributes))
    }
}
