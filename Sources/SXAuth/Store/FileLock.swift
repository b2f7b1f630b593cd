import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a lock file, held until `unlock()` (or deinit).
///
/// `flock` belongs to the open file description, so two holders in one process exclude each other just like two
/// processes do. Waiting polls with `LOCK_NB` so the wait is bounded and, in async code, does not block a thread.
public final class FileLock: Sendable {
    private let fd: Int32
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Polling period while another holder has the lock: short enough to add little latency, long enough to be idle.
    static let pollInterval: Double = 0.02

    private static func open(_ path: String) throws -> Int32 {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw StoreError.io(path: path, operation: "open lock file", errno: errno) }
        return fd
    }

    private static func tryLock(_ fd: Int32, _ path: String) throws -> Bool {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
        let e = errno
        if e == EWOULDBLOCK || e == EINTR { return false }
        throw StoreError.io(path: path, operation: "lock", errno: e)
    }

    /// Blocks the calling thread up to `timeout` seconds.
    public static func acquire(_ path: String, timeout: Double) throws -> FileLock {
        let fd = try open(path)
        let deadline = Date().addingTimeInterval(timeout)
        do {
            while !(try tryLock(fd, path)) {
                if Date() >= deadline { throw StoreError.lockTimeout(lockFile: path, seconds: timeout) }
                usleep(UInt32(pollInterval * 1_000_000))
            }
        } catch {
            close(fd)
            throw error
        }
        return FileLock(fd: fd, path: path)
    }

    /// Suspends (without blocking a thread) up to `timeout` seconds.
    public static func acquireAsync(_ path: String, timeout: Double) async throws -> FileLock {
        let fd = try open(path)
        let deadline = Date().addingTimeInterval(timeout)
        do {
            while !(try tryLock(fd, path)) {
                if Date() >= deadline { throw StoreError.lockTimeout(lockFile: path, seconds: timeout) }
                try await Task.sleep(nanoseconds: UInt64(pollInterval * 1_000_000_000))
            }
        } catch {
            close(fd)
            throw error
        }
        return FileLock(fd: fd, path: path)
    }

    deinit {
        // Closing the descriptor releases the flock; the lock file itself stays (removing it would race).
        close(fd)
    }
}
