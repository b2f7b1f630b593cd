import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Path resolution and workspace confinement for the file tools.
///
/// Resolution follows every symlink itself (dangling ones included, through `readlink`), so a link that points
/// out of the workspace is caught even when its target does not exist yet — `realpath(3)` alone would fail on
/// such a link, and a lexical check alone would miss links entirely. `..` after a resolved component is applied
/// to the real path, as the kernel does.
enum WorkspacePath {
    /// The maximum number of symlinks followed in one resolution (Linux's `MAXSYMLINKS`).
    private static let maxSymlinkHops = 40

    /// `path` made absolute against `base`, not yet resolved.
    static func absolute(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.isEmpty || path == "." { return base }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// The real path: every symlink followed, `.` and `..` applied. Components that do not exist are kept as
    /// written. Returns the lexically cleaned path when symlinks loop.
    static func realPath(of absolutePath: String) -> String {
        var pending = Array(components(absolutePath).reversed())
        var resolved: [String] = []
        var hops = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." { _ = resolved.popLast(); continue }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            if let target = readLink(candidate) {
                hops += 1
                if hops > maxSymlinkHops { return lexicallyCleaned(absolutePath) }
                if target.hasPrefix("/") { resolved = [] }
                pending.append(contentsOf: components(target).reversed())
            } else {
                resolved.append(component)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// Resolves a tool's `path` argument against the workspace and enforces confinement.
    static func resolve(_ path: String, in context: ToolContext, tool: String) throws(ToolFailure) -> String {
        guard !path.contains("\0") else { throw ToolFailure("\(tool): the path contains a NUL byte.") }
        let expanded = expandTilde(path, home: context.homeDirectory)
        let real = realPath(of: absolute(expanded, base: context.workspaceRoot))
        if !context.allowOutsideWorkspace && !isInside(real, root: context.workspaceRoot) {
            throw ToolFailure(
                """
                \(tool): '\(path)' resolves to '\(real)', which is outside the workspace '\(context.workspaceRoot)'. \
                Only paths inside the workspace are allowed.
                """)
        }
        return real
    }

    static func isInside(_ path: String, root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// How a resolved path is shown to the model: relative to the workspace when inside it.
    static func display(_ path: String, root: String) -> String {
        if path == root { return "." }
        if root != "/" && path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        return path
    }

    private static func expandTilde(_ path: String, home: String?) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = home ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    private static func lexicallyCleaned(_ path: String) -> String {
        var out: [String] = []
        for c in components(path) where c != "." {
            if c == ".." { _ = out.popLast() } else { out.append(c) }
        }
        return "/" + out.joined(separator: "/")
    }

    /// The target of a symlink, or nil when `path` is not a symlink (or does not exist).
    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
