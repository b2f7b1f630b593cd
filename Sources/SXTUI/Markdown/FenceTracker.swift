/// Follows fenced code blocks line by line exactly as `MarkdownRenderer` does: a fence opens on a line starting
/// with ``` or ~~~ and closes only on a line made of that marker's character alone (so "```swift" inside a block is
/// code). Shared by the renderer's streaming helpers so they never disagree about what is code.
struct FenceTracker {
    private(set) var marker: Character? = nil
    var inside: Bool { marker != nil }

    /// Feeds one line (without its newline).
    mutating func feed<S: StringProtocol>(_ line: S) {
        let t = line.drop { $0 == " " || $0 == "\t" }
        if let m = marker {
            if t.hasPrefix(String(repeating: m, count: 3)) && t.allSatisfy({ $0 == m }) { marker = nil }
        } else if t.hasPrefix("```") || t.hasPrefix("~~~") {
            marker = t.first
        }
    }
}
