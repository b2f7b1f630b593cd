/// A colour as the terminal understands it: its own default, one of its 256 palette entries, or RGB that the
/// backend maps to the nearest palette entry (ncurses cannot portably set truecolour per cell).
public enum TermColor: Sendable, Hashable {
    case `default`
    case palette(Int)
    case rgb(UInt8, UInt8, UInt8)

    /// The ANSI names accepted in theme files for the 16 palette colours.
    static let ansiNames: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "brightBlack": 8, "brightRed": 9, "brightGreen": 10, "brightYellow": 11, "brightBlue": 12,
        "brightMagenta": 13, "brightCyan": 14, "brightWhite": 15
    ]

    /// Parses `#rrggbb`, `ansi:NAME`, `ansi:N` (0–255), `none`/`default`. Nil when unrecognised.
    static func parse(_ s: String) -> TermColor? {
        if s == "none" || s == "default" || s == "transparent" { return .default }
        if s.hasPrefix("#"), s.count == 7, let v = UInt32(s.dropFirst(), radix: 16) {
            return .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
        }
        if s.hasPrefix("ansi:") {
            let rest = String(s.dropFirst(5))
            if let n = Int(rest), (0...255).contains(n) { return .palette(n) }
            if let n = ansiNames[rest] { return .palette(n) }
        }
        return nil
    }

    /// The nearest entry of a palette of `colors` entries (8, 16 or 256); -1 is the terminal default.
    public func paletteIndex(colors: Int) -> Int {
        switch self {
        case .default: return -1
        case .palette(let n):
            return n < colors ? n : TermColor.fromTuple(TermColor.xtermRGB(n)).paletteIndex(colors: colors)
        case .rgb(let r, let g, let b):
            if colors >= 256 { return TermColor.nearest256(r, g, b) }
            return TermColor.nearestBasic(r, g, b, count: colors >= 16 ? 16 : 8)
        }
    }

    static func fromTuple(_ t: (UInt8, UInt8, UInt8)) -> TermColor { .rgb(t.0, t.1, t.2) }

    /// The 6x6x6 cube and grey ramp of xterm-256, picking whichever is closer.
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyIdx = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let grey = 232 + greyIdx
        return dist(xtermRGB(cube), (r, g, b)) <= dist(xtermRGB(grey), (r, g, b)) ? cube : grey
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        (0..<count).min(by: { dist(xtermRGB($0), (r, g, b)) < dist(xtermRGB($1), (r, g, b)) }) ?? 7
    }

    static func dist(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }

    /// xterm's RGB for a palette index (the usual defaults for 0–15).
    static func xtermRGB(_ n: Int) -> (UInt8, UInt8, UInt8) {
        let basic: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255)
        ]
        if n < 16 { return basic[max(0, n)] }
        if n < 232 {
            let i = n - 16
            func v(_ l: Int) -> UInt8 { l == 0 ? 0 : UInt8(55 + 40 * l) }
            return (v(i / 36), v(i / 6 % 6), v(i % 6))
        }
        let g = UInt8(8 + 10 * (n - 232))
        return (g, g, g)
    }
}
