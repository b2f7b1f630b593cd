import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old content or the new one, never a half-written file:
/// write a temporary file in the same folder, flush it, then `rename(2)` it over the target.
enum AtomicFile {
    static func write(_ data: Data, to path: String, tool: String, shown: String) throws(ToolFailure) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ToolFailure("\(tool): cannot create the folder for '\(shown)': \(reason(error))")
        }
        let name = (path as NSString).lastPathComponent
        let temp = folder + "/.\(name).sx-\(UInt32.random(in: .min ... .max)).tmp"
        var mode: mode_t = 0o666  // new files: the umask applies, as with any editor
        var info = stat()
        let replacing = stat(path, &info) == 0
        if replacing { mode = info.st_mode & 0o7777 }

        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ToolFailure("\(tool): cannot write '\(shown)': \(String(cString: strerror(errno)))") }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let writeErrno = errno
        if ok { ok = fsync(fd) == 0 }
        close(fd)
        // `open` applied the umask; a replaced file keeps its exact mode (an executable script stays executable).
        if ok && replacing { chmod(temp, mode) }
        guard ok, rename(temp, path) == 0 else {
            let message = String(cString: strerror(ok ? errno : writeErrno))
            unlink(temp)
            throw ToolFailure("\(tool): cannot write '\(shown)': \(message)")
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
