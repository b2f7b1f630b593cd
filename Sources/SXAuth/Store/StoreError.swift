import Foundation

/// Every way the profile store can refuse to work, each as one line a person can act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case corrupt(file: String, line: Int, column: Int, reason: String, newestBackup: String?)
    case notAnObject(file: String, newestBackup: String?)
    case unsupportedVersion(file: String, version: String)
    /// `holder`: who has the lock ("pid 123 since …"), when the lock file says.
    case lockTimeout(lockFile: String, seconds: Double, holder: String? = nil)
    /// Another process judged our lock stale and took it over before we wrote.
    case lockLost(lockFile: String)
    case io(path: String, operation: String, errno: Int32)
    case unknownProfile(String)
    case invalidProfileId(String)

    public var description: String {
        switch self {
        case let .corrupt(file, line, column, reason, backup):
            "\(file):\(line):\(column): cannot parse the profile store (\(reason)); it was left untouched. "
                + Self.backupHint(backup)
        case let .notAnObject(file, backup):
            "\(file): the profile store is not a JSON object; it was left untouched. " + Self.backupHint(backup)
        case let .unsupportedVersion(file, version):
            "\(file): store version \(version) is not supported (sx reads version 1); it was left untouched"
        case let .lockTimeout(lockFile, seconds, holder?):
            "could not lock \(lockFile) within \(String(format: "%g", seconds)) s: it is held by \(holder) (sx or OpenClaw "
                + "writing the profile store); nothing was written (if that process is stuck, stop it and try again)"
        case let .lockTimeout(lockFile, seconds, nil):
            "could not lock \(lockFile) within \(String(format: "%g", seconds)) s: another process is writing the profile store; "
                + "nothing was written (if none is running, try again)"
        case .lockLost(let lockFile):
            "\(lockFile) was taken over by another process while sx held it (held past its stale time); nothing was written"
        case let .io(path, operation, err):
            "\(operation) \(path) failed: \(String(cString: strerror(err)))"
        case .unknownProfile(let id):
            "no profile '\(id)' in the store (see `sx auth list`)"
        case .invalidProfileId(let id):
            "'\(id)' is not a valid profile id (expected <provider>:<name>, e.g. openai-codex:work)"
        }
    }

    private static func backupHint(_ backup: String?) -> String {
        if let backup { return "Newest backup: \(backup) (fix the file or copy the backup over it)." }
        return "No backup exists; fix the file by hand or move it away."
    }
}
