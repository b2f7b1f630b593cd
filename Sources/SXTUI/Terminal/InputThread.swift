import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// One thread that sleeps in `poll()` on stdin and the signal self-pipe and wakes the main actor through an
/// `AsyncStream`. It never reads stdin itself (ncurses does, on the main actor): after reporting "input ready" it
/// waits until the main actor has drained, so it neither spins nor races ncurses. Idle cost: one blocked poll.
final class InputThread: @unchecked Sendable {
    enum Event: Sendable {
        case inputReady
        case signal(Int32)
    }

    let stream: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let drained = DispatchSemaphore(value: 0)
    private let signalFD: Int32
    /// Written once by `stop()` and read by the thread between polls; a stale read costs at most one poll timeout.
    private let stopFlag = StopFlag()

    /// The poll timeout bounds how long `stop()` waits for the thread: 200 ms is unnoticeable at exit yet wakes the
    /// idle process only five times a second.
    static let pollTimeoutMs: Int32 = 200

    init(signalFD: Int32) {
        self.signalFD = signalFD
        (stream, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "sx-input"
        thread.start()
    }

    /// The main actor calls this after reading everything ncurses had.
    func didDrain() { drained.signal() }

    func stop() {
        stopFlag.set()
        drained.signal()
        continuation.finish()
    }

    private func loop() {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0)
        ]
        let count = signalFD >= 0 ? 2 : 1
        while !stopFlag.isSet {
            fds[0].revents = 0
            fds[1].revents = 0
            let n = poll(&fds, nfds_t(count), Self.pollTimeoutMs)
            if n <= 0 { continue }
            if count == 2, fds[1].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                while read(signalFD, &byte, 1) == 1 { continuation.yield(.signal(Int32(byte))) }
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                continuation.yield(.inputReady)
                drained.wait()
                if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 && fds[0].revents & Int16(POLLIN) == 0 {
                    continuation.yield(.signal(SIGHUP))
                    return
                }
            }
        }
    }
}

/// A flag set once from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
