import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Crash-safe replacement of a small file: a reader sees the old content or the new, never a mix or nothing.
public enum AtomicFile {
    /// Writes `data` to a fresh 0600 temp file next to `url`, fsyncs it, renames it over `url`, fsyncs the folder.
    /// `mode` is the final mode: another program's file keeps its own (docs/protocol/codex-login.md#login-file: a
    /// 0644 auth.json stays 0644).
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws {
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw StoreError.io(path: tmp, operation: "create", errno: errno) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            try data.withUnsafeBytes { buf in
                var off = 0
                while off < buf.count {
                    let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw StoreError.io(path: tmp, operation: "write", errno: errno)
                    }
                    off += n
                }
            }
            // The umask may have narrowed the mode further, never widened it; make it exactly what was asked.
            if fchmod(fd, mode) != 0 { throw StoreError.io(path: tmp, operation: "chmod", errno: errno) }
            if fsync(fd) != 0 { throw StoreError.io(path: tmp, operation: "fsync", errno: errno) }
        }
        if rename(tmp, url.path) != 0 { throw StoreError.io(path: url.path, operation: "rename onto", errno: errno) }
        ok = true
        syncDirectory(dir)
    }

    /// Makes a rename durable; failure is ignored because some filesystems refuse fsync on a directory.
    public static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}
