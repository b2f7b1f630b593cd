import Foundation
import Synchronization

/// Snapshots of a workspace in a shadow git repository under `snapshotsDir`, taken before the first change of every
/// turn so the user can see and undo what the agent changed. The user's own `.git` is never read or written: the
/// shadow repository has its own GIT_DIR, index and config, and git skips every `.git` entry in the work tree.
///
/// What a snapshot holds: every file git would see with `git add -A`, honouring the workspace's `.gitignore` files
/// (not `.git/info/exclude` nor the user's global excludes), minus files over `maxFileBytes`. A nested repository (a
/// folder with its own `.git`, e.g. a clone or a submodule) is snapshotted file by file like any folder, honouring
/// its own `.gitignore`, instead of becoming a gitlink entry that would lose its files.
///
/// The API is synchronous and serialised per store; the caller runs it off its event loop.
public final class CheckpointStore: Sendable {
    /// Mutable bookkeeping, guarded so concurrent callers cannot interleave index updates.
    struct State: Sendable {
        /// Files over the cap at the last snapshot (persisted in `sx-skipped`).
        var skipped: [String] = []
        /// The patterns currently written to `info/exclude`, to rewrite it only when they change.
        var excluded: [String]? = nil
        /// The last `refs/sx/<n>` number used; new ones are larger and roughly microseconds since 1970.
        var lastRef: UInt64 = 0
    }

    public let workspace: String
    public let snapshotsDir: String
    public let maxFileBytes: Int
    let gitDir: String
    let git: CheckpointGit
    /// The exclude pattern for `snapshotsDir` when it lies inside the workspace (never snapshot the snapshots).
    let ownFolderPattern: String?
    let state: Mutex<State>

    /// Name of the placeholder index entry that makes git walk into a nested repository as a plain folder.
    static let nestedSeed = ".sx-nested-repository-seed"
    static let emptyBlob = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"

    /// Opens (creating on first use) the shadow repository for `workspace` in `snapshotsDir/git`.
    /// Throws when git is missing, the workspace cannot be read, or the repository cannot be created.
    public init(
        workspace: String, snapshotsDir: String, maxFileBytes: Int = 10 << 20, git: String? = nil
    ) throws(CheckpointUnavailable) {
        guard let executable = git ?? Self.findOnPath("git"), FileManager.default.isExecutableFile(atPath: executable)
        else {
            throw CheckpointUnavailable(reason: "git is not installed")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workspace, isDirectory: &isDir), isDir.boolValue,
            access(workspace, R_OK | X_OK) == 0, let dir = opendir(workspace)
        else {
            throw CheckpointUnavailable(reason: "the workspace \(workspace) is not readable")
        }
        closedir(dir)
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.resolvingSymlinksInPath().path
        let home = URL(fileURLWithPath: snapshotsDir).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            throw CheckpointUnavailable(reason: "cannot create \(home): \(error.localizedDescription)")
        }
        self.workspace = root
        self.snapshotsDir = home
        self.maxFileBytes = maxFileBytes
        self.gitDir = home + "/git"
        self.git = CheckpointGit(executable: executable, workspace: root, gitDir: gitDir, home: home)
        self.ownFolderPattern = Self.relative(home, to: root).map { Self.excludePattern($0 + "/") }
        var initial = State()
        initial.skipped = Self.readSkipped(gitDir + "/sx-skipped")
        self.state = Mutex(initial)
        _ = try ensureRepository()
    }

    // MARK: - Snapshot

    /// Records the workspace as it is now. Only files changed since the last snapshot are read (git's stat cache in
    /// the private index); files over the size cap are left out and listed in `skipped`.
    public func snapshot(label: String) throws(CheckpointUnavailable) -> Snapshot {
        try state.withLock { (s: inout State) throws(CheckpointUnavailable) -> Snapshot in
            try takeSnapshot(label: label, state: &s)
        }
    }

    private func takeSnapshot(label: String, state s: inout State) throws(CheckpointUnavailable) -> Snapshot {
        if try ensureRepository() { s.excluded = nil }
        removeStaleLock()
        // Files skipped last time stay excluded while still too big; one that shrank must be listed again.
        var skipped = Set(s.skipped.filter { !$0.hasSuffix("/") && isTooBig($0) })
        try updateExcludes(Array(skipped), state: &s)

        // Untracked and modified files; nested repositories show up as "dir/" until seeded.
        var listing: [(tag: UInt8, path: String)] = []
        var nested: [String] = []
        for round in 0..<8 {
            listing = Self.taggedPaths(try git.check(["ls-files", "-z", "-t", "-m", "-o", "--exclude-standard"]))
            nested = listing.filter { $0.tag == UInt8(ascii: "?") && $0.path.hasSuffix("/") }.map(\.path)
            if nested.isEmpty || round == 7 { break }
            try seed(nested)
        }
        var bigTracked: [String] = []
        for entry in listing where !entry.path.hasSuffix("/") && isTooBig(entry.path) {
            skipped.insert(entry.path)
            if entry.tag != UInt8(ascii: "?") { bigTracked.append(entry.path) }
        }
        if !bigTracked.isEmpty {
            try git.check(["update-index", "-z", "--force-remove", "--stdin"], input: Self.nulJoined(bigTracked))
        }
        // Repositories nested deeper than the rounds above are left out whole.
        let excluded = Array(skipped) + nested
        try updateExcludes(excluded, state: &s)

        let add = try git.run(["add", "-A", "--ignore-errors"])
        if add.status != 0 && !Self.onlyUnreadableFiles(add.stderr) {
            throw CheckpointGit.failure(["add"], add)
        }
        let tree = try git.line(["write-tree"])
        let commit = try git.line(["commit-tree", tree, "-m", label.isEmpty ? "snapshot" : label])
        try keep(commit, state: &s)
        s.skipped = excluded.sorted()
        Self.writeSkipped(s.skipped.filter { !$0.hasSuffix("/") }, to: gitDir + "/sx-skipped")
        return Snapshot(tree: tree, commit: commit, skipped: s.skipped)
    }

    /// Puts a placeholder entry under each nested repository so git treats it as a plain folder from now on (git
    /// only turns a folder with a `.git` into a gitlink while the index has nothing below it). The next `add -A`
    /// drops the placeholder because no such file exists.
    private func seed(_ folders: [String]) throws(CheckpointUnavailable) {
        var info = Data()
        for folder in folders {
            info.append(contentsOf: Array("100644 \(Self.emptyBlob)\t\(folder)\(Self.nestedSeed)".utf8))
            info.append(0)
        }
        try git.check(["update-index", "-z", "--index-info"], input: info)
    }

    /// Stores the commit under a new `refs/sx/<n>` (create-only, so two sx processes never overwrite each other).
    private func keep(_ commit: String, state s: inout State) throws(CheckpointUnavailable) {
        var n = max(s.lastRef + 1, UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000)))
        for _ in 0..<5 {
            let out = try git.run(["update-ref", "refs/sx/\(n)", commit, ""])
            if out.status == 0 {
                s.lastRef = n
                return
            }
            n += 1
        }
        throw CheckpointUnavailable(reason: "cannot create a ref for the snapshot under \(gitDir)/refs/sx")
    }

    // MARK: - Reading snapshots

    /// Files that differ between two snapshot trees (or commits), without rename detection.
    public func changes(from: String, to: String) throws(CheckpointUnavailable) -> [ChangedFile] {
        let a = try Self.objectID(from)
        let b = try Self.objectID(to)
        let out = try git.check(["diff-tree", "-r", "-z", "--no-renames", "--raw", "--abbrev=40", a, b])
        return Self.parseRaw(out)
    }

    /// A unified diff between two snapshots (binary files as "Binary files … differ").
    public func patch(from: String, to: String) throws(CheckpointUnavailable) -> String {
        let a = try Self.objectID(from)
        let b = try Self.objectID(to)
        let out = try git.check(["diff", "--no-color", "--no-ext-diff", "--no-renames", "-U3", a, b, "--"])
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of one blob (for a symlink: its target).
    public func content(of blob: String) throws(CheckpointUnavailable) -> Data {
        try git.check(["cat-file", "blob", try Self.objectID(blob)])
    }

    // MARK: - Pruning

    /// Drops snapshots that are not among the newest `keepNewest` or are older than `maxAge`, then removes their
    /// objects (`git gc --prune=now`, only when something was dropped). Never fails the caller.
    public func prune(keepNewest: Int, maxAge: TimeInterval, now: Date = Date()) {
        state.withLock { _ in
            guard
                let out = try? git.check(["for-each-ref", "--format=%(refname) %(committerdate:unix)", "refs/sx/"])
            else { return }
            var refs: [(name: String, number: UInt64, time: Double)] = []
            for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let time = Double(parts[1]) else { continue }
                let name = String(parts[0])
                refs.append((name, UInt64(name.dropFirst("refs/sx/".count)) ?? 0, time))
            }
            refs.sort { ($0.number, $0.time) > ($1.number, $1.time) }
            let cutoff = now.timeIntervalSince1970 - maxAge
            var doomed: [String] = []
            for (i, ref) in refs.enumerated() where i >= max(0, keepNewest) || ref.time < cutoff {
                doomed.append(ref.name)
            }
            guard !doomed.isEmpty else { return }
            let script = doomed.map { "delete \($0)\n" }.joined()
            guard (try? git.check(["update-ref", "--stdin"], input: Data(script.utf8))) != nil else { return }
            _ = try? git.run(["gc", "--prune=now", "-q"], timeout: 600)
        }
    }

    // MARK: - Repository and excludes

    /// Creates the shadow repository if it is missing (first use, or the snapshots folder was deleted) and writes
    /// the attributes that keep stored bytes identical to the files (no EOL or filter conversion).
    /// Returns true when it had to create the repository.
    private func ensureRepository() throws(CheckpointUnavailable) -> Bool {
        var created = false
        if !FileManager.default.fileExists(atPath: gitDir + "/HEAD") {
            var env = git.environment
            env["GIT_DIR"] = nil
            env["GIT_WORK_TREE"] = nil
            env["GIT_INDEX_FILE"] = nil
            let out = try CheckpointProcess.run(
                executable: git.executable, arguments: ["init", "-q", "--bare", gitDir], environment: env,
                directory: snapshotsDir, input: nil, timeout: 60, name: "git init")
            guard out.status == 0 else { throw CheckpointGit.failure(["init"], out) }
            created = true
        }
        let attributes =
            "# Written by sx: store bytes exactly as they are on disk.\n"
            + "* -text -eol -filter -ident -working-tree-encoding\n"
        let path = gitDir + "/info/attributes"
        if (try? String(contentsOfFile: path, encoding: .utf8)) != attributes {
            do {
                try FileManager.default.createDirectory(atPath: gitDir + "/info", withIntermediateDirectories: true)
                try attributes.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw CheckpointUnavailable(reason: "cannot write \(path): \(error.localizedDescription)")
            }
        }
        return created
    }

    /// Rewrites `info/exclude` (read by git in place of the user's `.git/info/exclude`) when its patterns change.
    private func updateExcludes(_ paths: [String], state s: inout State) throws(CheckpointUnavailable) {
        var patterns = paths.map(Self.excludePattern).sorted()
        if let ownFolderPattern { patterns.insert(ownFolderPattern, at: 0) }
        guard s.excluded != patterns else { return }
        let text =
            "# Written by sx at every snapshot: files over the size cap.\n" + patterns.joined(separator: "\n")
            + "\n"
        do {
            try text.write(toFile: gitDir + "/info/exclude", atomically: true, encoding: .utf8)
        } catch {
            throw CheckpointUnavailable(reason: "cannot write \(gitDir)/info/exclude: \(error.localizedDescription)")
        }
        s.excluded = patterns
    }

    /// A lock left by a git that was killed (timeout, crash) would block every later snapshot.
    private func removeStaleLock() {
        let lock = gitDir + "/index.lock"
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: lock),
            let modified = attrs[.modificationDate] as? Date, Date().timeIntervalSince(modified) > 90
        else { return }
        try? FileManager.default.removeItem(atPath: lock)
    }

    func isTooBig(_ path: String) -> Bool {
        var st = stat()
        guard lstat(workspace + "/" + path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG && Int(st.st_size) > maxFileBytes
    }
}

// MARK: - Parsing and small helpers

extension CheckpointStore {
    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Accepts only hex object ids, so nothing the caller passes can be read by git as an option.
    static func objectID(_ id: String) throws(CheckpointUnavailable) -> String {
        let ok =
            (4...64).contains(id.utf8.count) && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        guard ok else { throw CheckpointUnavailable(reason: "not a snapshot id: \(id.prefix(80))") }
        return id
    }

    /// `ls-files -z -t` records: a one-letter tag, a space, the path.
    static func taggedPaths(_ data: Data) -> [(tag: UInt8, path: String)] {
        data.split(separator: 0, omittingEmptySubsequences: true).compactMap { rec in
            guard rec.count > 2, let tag = rec.first else { return nil }
            return (tag, String(decoding: rec.dropFirst(2), as: UTF8.self))
        }
    }

    /// `diff-tree -r -z --raw`: ":<mode> <mode> <id> <id> <status>" NUL "<path>" NUL, repeated.
    static func parseRaw(_ data: Data) -> [ChangedFile] {
        let fields = data.split(separator: 0, omittingEmptySubsequences: false)
        var files: [ChangedFile] = []
        var i = 0
        while i + 1 < fields.count {
            let head = String(decoding: fields[i], as: UTF8.self)
            let path = String(decoding: fields[i + 1], as: UTF8.self)
            i += 2
            let parts = head.dropFirst().split(separator: " ")
            guard head.hasPrefix(":"), parts.count >= 5 else { continue }
            let (m1, m2) = (mode(parts[0]), mode(parts[1]))
            // Gitlinks (160000) carry no bytes to restore; the store never writes them.
            if parts[0] == "160000" || parts[1] == "160000" { continue }
            files.append(
                ChangedFile(
                    path: path, before: m1 == nil ? nil : String(parts[2]), after: m2 == nil ? nil : String(parts[3]),
                    beforeMode: m1, afterMode: m2))
        }
        return files
    }

    static func mode(_ octal: Substring) -> ChangedFile.Mode? {
        switch octal {
        case "100755": .executable
        case "120000": .symlink
        case "100644", "100664": .regular
        default: nil
        }
    }

    /// An exact, anchored gitignore pattern for one path. A newline cannot be written in the file, so it becomes
    /// "?" (any one character): a little wider than the path, never narrower.
    static func excludePattern(_ path: String) -> String {
        var out = "/"
        for ch in path {
            switch ch {
            case "\\", "*", "?", "[": out += "\\" + String(ch)
            case "\n", "\r": out += "?"
            default: out.append(ch)
            }
        }
        if out.hasSuffix(" ") { out = String(out.dropLast()) + "\\ " }
        return out
    }

    static func nulJoined(_ paths: [String]) -> Data {
        var data = Data()
        for p in paths {
            data.append(contentsOf: Array(p.utf8))
            data.append(0)
        }
        return data
    }

    /// `add --ignore-errors` exits non-zero when a file could not be read; those files are simply not in the snapshot.
    static func onlyUnreadableFiles(_ stderr: Data) -> Bool {
        let lines = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
        let fatal = lines.filter { $0.hasPrefix("fatal:") }
        return !lines.isEmpty && fatal.allSatisfy { $0 == "fatal: adding files failed" }
            && lines.contains { $0.hasPrefix("error: open(") || $0.hasPrefix("error: unable to index file") }
    }

    /// `path` relative to `base` when it lies inside it.
    static func relative(_ path: String, to base: String) -> String? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(base + "/") else { return nil }
        return String(resolved.dropFirst(base.count + 1))
    }

    static func readSkipped(_ file: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    static func writeSkipped(_ paths: [String], to file: String) {
        try? nulJoined(paths).write(to: URL(fileURLWithPath: file), options: .atomic)
    }
}
