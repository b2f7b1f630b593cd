import Foundation
import SXCore
#if canImport(Glibc)
    import Glibc
#endif

/// `$SX_HOME/auth-profiles.json`: reads without a lock (writes are atomic renames, so a reader never sees half a
/// file) and writes only under the store lock, after re-reading, so concurrent sx processes never lose each
/// other's changes.
public final class ProfileStore: Sendable {
    public let paths: SXPaths
    public let clock: any SXClock
    /// How long a writer waits for another process's lock before giving up with a clear error.
    public let lockTimeout: Double
    /// Number of timestamped backups kept.
    public static let backupsKept = 20

    /// The lock is held for a re-read and a write, and across an OAuth refresh call (bounded well under the lock's
    /// stale time, `CredentialStore.refreshCallTimeout`), so a waiter behind a refresh still gets it in time.
    public init(paths: SXPaths, clock: any SXClock = SystemClock(), lockTimeout: Double = 35) {
        self.paths = paths
        self.clock = clock
        self.lockTimeout = lockTimeout
    }

    public var fileURL: URL { paths.authProfiles }

    // MARK: reading

    /// The current store; an absent file is an empty store. A file that does not parse is an error that names
    /// file, line, column and the newest backup.
    public func load() throws -> AuthStoreDocument {
        let data: Data
        do {
            data = try Data(contentsOf: fileURL)
        } catch {
            if !FileManager.default.fileExists(atPath: fileURL.path) { return AuthStoreDocument() }
            throw StoreError.io(path: fileURL.path, operation: "read", errno: EACCES)
        }
        return try decode(data)
    }

    func decode(_ data: Data) throws -> AuthStoreDocument {
        let value: JSONValue
        do {
            value = try JSONParser.parse(data)
        } catch {
            throw StoreError.corrupt(
                file: fileURL.path, line: error.line, column: error.column, reason: error.reason,
                newestBackup: newestBackup()?.path)
        }
        guard let root = value.objectValue else {
            throw StoreError.notAnObject(file: fileURL.path, newestBackup: newestBackup()?.path)
        }
        if let v = root["version"], v.int64Value != 1 {
            let shown = v.int64Value.map(String.init) ?? v.serialized()
            throw StoreError.unsupportedVersion(file: fileURL.path, version: shown)
        }
        return AuthStoreDocument(root: root)
    }

    // MARK: writing

    /// Locks, re-reads, applies `change`, writes atomically and unlocks. With `backup`, the current file is copied
    /// to `backups/` first (use it for every change that replaces or removes a credential).
    @discardableResult
    public func update<T>(backup: Bool = false, _ change: (inout AuthStoreDocument) throws -> T) throws -> T {
        let lock = try lockSync()
        return try updateLocked(lock, backup: backup, change)
    }

    /// The async twin of `update`, waiting for the lock without blocking a thread.
    @discardableResult
    public func updateAsync<T>(backup: Bool = false, _ change: (inout AuthStoreDocument) throws -> T) async throws -> T
    {
        let lock = try await lockAsync()
        return try updateLocked(lock, backup: backup, change)
    }

    /// Takes the store lock (OpenClaw's lock file, `StoreLock`) and returns it; the lock is released (its file
    /// deleted) when the returned value is dropped.
    public func lockSync(timeout: Double? = nil) throws -> StoreLock {
        try paths.ensureHome()
        return try StoreLock.acquire(paths.authProfilesLock.path, timeout: timeout ?? lockTimeout)
    }

    public func lockAsync(timeout: Double? = nil) async throws -> StoreLock {
        try paths.ensureHome()
        return try await StoreLock.acquireAsync(paths.authProfilesLock.path, timeout: timeout ?? lockTimeout)
    }

    /// Re-read + change + write while holding `lock` (from `lockSync`/`lockAsync`).
    @discardableResult
    public func updateLocked<T>(
        _ lock: StoreLock, backup: Bool = false, _ change: (inout AuthStoreDocument) throws -> T
    ) throws -> T {
        removeOrphanedTempFiles()
        var doc = try load()
        let before = doc
        let result = try change(&doc)
        guard doc != before || !FileManager.default.fileExists(atPath: fileURL.path) else { return result }
        if backup { try makeBackup() }
        try write(doc, lock)
        return result
    }

    private func write(_ doc: AuthStoreDocument, _ lock: StoreLock) throws {
        try paths.ensureHome()
        // Held past the stale time (a stalled disk, a suspended process), the lock may have been taken over;
        // writing then would overwrite the other writer's change.
        guard lock.isHeld else { throw StoreError.lockLost(lockFile: lock.path) }
        try AtomicFile.write(Data(doc.serialized().utf8), to: fileURL)
    }

    /// Temp files are only ever created under the lock, so one that exists while we hold the lock belongs to a
    /// writer that died (e.g. `kill -9`) before its rename.
    private func removeOrphanedTempFiles() {
        let prefix = "." + fileURL.lastPathComponent + ".tmp-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: paths.home.path)) ?? []
        where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: paths.home.appendingPathComponent(name))
        }
    }

    // MARK: backups

    /// Copies the current file (if any) to `backups/auth-profiles.json.<UTC yyyyMMdd-HHmmss>` and prunes to 20.
    @discardableResult
    public func makeBackup() throws -> URL? {
        guard let data = try? Data(contentsOf: fileURL) else { return nil }
        return try Self.backup(data, name: "auth-profiles.json", paths: paths, now: clock.now())
    }

    /// Writes `data` to `backups/<name>.<UTC yyyyMMdd-HHmmss>` (0600, folder 0700) and keeps the newest 20 of `name`.
    @discardableResult
    public static func backup(_ data: Data, name: String, paths: SXPaths, now: Date) throws -> URL {
        let fm = FileManager.default
        let dir = paths.backups
        if !fm.fileExists(atPath: dir.path) {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let base = name + "." + stamp(now)
        var url = dir.appendingPathComponent(base)
        var n = 1
        // Two backups within one second keep both: the second gets a `-N` suffix, which still sorts after.
        while fm.fileExists(atPath: url.path) {
            url = dir.appendingPathComponent(base + "-\(n)")
            n += 1
        }
        try AtomicFile.write(data, to: url)
        let all = backupFiles(name: name, paths: paths)
        if all.count > backupsKept {
            for old in all.prefix(all.count - backupsKept) { try? fm.removeItem(at: old) }
        }
        return url
    }

    /// Backups oldest first (the timestamp in the name sorts chronologically).
    public func backupFiles() -> [URL] { Self.backupFiles(name: "auth-profiles.json", paths: paths) }

    static func backupFiles(name: String, paths: SXPaths) -> [URL] {
        let prefix = name + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.backups.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && !$0.hasPrefix(".") }
            .sorted { backupSortKey($0, prefix) < backupSortKey($1, prefix) }
            .map { paths.backups.appendingPathComponent($0) }
    }

    public func newestBackup() -> URL? { backupFiles().last }

    private static func backupSortKey(_ name: String, _ prefix: String) -> (String, Int) {
        let stamp = name.dropFirst(prefix.count)
        let parts = stamp.split(separator: "-")
        let seq = parts.count > 2 ? Int(parts[2]) ?? 0 : 0
        return (parts.prefix(2).joined(separator: "-"), seq)
    }

    static func stamp(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d-%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
