import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Walks a folder depth-first in name order, skipping `.git` and whatever `.gitignore` files exclude.
///
/// Rules come from every `.gitignore` between the ignore root (the workspace root, or the start folder when it
/// lies outside the workspace) and each folder visited, so a search started in a subfolder still honours the
/// root's rules. Rules above the workspace are not read: a home-directory dotfiles repository often ignores `*`,
/// which would hide everything. Symlinks are
/// reported but never followed: following them could loop or lead out of the workspace.
struct FileWalker {
    struct Entry {
        /// Absolute path.
        var path: String
        /// Path relative to the walk's start folder.
        var relative: String
        /// 1 for the start folder's direct children.
        var depth: Int
        var isDirectory: Bool
        var isSymlink: Bool
    }

    enum Decision { case descend, skip, stop }

    let start: String
    let ignoreRoot: String
    var maxDepth = Int.max

    init(start: String, workspaceRoot: String) {
        self.start = start
        self.ignoreRoot = WorkspacePath.isInside(start, root: workspaceRoot) ? workspaceRoot : start
    }

    /// Calls `visit` for each entry; its answer for a folder says whether to go inside.
    func walk(_ visit: (Entry) -> Decision) {
        var stack = IgnoreStack()
        // Rules from folders between the ignore root and the start folder.
        let startSegments = segments(of: start)
        var folder = ignoreRoot
        // The repository's own exclude file ranks below every .gitignore, so it goes first.
        if let data = FileManager.default.contents(atPath: ignoreRoot + "/.git/info/exclude") {
            _ = stack.push(GitignoreFile(base: [], text: String(decoding: data, as: UTF8.self)))
        }
        _ = stack.push(GitignoreFile.load(folder: folder, base: []))
        for (index, name) in startSegments.enumerated() {
            folder += (folder == "/" ? "" : "/") + name
            _ = stack.push(GitignoreFile.load(folder: folder, base: Array(startSegments.prefix(index + 1))))
        }
        var stopped = false
        visitFolder(
            start, relative: [], ignoreSegments: startSegments, depth: 1, stack: &stack, stopped: &stopped, visit)
    }

    private func visitFolder(
        _ folder: String, relative: [String], ignoreSegments: [String], depth: Int,
        stack: inout IgnoreStack, stopped: inout Bool, _ visit: (Entry) -> Decision
    ) {
        guard depth <= maxDepth, !stopped else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() {
            if stopped || Task.isCancelled { stopped = true; return }
            if name == ".git" { continue }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let isSymlink = info.st_mode & S_IFMT == S_IFLNK
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            let ignorePath = ignoreSegments + [name]
            if stack.isIgnored(ignorePath, isDirectory: isDirectory) { continue }
            let entryRelative = relative + [name]
            let entry = Entry(
                path: path, relative: entryRelative.joined(separator: "/"), depth: depth,
                isDirectory: isDirectory, isSymlink: isSymlink)
            switch visit(entry) {
            case .stop: stopped = true; return
            case .skip: continue
            case .descend:
                guard isDirectory else { continue }
                let pushed = stack.push(GitignoreFile.load(folder: path, base: ignorePath))
                visitFolder(
                    path, relative: entryRelative, ignoreSegments: ignorePath, depth: depth + 1,
                    stack: &stack, stopped: &stopped, visit)
                if pushed { stack.pop() }
            }
        }
    }

    /// `start`'s segments relative to the ignore root.
    private func segments(of path: String) -> [String] {
        let relative = WorkspacePath.display(path, root: ignoreRoot)
        return relative == "." ? [] : relative.split(separator: "/").map(String.init)
    }
}
