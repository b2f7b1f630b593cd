import Foundation

/// A request body object written a few dozen kilobytes at a time, as the connection takes them: the same bytes
/// as `JSONBody.encode(value)`, but a history of megabytes is never held as one buffer (DECISIONS 20). The top
/// object's arrays (the history) are written one element per step, lazy ones one group at a time; everything
/// else whole.
public struct JSONBodyPieces: Sendable {
    private let members: [(key: String, value: JSONValue)]
    /// Where the writer is: the next member, and inside an array value its elements and the next one.
    private var memberIndex = 0
    private var elements: [JSONValue]?
    private var elementIndex = 0
    /// Inside a lazy array: it, and the next group to make; `elements` holds the current group.
    private var lazy: JSONLazyArray?
    private var nextGroup = 0
    private var wroteElement = false
    private var started = false
    private var finished = false

    public init(_ object: JSONObject) {
        self.members = object.entries
    }

    /// The next piece, at least `minBytes` long unless it is the last; nil once everything was written.
    public mutating func next(minBytes: Int = 64 * 1024) -> Data? {
        guard !finished else { return nil }
        var out = ByteSink(capacity: minBytes + minBytes / 4)
        write(into: &out, minBytes: minBytes)
        return out.data()
    }

    /// Writes from where the writer is until `out` holds `minBytes` or the body is complete.
    private mutating func write(into out: inout ByteSink, minBytes: Int) {
        if !started {
            out.append(UInt8(ascii: "{"))
            started = true
        }
        while out.count < minBytes && !finished {
            if let list = elements {
                if elementIndex < list.count {
                    if wroteElement { out.append(UInt8(ascii: ",")) }
                    JSONBody.write(list[elementIndex], into: &out)
                    elementIndex += 1
                    wroteElement = true
                } else if let lazy, nextGroup < lazy.groups {
                    elements = lazy.make(nextGroup)
                    nextGroup += 1
                    elementIndex = 0
                } else {
                    out.append(UInt8(ascii: "]"))
                    elements = nil
                    lazy = nil
                    memberIndex += 1
                }
                continue
            }
            guard memberIndex < members.count else {
                out.append(UInt8(ascii: "}"))
                finished = true
                break
            }
            let member = members[memberIndex]
            if memberIndex > 0 { out.append(UInt8(ascii: ",")) }
            JSONBody.writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            switch member.value {
            case .array(let list):
                out.append(UInt8(ascii: "["))
                elements = list
                elementIndex = 0
                wroteElement = false
            case .lazyArray(let list):
                out.append(UInt8(ascii: "["))
                lazy = list
                nextGroup = 0
                elements = []
                elementIndex = 0
                wroteElement = false
            default:
                JSONBody.write(member.value, into: &out)
                memberIndex += 1
            }
        }
    }

    /// The whole body's length in bytes, for `Content-Length`: one pass through a sink that only counts.
    public func length() -> Int {
        var copy = JSONBodyPieces(members: members)
        var counter = ByteSink.counter()
        copy.write(into: &counter, minBytes: .max)
        return counter.count
    }

    private init(members: [(key: String, value: JSONValue)]) { self.members = members }
}
