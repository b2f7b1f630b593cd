import Foundation

/// Paths of the repository, found from this file's location (Tests/SXTUITests/…).
enum TestPaths {
    static let repo: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var themes: URL { repo.appendingPathComponent("themes") }
    static var snapshots: URL { repo.appendingPathComponent("Tests/SXTUITests/Snapshots") }
}
