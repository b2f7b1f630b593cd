import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// The profile store's lock, taken the way a JSON-era OpenClaw takes it (openclaw `src/plugin-sdk/file-lock.ts`),
/// so that sx and OpenClaw sharing one `auth-profiles.json` exclude each other: the lock is the file
/// `auth-profiles.json.lock` itself, created with O_EXCL and holding `{pid, createdAt, startTime}`, held while it
/// exists and deleted on release. A `flock` would not do: OpenClaw never flocks, and it deletes a lock file it cannot
/// parse once it is older than its stale time. Others' locks are removed only by OpenClaw's own stale rules
/// (`StoreLock+Stale.swift`); sx adds no flock of its own (sx processes exclude each other by the same file).
public final class StoreLock: Sendable {
    public let path: String
    /// Kept open while held (as OpenClaw keeps its handle): the inode cannot be reused while we hold it, so the
    /// device/inode pair identifies our file exactly.
    private let fd: Int32
    private let device: UInt64
    private let inode: UInt64

    /// OpenClaw's `AUTH_STORE_LOCK_OPTIONS.stale` (openclaw `src/agents/auth-profiles/constants.ts`): a lock whose
    /// `createdAt` is older than this is taken over by any waiter, so nothing may hold the store lock this long.
    public static let staleAfter: TimeInterval = 30

    private init(path: String, fd: Int32, device: UInt64, inode: UInt64) {
        self.path = path
        self.fd = fd
        self.device = device
        self.inode = inode
    }

    /// Who holds a lock another process created, for the timeout error.
    public struct Holder: Sendable, Equatable {
        public var pid: Int?
        public var createdAt: String?
    }

    enum Attempt {
        case acquired(StoreLock)
        /// A stale lock was removed (or the file vanished): try to create it again at once.
        case retry
        case busy(Holder?)
    }

    /// Blocks the calling thread up to `timeout` seconds.
    public static func acquire(_ path: String, timeout: Double, staleAfter: TimeInterval = staleAfter) throws
        -> StoreLock
    {
        let deadline = Date().addingTimeInterval(timeout)
        var reclaims = 0
        while true {
            switch try attempt(path, staleAfter: staleAfter) {
            case .acquired(let lock): return lock
            case .retry where reclaims < 64:
                reclaims += 1
            case .retry:
                reclaims = 0
                if Date() >= deadline { throw StoreError.lockTimeout(lockFile: path, seconds: timeout, holder: nil) }
                usleep(UInt32(pollMicros()))
            case .busy(let holder):
                reclaims = 0
                if Date() >= deadline {
                    throw StoreError.lockTimeout(lockFile: path, seconds: timeout, holder: holder?.text)
                }
                usleep(UInt32(pollMicros()))
            }
        }
    }

    /// Suspends (without blocking a thread) up to `timeout` seconds.
    public static func acquireAsync(_ path: String, timeout: Double, staleAfter: TimeInterval = staleAfter) async throws
        -> StoreLock
    {
        let deadline = Date().addingTimeInterval(timeout)
        var reclaims = 0
        while true {
            switch try attempt(path, staleAfter: staleAfter) {
            case .acquired(let lock): return lock
            case .retry where reclaims < 64:
                reclaims += 1
            case .retry:
                reclaims = 0
                if Date() >= deadline { throw StoreError.lockTimeout(lockFile: path, seconds: timeout, holder: nil) }
                try await Task.sleep(nanoseconds: UInt64(pollMicros()) * 1000)
            case .busy(let holder):
                reclaims = 0
                if Date() >= deadline {
                    throw StoreError.lockTimeout(lockFile: path, seconds: timeout, holder: holder?.text)
                }
                try await Task.sleep(nanoseconds: UInt64(pollMicros()) * 1000)
            }
        }
    }

    /// A short random pause: OpenClaw's own retries back off from 100 ms, so sx polling faster only means it
    /// notices a release sooner; the jitter keeps several sx waiters from waking in step.
    static func pollMicros() -> Int { Int.random(in: 4_000...20_000) }

    /// One try: create the file, or judge the holder's lock by OpenClaw's rules and remove it if stale.
    static func attempt(_ path: String, staleAfter: TimeInterval) throws -> Attempt {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 { return .acquired(try finishCreate(fd, path)) }
        let err = errno
        guard err == EEXIST else { throw StoreError.io(path: path, operation: "create lock file", errno: err) }
        // As OpenClaw does: note the inode before judging, and remove the file only if it is still that inode,
        // so a lock another waiter created after reclaiming the stale one is left alone.
        guard let seen = fileID(path) else { return .retry }
        guard LockPayload.isStale(path: path, staleAfter: staleAfter, now: Date()) else {
            return fileID(path) == nil ? .retry : .busy(holder(path))  // released meanwhile: try again at once
        }
        if fileID(path) == seen { unlink(path) }
        return .retry
    }

    private static func finishCreate(_ fd: Int32, _ path: String) throws -> StoreLock {
        let text = LockPayload.ours(now: Date())
        let ok = text.utf8CString.withUnsafeBufferPointer { buf in
            Glibc.write(fd, buf.baseAddress!, buf.count - 1) == buf.count - 1
        }
        var st = stat()
        guard ok, fstat(fd, &st) == 0 else {
            let e = errno
            unlink(path)
            close(fd)
            throw StoreError.io(path: path, operation: "write lock file", errno: e)
        }
        return StoreLock(path: path, fd: fd, device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    static func fileID(_ path: String) -> [UInt64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    static func holder(_ path: String) -> Holder? {
        guard let p = LockPayload.read(path) else { return nil }
        return Holder(pid: p.pid, createdAt: p.createdAt)
    }

    /// Whether the lock file is still the one this holder created (no one took it over as stale).
    public var isHeld: Bool { Self.fileID(path) == [device, inode] }

    deinit {
        // Only our own file: if a waiter judged us stale and took over, the file there now is theirs.
        if isHeld { unlink(path) }
        close(fd)
    }
}

extension StoreLock.Holder {
    var text: String {
        var s = pid.map { "pid \($0)" } ?? "a process that wrote no readable pid"
        if let c = createdAt { s += " since \(c)" }
        return s
    }
}
