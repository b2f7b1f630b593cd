import Foundation
import SXCore
import SXProtocol

/// A session's events, read in a task of its own, for a printer that writes what arrived together in one write:
/// `next()` hands over the next event (waiting only when none has arrived), `hasPending` says whether another one
/// is already here. The printer flushes when nothing is pending, so text is never held back: a burst of events
/// read faster than the terminal takes them becomes one `write`, a slow stream is written delta by delta as before.
public final class EventInbox: Sendable {
    private let inbox = Inbox<EngineEvent>()
    private let reader: Task<Void, Never>

    public init(_ events: AsyncStream<EngineEvent>) {
        let inbox = self.inbox
        reader = Task {
            for await event in events { inbox.push(event) }
            inbox.finish()
        }
    }

    deinit { reader.cancel() }

    /// The next event; nil once the stream has ended (or the waiting task was cancelled). One consumer at a time.
    public func next() async -> EngineEvent? { (try? await inbox.next()) ?? nil }

    /// Whether `next()` would return an event at once.
    public var hasPending: Bool { inbox.hasPending }
}
