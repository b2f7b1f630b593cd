import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A file operation that failed, as one line: what was done, to which path, and the system's reason.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    /// The system's words for `errno` ("Permission denied").
    public var reason: String { String(cString: strerror(errno)) }
    public var description: String { "\(operation) \(path) failed: \(reason)" }
}

/// Crash-safe replacement of a file: a reader sees the old content or the new, never a mix or nothing. The one
/// writer behind the profile store, the CLI login files, the catalog cache, `sx config set` and the file tools.
public enum AtomicFile {
    /// The mode the written file ends with.
    public enum Mode: Sendable, Equatable {
        /// Exactly this mode, whatever the umask (secrets: 0600; another program's file keeps its own, e.g. a 0644
        /// Codex auth.json, docs/protocol/codex-login.md#login-file). The folder is fsynced after the rename.
        case exactly(mode_t)
        /// An existing file keeps its mode (an executable script stays executable); a new one gets 0666 less the
        /// umask, as with any editor. Missing folders are created. The file tools write this way.
        case likeAnEditor
    }

    /// Writes `data` to a fresh temp file next to `url`, fsyncs it, renames it over `url`.
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws(FileError) {
        try write(data, atPath: url.path, mode: .exactly(mode))
    }

    public static func write(_ data: Data, atPath path: String, mode: Mode) throws(FileError) {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var createMode: mode_t = 0o600
        var finalMode: mode_t? = nil
        switch mode {
        case .exactly(let m):
            finalMode = m
        case .likeAnEditor:
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw FileError(path: dir, operation: "create folder", errno: errnoOf(error))
            }
            var info = stat()
            if stat(path, &info) == 0 {
                createMode = info.st_mode & 0o7777
                finalMode = createMode
            } else {
                createMode = 0o666
            }
        }
        let tmp = dir + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, createMode)
        if fd < 0 { throw FileError(path: tmp, operation: "create", errno: errno) }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        do {
            defer { close(fd) }
            try writeAll(fd, data, path: tmp)
            // `open` applied the umask, which may have narrowed the mode; make it exactly what was asked.
            if let finalMode, fchmod(fd, finalMode) != 0 {
                throw FileError(path: tmp, operation: "chmod", errno: errno)
            }
            if fsync(fd) != 0 { throw FileError(path: tmp, operation: "fsync", errno: errno) }
        }
        if rename(tmp, path) != 0 { throw FileError(path: path, operation: "rename onto", errno: errno) }
        ok = true
        if case .exactly = mode { syncDirectory(dir) }
    }

    /// Makes a rename durable; failure is ignored because some filesystems refuse fsync on a directory.
    public static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws(FileError) {
        let failed: Int32? = data.withUnsafeBytes { buf -> Int32? in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                off += n
            }
            return nil
        }
        if let failed { throw FileError(path: path, operation: "write", errno: failed) }
    }

    private static func errnoOf(_ error: Error) -> Int32 {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return ns.domain == NSPOSIXErrorDomain ? Int32(ns.code) : EIO
    }
}
