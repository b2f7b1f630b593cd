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

    /// Entries kept before a purge: far more than any screen shows (a 300-row terminal shows at most ~150 items),
    /// few enough that a 5,000-message session does not keep every wrapped line it ever drew.
    static let maxEntries = 1_000
    private(set) var frame = 0

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
        entries[item.id] = Entry(revision: item.revision, width: width, expanded: expanded, lines: lines, lastUsed: frame)
        return lines
    }

    /// Called once per frame: past `maxEntries`, forgets everything the last frame did not draw.
    func beginFrame() {
        frame += 1
        if entries.count > Self.maxEntries { entries = entries.filter { $0.value.lastUsed >= frame - 1 } }
    }

    public func removeAll() {
        entries.removeAll()
        streams.removeAll()
    }
}
