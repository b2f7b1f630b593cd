import Foundation

/// The app's inbox. Every source (terminal, session, clock, effects) posts from any thread; the main actor takes
/// everything queued in one go. Batches are what keep a 5,000-delta reply cheap: deltas that arrived while a frame
/// was being drawn are merged before the reducer sees them, and while a frame is already scheduled only urgent
/// messages (keys, the end of a turn) wake the main actor early — the rest wait for the frame timer's `kick`,
/// so a burst costs one wake-up per frame instead of one per delta.
final class Mailbox<Message: Sendable>: @unchecked Sendable {
    // `queue`, `waiter`, `urgentOnly` and `closed` are guarded by `lock`.
    private let lock = NSLock()
    private var queue: [Message] = []
    private var waiter: CheckedContinuation<[Message]?, Never>?
    private var urgentOnly = false
    private var closed = false
    private let isUrgent: @Sendable (Message) -> Bool

    init(isUrgent: @escaping @Sendable (Message) -> Bool) {
        self.isUrgent = isUrgent
    }

    func post(_ message: Message) {
        lock.lock()
        guard !closed else { lock.unlock(); return }
        queue.append(message)
        guard let w = waiter, !urgentOnly || isUrgent(message) else { lock.unlock(); return }
        waiter = nil
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        lock.unlock()
        w.resume(returning: batch)
    }

    /// Wakes a waiting taker with whatever is queued, urgent or not (the frame timer: time to draw).
    func kick() {
        lock.lock()
        guard let w = waiter else { lock.unlock(); return }
        waiter = nil
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        lock.unlock()
        w.resume(returning: batch)
    }

    /// Everything queued, oldest first; waits while nothing is (with `urgentOnly`, until something urgent arrives
    /// or `kick`). nil once closed.
    func take(urgentOnly: Bool = false) async -> [Message]? {
        await withCheckedContinuation { (c: CheckedContinuation<[Message]?, Never>) in
            lock.lock()
            if closed {
                lock.unlock()
                c.resume(returning: nil)
                return
            }
            if !queue.isEmpty && (!urgentOnly || queue.contains(where: isUrgent)) {
                let batch = queue
                queue.removeAll(keepingCapacity: true)
                lock.unlock()
                c.resume(returning: batch)
                return
            }
            waiter = c
            self.urgentOnly = urgentOnly
            lock.unlock()
        }
    }

    /// Drops what is queued and ends a waiting `take` with nil; later posts are ignored.
    func close() {
        lock.lock()
        closed = true
        queue.removeAll()
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(returning: nil)
    }
}
