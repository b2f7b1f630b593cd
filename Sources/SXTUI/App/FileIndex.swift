import Foundation

/// The files of the working directory for `@` completion: a breadth-first walk that skips hidden folders and
/// build output, capped so a huge tree (a home folder) costs a bounded, one-off scan.
enum FileIndex {
    /// 20,000 paths is a large monorepo's source tree; beyond that completion would be noise anyway.
    static let maxFiles = 20_000
    static let skipped: Set<String> = [
        ".git", ".build", "node_modules", ".swiftpm", "target", "dist", "build", "__pycache__", ".venv"
    ]

    static func scan(root: String, limit: Int = maxFiles) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        var queue = [""]
        while !queue.isEmpty && out.count < limit {
            let rel = queue.removeFirst()
            let dir = rel.isEmpty ? root : root + "/" + rel
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") || name == ".github" {
                if skipped.contains(name) { continue }
                let path = rel.isEmpty ? name : rel + "/" + name
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: root + "/" + path, isDirectory: &isDir) else { continue }
                if isDir.boolValue { queue.append(path) } else { out.append(path) }
                if out.count >= limit { break }
            }
        }
        return out
    }
}
