/// Which cells a backend must write to turn the screen `old` into `new`: only changed cells (terminal writes are
/// the slow part), each wide glyph once, from its left cell. `old == nil` (first frame, after a resize or a theme
/// change) means everything.
public enum FrameDiff {
    public static func changes(from old: ScreenBuffer?, to new: ScreenBuffer, width: Int, height: Int) -> [(
        x: Int, y: Int
    )] {
        let old = (old?.width == new.width && old?.height == new.height) ? old : nil
        var out: [(x: Int, y: Int)] = []
        for y in 0..<min(new.height, height) {
            for x in 0..<min(new.width, width) {
                let cell = new[x, y]
                if let old, old[x, y] == cell { continue }
                if cell.isContinuation {
                    // Only the right half changed (the glyph used to sit over other text): redraw the glyph, unless
                    // its left half changed too and is already in the list.
                    guard x > 0, new[x - 1, y].width == 2 else { continue }
                    if let old, old[x - 1, y] == new[x - 1, y] { out.append((x - 1, y)) }
                    continue
                }
                out.append((x, y))
            }
        }
        return out
    }
}
