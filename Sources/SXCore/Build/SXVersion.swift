import Foundation

/// sx's version, shown by `--version` and in the user agent.
public enum SXVersion {
    public static let version = "0.1.0"
    /// The commit the binary was built from (`git describe`, stamped by the CommitStamp plugin; "unknown" outside git).
    public static var commit: String? { BuildInfo.commit.isEmpty ? nil : BuildInfo.commit }
    public static var long: String { commit.map { "\(version) (\($0))" } ?? version }

    public static var userAgent: String {
        var u = utsname()
        uname(&u)
        let machine = withUnsafeBytes(of: &u.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "sx/\(version) (Linux; \(machine))"
    }
}
