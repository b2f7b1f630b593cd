import Foundation

/// Reads a pipe to its end. Foundation's `readDataToEndOfFile` traps on EINTR (a child exiting while a test reads
/// delivers SIGCHLD), so tests read with plain `read(2)` and retry interrupted calls.
public enum PipeReader {
    public static func readAll(_ handle: FileHandle) -> Data {
        let fd = handle.fileDescriptor
        var out = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n > 0 { out.append(contentsOf: buf[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        return out
    }

    /// Both pipes read at once, so that a child that fills one never blocks on it.
    public static func readBoth(_ a: FileHandle, _ b: FileHandle) -> (Data, Data) {
        nonisolated(unsafe) var first = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            first = readAll(a)
            group.leave()
        }
        let second = readAll(b)
        group.wait()
        return (first, second)
    }
}
