import Foundation
import Testing
@testable import SXTUI

/// Text snapshots under `Tests/SXTUITests/Snapshots/`. A missing snapshot is written and the test fails, so a new
/// one is looked at before it is committed. To re-record after a deliberate UI change:
/// `SX_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests`, then review `git diff Tests/SXTUITests/Snapshots`.
enum Snapshot {
    static func check(_ text: String, name: String) throws {
        let url = TestPaths.snapshots.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["SX_RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: TestPaths.snapshots, withIntermediateDirectories: true)
            try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            Issue.record("snapshot \(name) recorded; review and commit it")
            return
        }
        #expect(text + "\n" == expected, "snapshot \(name) differs")
    }

    /// "80x24" → (80, 24).
    static func size(_ text: String) -> (Int, Int) {
        let parts = text.split(separator: "x").compactMap { Int($0) }
        return (parts[0], parts[1])
    }
}
