import Foundation

/// The bytes of one JSON document, in memory from `malloc` that grows with `realloc` and is handed to the `Data`
/// without a copy. A body of megabytes (the whole history, every step) is thus held once: an `Array` that doubles
/// keeps the old and the new buffer alive during each growth and is then copied into the `Data`, three to four
/// times the body at the peak. Large buffers are `mmap`ed by malloc, so growing them is a page remap, and the
/// slack of the last doubling is address space, not resident memory.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// Counts what would be written and keeps nothing: a body's length for `Content-Length` without writing it.
    private let countOnly: Bool

    init(capacity: Int = 4096) {
        self.init(capacity: capacity, countOnly: false)
    }

    /// A sink that only counts.
    static func counter() -> ByteSink { ByteSink(capacity: 64, countOnly: true) }

    private init(capacity: Int, countOnly: Bool) {
        self.capacity = max(64, capacity)
        self.countOnly = countOnly
        guard let p = malloc(self.capacity) else { fatalError("JSONBody: out of memory") }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity
        while grown < count + extra { grown *= 2 }
        guard let p = realloc(base, grown) else { fatalError("JSONBody: out of memory") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = grown
    }

    mutating func append(_ byte: UInt8) {
        if countOnly { count += 1; return }
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if countOnly { count += bytes.count; return }
        guard let src = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: src, count: bytes.count)
        count += bytes.count
    }

    mutating func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        for b in bytes { append(b) }
    }

    /// A string's UTF-8 bytes in one copy.
    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// The bytes as `Data`, which frees them when it goes.
    consuming func data() -> Data {
        let size = max(count, 1)
        let trimmed = realloc(base, size) ?? UnsafeMutableRawPointer(base)
        let data = Data(bytesNoCopy: trimmed, count: count, deallocator: .free)
        discard self
        return data
    }
}
