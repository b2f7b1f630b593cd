#if canImport(Glibc)
    import Glibc
#endif

/// One server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, if the server sent one (many proxies don't: dispatch on the JSON `type` instead).
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    public var id: String?
    /// True for a bare line that is not an SSE field but looks like JSON (`{…}` or `[…]`): some servers write an
    /// error object into the stream without `data:`. Such lines come through as their own event.
    public var isBareJSON: Bool

    public init(event: String? = nil, data: String, id: String? = nil, isBareJSON: Bool = false) {
        self.event = event
        self.data = data
        self.id = id
        self.isBareJSON = isBareJSON
    }
}

/// An incremental server-sent-events parser (WHATWG rules): bytes in, events out, any chunking of the same bytes
/// gives the same events. Handles LF, CRLF and lone CR line ends (also split across chunks), multi-line `data:`,
/// `:` comments, and events without `event:` lines.
///
/// It works on raw bytes and builds a `String` only once per event, which is what keeps it fast: the streamed
/// body is scanned once, lines that lie inside one chunk are never copied.
public struct SSEParser: Sendable {
    private var carry: [UInt8] = []
    /// The last `event:` name, kept as bytes and as a String: streams repeat a handful of names, so the String
    /// is built once per distinct name instead of once per event.
    private var lastNameBytes: [UInt8] = []
    private var lastName: String = ""
    private var data: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastEventId: String?
    /// A CR ended the previous chunk: a LF at the start of the next one belongs to it.
    private var pendingCR = false
    /// The event's only `data:` line so far, still inside the chunk being fed: most events have one data line and
    /// end in the same chunk, and their String is then made straight from the chunk, without copying the line into
    /// `data` first. Copied into `data` when a second data line comes or the chunk ends before the event does.
    /// Always nil between calls to `feed`, so the parser stays a plain value that can move between tasks.
    nonisolated(unsafe) private var pendingLine: UnsafeBufferPointer<UInt8>?

    public init() {
        carry.reserveCapacity(1024)
        data.reserveCapacity(1024)
    }

    public mutating func feed(_ bytes: [UInt8], _ emit: (SSEEvent) -> Void) {
        bytes.withUnsafeBytes { feed($0, emit) }
    }

    public mutating func feed(_ buf: UnsafeRawBufferPointer, _ emit: (SSEEvent) -> Void) {
        feedChunk(buf, emit)
        // The chunk's memory is the caller's: a data line still waiting for its event's end is copied now.
        if let l = pendingLine {
            data.append(contentsOf: l)
            pendingLine = nil
        }
    }

    private mutating func feedChunk(_ buf: UnsafeRawBufferPointer, _ emit: (SSEEvent) -> Void) {
        let n = buf.count
        guard n > 0, let base = buf.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var i = 0
        if pendingCR {
            pendingCR = false
            if base[0] == 0x0A { i = 1 }
        }
        if i < n && memchr(base + i, 0x0D, n - i) == nil {
            feedLF(base, from: i, count: n, emit)
            return
        }
        var lineStart = i
        while i < n {
            let b = base[i]
            if b == 0x0A || b == 0x0D {
                endLine(UnsafeBufferPointer(start: base + lineStart, count: i - lineStart), emit)
                if b == 0x0D {
                    if i + 1 < n {
                        if base[i + 1] == 0x0A { i += 1 }
                    } else {
                        pendingCR = true
                    }
                }
                i += 1
                lineStart = i
            } else {
                i += 1
            }
        }
        if lineStart < n {
            carry.append(contentsOf: UnsafeBufferPointer(start: base + lineStart, count: n - lineStart))
        }
    }

    /// A line end was found: the line is what was carried from earlier chunks plus `tail`.
    @inline(__always)
    private mutating func endLine(_ tail: UnsafeBufferPointer<UInt8>, _ emit: (SSEEvent) -> Void) {
        if carry.isEmpty {
            line(tail, fromChunk: true, emit)
        } else {
            carry.append(contentsOf: tail)
            let l = carry
            carry.removeAll(keepingCapacity: true)
            l.withUnsafeBufferPointer { line($0, emit) }
        }
    }

    /// The common case, a chunk without any CR: lines are found with `memchr`, which scans many bytes at a time.
    private mutating func feedLF(_ base: UnsafePointer<UInt8>, from: Int, count n: Int, _ emit: (SSEEvent) -> Void) {
        var start = from
        while start < n, let hit = memchr(base + start, 0x0A, n - start) {
            let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            endLine(UnsafeBufferPointer(start: base + start, count: end - start), emit)
            start = end + 1
        }
        if start < n {
            carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start))
        }
    }

    /// The body ended: a last line without its line end is processed, and a pending event is dispatched (lenient:
    /// the spec drops it, but servers that forget the final blank line are common and the data is real).
    public mutating func finish(_ emit: (SSEEvent) -> Void) {
        if !carry.isEmpty {
            let l = carry
            carry.removeAll()
            l.withUnsafeBufferPointer { line($0, emit) }
        }
        dispatch(emit)
        pendingCR = false
    }

    /// `fromChunk`: `l` points into the chunk being fed (not into `carry`, which is reused).
    private mutating func line(_ l: UnsafeBufferPointer<UInt8>, fromChunk: Bool = false, _ emit: (SSEEvent) -> Void) {
        let count = l.count
        if count == 0 {
            dispatch(emit)
            return
        }
        let first = l[0]
        if first == 0x3A { return }  // ':' comment
        if first == 0x7B || first == 0x5B {
            // Not a field: a JSON object or array written without `data:` (some servers' error lines).
            dispatch(emit)
            emit(SSEEvent(data: String(decoding: l, as: UTF8.self), isBareJSON: true))
            return
        }
        var colon = 0
        while colon < count && l[colon] != 0x3A { colon += 1 }
        if colon == count {
            // A field name with no value: `data` alone appends an empty line; anything else is ignored.
            if count == 4 && l[0] == 0x64 && l[1] == 0x61 && l[2] == 0x74 && l[3] == 0x61 {
                if let p = pendingLine {
                    data.append(contentsOf: p)
                    pendingLine = nil
                }
                if hasData { data.append(0x0A) }
                hasData = true
            }
            return
        }
        var valueStart = colon + 1
        if valueStart < count && l[valueStart] == 0x20 { valueStart += 1 }
        let value = UnsafeBufferPointer(rebasing: l[valueStart...])
        switch colon {
        case 4 where l[0] == 0x64 && l[1] == 0x61 && l[2] == 0x74 && l[3] == 0x61:  // data
            if hasData {
                if let p = pendingLine {
                    data.append(contentsOf: p)
                    pendingLine = nil
                }
                data.append(0x0A)
                data.append(contentsOf: value)
            } else if fromChunk {
                pendingLine = value
            } else {
                data.append(contentsOf: value)
            }
            hasData = true
        case 5 where l[0] == 0x65 && l[1] == 0x76 && l[2] == 0x65 && l[3] == 0x6E && l[4] == 0x74:  // event
            let same =
                value.count == lastNameBytes.count
                && (value.isEmpty
                    || lastNameBytes.withUnsafeBufferPointer {
                        memcmp($0.baseAddress!, value.baseAddress!, value.count) == 0
                    })
            if !same {
                lastNameBytes = Array(value)
                lastName = String(decoding: value, as: UTF8.self)
            }
            eventName = lastName
        case 2 where l[0] == 0x69 && l[1] == 0x64:  // id
            lastEventId = String(decoding: value, as: UTF8.self)
        default:
            break  // retry: and unknown fields are ignored
        }
    }

    private mutating func dispatch(_ emit: (SSEEvent) -> Void) {
        guard hasData else {
            eventName = nil
            return
        }
        let text: String
        if let p = pendingLine {
            text = String(decoding: p, as: UTF8.self)
            pendingLine = nil
        } else {
            text = String(decoding: data, as: UTF8.self)
        }
        let ev = SSEEvent(event: eventName, data: text, id: lastEventId)
        data.removeAll(keepingCapacity: true)
        hasData = false
        eventName = nil
        emit(ev)
    }
}
