import Foundation

/// A queue from a task that produces to one that consumes, which the consumer can empty in one go: `drain()` hands
/// over everything that arrived since it last asked and waits only when nothing has; `next()` takes one element and
/// `hasPending` says whether another is already here. It lets a reader act once on what arrived together (the
/// HTTP chunks of one network read, a burst of deltas) without holding anything back to wait for more.
public final class Inbox<Element: Sendable>: @unchecked Sendable {
    // `lock` guards every field below.
    private let lock = NSLock()
    private var queue: [Element] = []
    private var head = 0
    private var end: Result<Void, any Error>?
    private var waiter: CheckedContinuation<Void, any Error>?

    public init() {}

    public func push(_ element: Element) {
        let w: CheckedContinuation<Void, any Error>? = lock.withLock {
            guard end == nil else { return nil }
            queue.append(element)
            defer { waiter = nil }
            return waiter
        }
        w?.resume()
    }

    /// No more elements: the consumer gets what is left, then the end (or `error`).
    public func finish(throwing error: (any Error)? = nil) {
        let w: CheckedContinuation<Void, any Error>? = lock.withLock {
            guard end == nil else { return nil }
            end = error.map { .failure($0) } ?? .success(())
            defer { waiter = nil }
            return waiter
        }
        w?.resume()
    }

    public var hasPending: Bool { lock.withLock { head < queue.count } }

    /// Everything that has arrived (waiting for at least one element); empty at the end. Throws the error the
    /// producer finished with once nothing is left, or `CancellationError` when the waiting task is cancelled.
    public func drain() async throws -> [Element] {
        while true {
            let (taken, ended): ([Element]?, Result<Void, any Error>?) = lock.withLock {
                guard head < queue.count else { return (nil, end) }
                let all = head == 0 ? queue : Array(queue[head...])
                queue.removeAll(keepingCapacity: true)
                head = 0
                return (all, nil)
            }
            if let taken { return taken }
            if let ended {
                try ended.get()
                return []
            }
            try await waitForChange()
        }
    }

    /// The next element (waiting for one); nil at the end. Throws as `drain()` does.
    public func next() async throws -> Element? {
        while true {
            let (taken, ended): (Element?, Result<Void, any Error>?) = lock.withLock {
                guard head < queue.count else { return (nil, end) }
                let e = queue[head]
                head += 1
                if head == queue.count {
                    queue.removeAll(keepingCapacity: true)
                    head = 0
                }
                return (e, nil)
            }
            if let taken { return taken }
            if let ended {
                try ended.get()
                return nil
            }
            try await waitForChange()
        }
    }

    /// Returns when an element was pushed or the inbox ended (at once if either is already so).
    private func waitForChange() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let ready: Bool? = lock.withLock {
                    if head < queue.count || end != nil { return true }
                    // Checked under the lock: a cancellation after this finds the waiter and resumes it.
                    if Task.isCancelled { return false }
                    waiter = c
                    return nil
                }
                switch ready {
                case true?: c.resume()
                case false?: c.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let w: CheckedContinuation<Void, any Error>? = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            w?.resume(throwing: CancellationError())
        }
    }
}
