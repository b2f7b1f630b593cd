/// Keeps the first and last bytes of an unbounded stream and counts what falls in between.
///
/// Command output matters most at its ends: the head shows what started, the tail shows the error and the exit.
/// Memory stays bounded (about `headLimit + 2 × tailLimit`) however much the command prints.
struct HeadTailBuffer: Sendable {
    let headLimit: Int
    let tailLimit: Int
    private(set) var head: [UInt8] = []
    private var tail: [UInt8] = []
    private(set) var totalBytes = 0
    private var totalNewlines = 0

    init(headLimit: Int, tailLimit: Int) {
        self.headLimit = headLimit
        self.tailLimit = tailLimit
    }

    /// Half the model-facing budget each way.
    init(limit: Int) { self.init(headLimit: limit / 2, tailLimit: limit - limit / 2) }

    mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        totalBytes += bytes.count
        totalNewlines += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        var rest = bytes[...]
        if head.count < headLimit {
            let take = min(headLimit - head.count, rest.count)
            head.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
        }
        guard !rest.isEmpty else { return }
        tail.append(contentsOf: rest)
        // Trim in batches so appending stays amortised O(1) per byte.
        if tail.count > 2 * tailLimit { tail.removeFirst(tail.count - tailLimit) }
    }

    var isTruncated: Bool { totalBytes > headLimit + tailLimit }

    /// The kept text, with one marker line saying how much of the middle was dropped.
    func render() -> String {
        let keptTail = Array(tail.suffix(tailLimit))
        guard isTruncated else { return String(decoding: head + keptTail, as: UTF8.self) }
        let headText = Self.trimIncompleteEnd(head)
        let tailText = Self.trimIncompleteStart(keptTail)
        let newlinesKept =
            head.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + keptTail.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let elidedBytes = totalBytes - head.count - keptTail.count
        let elidedLines = max(0, totalNewlines - newlinesKept)
        let marker =
            "\n\n… [\(elidedBytes) bytes (\(elidedLines) lines) elided from the middle of \(totalBytes) bytes] …\n\n"
        return String(decoding: headText, as: UTF8.self) + marker + String(decoding: tailText, as: UTF8.self)
    }

    /// Caps a finished text the same way (used for every result the runner returns).
    static func cap(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var buffer = HeadTailBuffer(limit: limit)
        buffer.append(text.utf8)
        return buffer.render()
    }

    /// Drops a UTF-8 sequence cut off at the end, so the head does not end in a replacement character.
    private static func trimIncompleteEnd(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.count
        var back = 0
        while end > 0 && back < 4 && bytes[end - 1] & 0xC0 == 0x80 { end -= 1; back += 1 }
        guard end > 0 else { return bytes[...] }
        let lead = bytes[end - 1]
        let expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return expected > back + 1 ? bytes[0..<(end - 1)] : bytes[...]
    }

    /// Drops continuation bytes at the start of the tail (the rest of a character cut by the ring).
    private static func trimIncompleteStart(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var start = 0
        while start < bytes.count && start < 3 && bytes[start] & 0xC0 == 0x80 { start += 1 }
        return bytes[start...]
    }
}

/// Turns a stream of byte chunks into text without splitting a multi-byte character across two chunks.
struct UTF8ChunkDecoder: Sendable {
    private var carry: [UInt8] = []

    mutating func decode(_ chunk: [UInt8]) -> String {
        var bytes = carry + chunk
        carry = []
        // Hold back a trailing incomplete sequence (at most 3 bytes) for the next chunk.
        var i = bytes.count - 1
        var back = 0
        while i >= 0 && back < 3 && bytes[i] & 0xC0 == 0x80 { i -= 1; back += 1 }
        if i >= 0 {
            let lead = bytes[i]
            let expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if expected > back + 1 {
                carry = Array(bytes[i...])
                bytes.removeSubrange(i...)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func flush() -> String {
        defer { carry = [] }
        return carry.isEmpty ? "" : String(decoding: carry, as: UTF8.self)
    }
}
