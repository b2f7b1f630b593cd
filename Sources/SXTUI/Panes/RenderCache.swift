/// Wrapped lines per conversation item, keyed by what they depend on (revision, width, expand-all). Keeps a frame's
/// cost independent of history length: only items that changed or scrolled into view are re-rendered.
/// Not thread-safe by design: one renderer (the app's main actor, or a test) owns it.
public final class RenderCache {
    struct Entry {
        var revision: Int
        var width: Int
        var expanded: Bool
        var lines: [StyledLine]
        var lastUsed: Int
    }

    /// Wrapped lines kept before a purge: a few screens of the tallest terminal (300 rows), so scrolling back and
    /// forth re-renders little, while a 5,000-message session does not keep every line it ever drew — each line is
    /// an array of styled runs, several times the size of its source text.
    static let maxLines = 2_000
    private(set) var frame = 0
    /// Lines held by `entries`.
    private(set) var lineCount = 0

    var entries: [Int: Entry] = [:]
    /// Incremental renderings of answers still streaming, by item id; dropped when the answer finishes.
    var streams: [Int: StreamCache] = [:]
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init() {}

    func lines(for item: ConversationItem, width: Int, expanded: Bool, make: () -> [StyledLine]) -> [StyledLine] {
        if let e = entries[item.id], e.revision == item.revision, e.width == width, e.expanded == expanded {
            hits += 1
            entries[item.id]?.lastUsed = frame
            return e.lines
        }
        misses += 1
        let lines = make()
        lineCount += lines.count - (entries[item.id]?.lines.count ?? 0)
        entries[item.id] = Entry(
            revision: item.revision, width: width, expanded: expanded, lines: lines, lastUsed: frame)
        return lines
    }

    /// Called once per frame: past `maxLines`, forgets everything the last frame did not draw.
    func beginFrame() {
        frame += 1
        guard lineCount > Self.maxLines else { return }
        entries = entries.filter { $0.value.lastUsed >= frame - 1 }
        lineCount = entries.values.reduce(0) { $0 + $1.lines.count }
    }

    public func removeAll() {
        entries.removeAll()
        lineCount = 0
        streams.removeAll()
    }
}
