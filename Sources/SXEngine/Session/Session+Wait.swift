import Foundation

extension Session {
    /// Sleeps until `until` with a countdown on screen (`.waiting`, then `.waitEnded` however it ends). False when
    /// the turn was interrupted meanwhile: Esc / Ctrl+C cancel the turn's task, which ends the sleep at once.
    func pause(until: Date, reason: String) async -> Bool {
        emit(.waiting(until: until, reason: reason))
        defer { emit(.waitEnded) }
        // A day at most: `RETRY_WAIT_MAX` allows an hour, and no server time may overflow the nanoseconds.
        let seconds = min(until.timeIntervalSinceNow, 86_400)
        if seconds > 0 {
            do {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            } catch {
                return false
            }
        }
        return !Task.isCancelled
    }
}
