/// A resolved theme: every token mapped to a terminal colour for one mode (dark or light background).
public struct Theme: Sendable, Equatable {
    public enum Mode: String, Sendable { case dark, light }

    public var name: String
    public var mode: Mode
    public var colors: [ThemeToken: TermColor]

    public init(name: String, mode: Mode, colors: [ThemeToken: TermColor]) {
        self.name = name
        self.mode = mode
        self.colors = colors
    }

    public func color(_ token: ThemeToken?) -> TermColor {
        guard let token else { return .default }
        return colors[token] ?? .default
    }

    /// `NO_COLOR`: every token is the terminal's default; bold/dim/reverse still carry the structure.
    public static func monochrome(mode: Mode = .dark) -> Theme {
        Theme(
            name: "no-color", mode: mode,
            colors: Dictionary(uniqueKeysWithValues: ThemeToken.allCases.map { ($0, .default) }))
    }
}
