import Foundation
import SXCore
#if canImport(Glibc)
    import Glibc
#endif

/// The lock file's JSON and OpenClaw's rules for when another holder's lock may be removed
/// (openclaw `src/plugin-sdk/file-lock.ts` `isStaleLock`, `src/shared/pid-alive.ts`).
struct LockPayload: Equatable {
    var pid: Int?
    var createdAt: String
    /// `/proc/<pid>/stat` field 22 (clock ticks after boot) of the holder when it took the lock: tells a recycled
    /// pid from the holder.
    var startTime: Double?

    /// What OpenClaw writes (`JSON.stringify(payload, null, 2)`): pid, `Date.toISOString()`, and the start time.
    static func ours(now: Date) -> String {
        var o = JSONObject()
        o["pid"] = .int(Int(getpid()))
        o["createdAt"] = .string(UTCTime.iso8601Millis(now))
        if let t = ownStartTime { o["startTime"] = .int(t) }
        return JSONValue.object(o).serialized()
    }

    static let ownStartTime: Int64? = processStartTime(Int(getpid())).map { Int64($0) }

    /// OpenClaw's `readLockPayload`: nil unless the file is JSON with a numeric `pid` and a string `createdAt`.
    static func read(_ path: String) -> LockPayload? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 64 * 1024,
            let o = (try? JSONParser.parse(data))?.objectValue,
            case .number(let pidText)? = o["pid"], let createdAt = o["createdAt"]?.stringValue
        else { return nil }
        // A number that is not a whole positive pid is what Node's `process.kill` refuses: OpenClaw then calls it
        // dead. Kept as nil so the same rule applies below.
        let pid = Double(pidText).flatMap { $0 == $0.rounded() && $0 > 0 && $0 <= Double(Int32.max) ? Int($0) : nil }
        return LockPayload(pid: pid, createdAt: createdAt, startTime: o["startTime"]?.doubleValue)
    }

    /// OpenClaw's `isStaleLock`, rule for rule:
    /// - a payload: stale if the pid is dead, or alive with another start time (recycled pid), or `createdAt` does
    ///   not parse or is older than `staleAfter`;
    /// - an empty or unparseable file (a holder between create and write, or one that crashed there): stale only
    ///   once its mtime is older than `staleAfter`;
    /// - a file that vanished: stale (someone else removed it).
    static func isStale(path: String, staleAfter: TimeInterval, now: Date) -> Bool {
        if let p = read(path) {
            guard let pid = p.pid, isAlive(pid) else { return true }
            if let recorded = p.startTime, let current = processStartTime(pid), current != recorded { return true }
            guard let created = UTCTime.parseISO8601(p.createdAt) else { return true }
            return now.timeIntervalSince(created) > staleAfter
        }
        var st = stat()
        // Gone: its holder released it. Not stale: a new lock may already stand there, perhaps on the same inode
        // number, and judging the vanished one stale would let the caller remove that new one.
        guard stat(path, &st) == 0 else { return false }
        let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        return now.timeIntervalSince1970 - mtime > staleAfter
    }

    /// OpenClaw's `isPidAlive`: signal 0 reaches it and it is not a zombie. One deliberate difference: OpenClaw
    /// (Node's `process.kill`) also calls a pid dead when the signal is refused (EPERM, another user's process);
    /// sx calls that alive, so sx never removes a lock OpenClaw would keep, only sometimes keeps one it would remove.
    static func isAlive(_ pid: Int) -> Bool {
        if kill(pid_t(pid), 0) != 0, errno != EPERM { return false }
        guard let status = readProc("/proc/\(pid)/status") else { return true }
        let state = status.split(separator: "\n").first { $0.hasPrefix("State:") }
        return state?.dropFirst("State:".count).trimmingCharacters(in: .whitespaces).hasPrefix("Z") != true
    }

    /// `/proc/<pid>/stat` field 22, read after the last `)` because the command name (field 2) may hold spaces.
    static func processStartTime(_ pid: Int) -> Double? {
        guard let stat = readProc("/proc/\(pid)/stat"),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the comm, field 3 is index 0, so field 22 is index 19.
        return fields.count > 19 ? Double(fields[19]) : nil
    }

    /// A /proc file read to its end (they report a size of 0, so nothing may trust the size).
    static func readProc(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        while out.count < 1 << 16 {
            let n = Glibc.read(fd, &buf, buf.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
