/// Wrapped lines per conversation item, keyed by what they depend on (revision, width, expand-all). Keeps a frame's
/// cost independent of history length: only items that changed or scrolled into view are re-rendered.
/// Not thread-safe by design: one renderer (the app's main actor, or a test) owns it.
public final class RenderCache {
    struct Entry {
        var revision: Int
        var width: Int
        var expanded: Bool
        var lines: [StyledLine]
    }

    var entries: [Int: Entry] = [:]
    /// Incremental renderings of answers still streaming, by item id; dropped when the answer finishes.
    var streams: [Int: StreamCache] = [:]
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init() {}

    func lines(for item: ConversationItem, width: Int, expanded: Bool, make: () -> [StyledLine]) -> [StyledLine] {
        if let e = entries[item.id], e.revision == item.revision, e.width == width, e.expanded == expanded {
            hits += 1
            return e.lines
        }
        misses += 1
        let lines = make()
        entries[item.id] = Entry(revision: item.revision, width: width, expanded: expanded, lines: lines)
        return lines
    }

    public func removeAll() {
        entries.removeAll()
        streams.removeAll()
    }
}
