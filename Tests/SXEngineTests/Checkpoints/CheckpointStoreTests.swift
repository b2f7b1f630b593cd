import Foundation
import SXTestSupport
import Testing
@testable import SXEngine

/// Checkpoints against the real `git` and real files in temp folders.
@Suite struct CheckpointStoreTests {
    /// A workspace and a snapshots folder side by side in a fresh temp folder.
    struct Sandbox {
        let root: String
        let workspace: String
        let snapshots: String

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("sx-ckpt-\(UUID().uuidString)").path
            workspace = root + "/ws"
            snapshots = root + "/snapshots"
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        }

        func store(maxFileBytes: Int = 10 << 20) throws(CheckpointUnavailable) -> CheckpointStore {
            try CheckpointStore(workspace: workspace, snapshotsDir: snapshots, maxFileBytes: maxFileBytes)
        }

        func write(_ path: String, _ text: String, executable: Bool = false) throws {
            try write(path, Data(text.utf8), executable: executable)
        }

        func write(_ path: String, _ data: Data, executable: Bool = false) throws {
            let full = workspace + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: full))
            chmod(full, executable ? 0o755 : 0o644)
        }

        func remove(_ path: String) throws {
            try FileManager.default.removeItem(atPath: workspace + "/" + path)
        }

        func read(_ path: String) -> String? {
            FileManager.default.contents(atPath: workspace + "/" + path).map { String(decoding: $0, as: UTF8.self) }
        }

        func cleanUp() {
            try? FileManager.default.removeItem(atPath: root)
        }

        /// Every file, symlink and folder under the workspace with its bytes and kind, skipping `.git` folders.
        func state() -> [String: Entry] {
            var out: [String: Entry] = [:]
            walk(workspace, prefix: "", into: &out)
            return out
        }

        private func walk(_ dir: String, prefix: String, into out: inout [String: Entry]) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name != ".git" {
                let full = dir + "/" + name
                let rel = prefix + name
                var st = stat()
                guard lstat(full, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    out[rel + "/"] = Entry(kind: "dir", bytes: Data())
                    walk(full, prefix: rel + "/", into: &out)
                case S_IFLNK:
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? ""
                    out[rel] = Entry(kind: "link", bytes: Data(target.utf8))
                default:
                    let kind = st.st_mode & S_IXUSR != 0 ? "exec" : "file"
                    out[rel] = Entry(kind: kind, bytes: FileManager.default.contents(atPath: full) ?? Data())
                }
            }
        }

        /// Paths in a snapshot tree, read straight from the shadow repository.
        func treePaths(_ tree: String) throws -> [String] {
            let out = try git(["ls-tree", "-r", "-z", "--full-tree", tree], in: workspace, gitDir: snapshots + "/git")
            return out.split(separator: "\0").map { String($0.split(separator: "\t", maxSplits: 1)[1]) }
        }
    }

    struct Entry: Equatable {
        var kind: String
        var bytes: Data
    }

    /// Runs the user's git (not the store's) with a neutral config; returns stdout.
    @discardableResult
    static func git(_ args: [String], in dir: String, gitDir: String? = nil) throws -> String {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": dir,
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "u",
            "GIT_AUTHOR_EMAIL": "u@example.com", "GIT_COMMITTER_NAME": "u", "GIT_COMMITTER_EMAIL": "u@example.com"
        ]
        if let gitDir { env["GIT_DIR"] = gitDir }
        let exe = CheckpointStore.findOnPath("git") ?? "/usr/bin/git"
        let out = try CheckpointProcess.run(
            executable: exe, arguments: args, environment: env, directory: dir, input: nil, timeout: 60, name: "git")
        guard out.status == 0 else {
            throw CheckpointUnavailable(reason: "git \(args): " + String(decoding: out.stderr, as: UTF8.self))
        }
        return String(decoding: out.stdout, as: UTF8.self)
    }

    @discardableResult
    func git(_ args: [String], in dir: String, gitDir: String? = nil) throws -> String {
        try Self.git(args, in: dir, gitDir: gitDir)
    }

    // MARK: - Round trip

    @Test func changesAndRestoreBothWays() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("a.txt", "alpha\n")
        try box.write("b.txt", "bravo\n")
        try box.write("c.txt", "charlie\n")
        try box.write("run.sh", "echo hi\n")
        try box.write("keep/same.txt", "unchanged\n")
        try box.write("with space.txt", "spaces\n")
        try box.write("ünïcødé/ñame.txt", "unicode\n")
        try box.write("new\nline.txt", "newline in the name\n")
        try box.write("bin.dat", Data([0, 1, 2, 255, 254, 0, 10, 13]))
        try FileManager.default.createSymbolicLink(atPath: box.workspace + "/link", withDestinationPath: "a.txt")
        let store = try box.store()
        let first = try store.snapshot(label: "turn 1")
        let before = box.state()
        #expect(first.tree.count == 40 && first.commit.count == 40 && first.skipped.isEmpty)

        try box.write("a.txt", "alpha, edited\n")
        try box.write("ünïcødé/ñame.txt", "unicode, edited\n")
        try box.remove("c.txt")
        try box.write("added/deep/e.txt", "echo\n")
        chmod(box.workspace + "/run.sh", 0o755)
        try box.remove("new\nline.txt")
        try box.write("new\nline.txt", "newline, edited\n")
        let second = try store.snapshot(label: "turn 2")
        let after = box.state()

        let changes = try store.changes(from: first.tree, to: second.tree)
        let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0) })
        #expect(
            Set(byPath.keys) == ["a.txt", "ünïcødé/ñame.txt", "c.txt", "added/deep/e.txt", "run.sh", "new\nline.txt"])
        #expect(byPath["c.txt"]?.after == nil && byPath["c.txt"]?.afterMode == nil)
        #expect(byPath["added/deep/e.txt"]?.before == nil && byPath["added/deep/e.txt"]?.afterMode == .regular)
        #expect(byPath["run.sh"]?.beforeMode == .regular && byPath["run.sh"]?.afterMode == .executable)
        #expect(byPath["run.sh"]?.before == byPath["run.sh"]?.after)
        if let blob = byPath["a.txt"]?.after {
            #expect(try store.content(of: blob) == Data("alpha, edited\n".utf8))
        }

        let back = try store.restore(changes, to: .before)
        #expect(back.conflicts.isEmpty && back.failed.isEmpty)
        #expect(Set(back.restored) == Set(byPath.keys))
        #expect(box.state() == before)  // byte- and mode-identical; the emptied "added/deep" folders are gone too

        let forth = try store.restore(changes, to: .after)
        #expect(forth.conflicts.isEmpty && forth.failed.isEmpty)
        #expect(box.state() == after)

        let third = try store.snapshot(label: "turn 3")
        #expect(third.tree == second.tree)
    }

    @Test func symlinksAndTypeChangesRestore() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("target.txt", "t\n")
        try box.write("thing", "a file that becomes a folder\n")
        try FileManager.default.createSymbolicLink(atPath: box.workspace + "/ln", withDestinationPath: "target.txt")
        let store = try box.store()
        let first = try store.snapshot(label: "1")
        let before = box.state()
        try box.remove("ln")
        try FileManager.default.createSymbolicLink(atPath: box.workspace + "/ln", withDestinationPath: "elsewhere")
        try box.remove("thing")
        try box.write("thing/inside.txt", "now a folder\n")
        let second = try store.snapshot(label: "2")
        let after = box.state()
        let changes = try store.changes(from: first.tree, to: second.tree)
        #expect(changes.first { $0.path == "ln" }?.afterMode == .symlink)
        let r1 = try store.restore(changes, to: .before)
        #expect(r1.conflicts.isEmpty && r1.failed.isEmpty)
        #expect(box.state() == before)
        let r2 = try store.restore(changes, to: .after)
        #expect(r2.conflicts.isEmpty && r2.failed.isEmpty)
        #expect(box.state() == after)
    }

    // MARK: - Conflicts

    @Test func userEditsAfterTheSnapshotAreConflicts() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("a.txt", "one\n")
        try box.write("b.txt", "one\n")
        try box.write("gone.txt", "will be deleted\n")
        let store = try box.store()
        let first = try store.snapshot(label: "1")
        try box.write("a.txt", "two\n")
        try box.write("b.txt", "two\n")
        try box.remove("gone.txt")
        let second = try store.snapshot(label: "2")
        let changes = try store.changes(from: first.tree, to: second.tree)

        try box.write("a.txt", "the user's own edit\n")
        try box.write("gone.txt", "the user made it again\n")
        let result = try store.restore(changes, to: .before)
        #expect(Set(result.conflicts) == ["a.txt", "gone.txt"])
        #expect(result.restored == ["b.txt"])
        #expect(box.read("a.txt") == "the user's own edit\n")
        #expect(box.read("gone.txt") == "the user made it again\n")
        #expect(box.read("b.txt") == "one\n")

        let forced = try store.restore(changes, to: .before, force: true)
        #expect(forced.conflicts.isEmpty && forced.failed.isEmpty)
        #expect(box.read("a.txt") == "one\n")
        #expect(box.read("gone.txt") == "will be deleted\n")
    }

    @Test func aModeChangeByTheUserIsAConflict() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("s.sh", "v1\n")
        let store = try box.store()
        let first = try store.snapshot(label: "1")
        try box.write("s.sh", "v2\n")
        let second = try store.snapshot(label: "2")
        chmod(box.workspace + "/s.sh", 0o755)
        let changes = try store.changes(from: first.tree, to: second.tree)
        #expect(try store.restore(changes, to: .before).conflicts == ["s.sh"])
    }

    // MARK: - The user's own repository

    @Test func theUsersGitRepositoryIsNeverTouched() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let ws = box.workspace
        try git(["init", "-q"], in: ws)
        try box.write("tracked.txt", "v1\n")
        try box.write("staged.txt", "s1\n")
        try box.write("stashed.txt", "x1\n")
        try git(["add", "-A"], in: ws)
        try git(["commit", "-q", "-m", "init"], in: ws)
        try box.write("stashed.txt", "x2\n")
        try git(["stash", "-q"], in: ws)
        try box.write("staged.txt", "s2\n")
        try git(["add", "staged.txt"], in: ws)
        try box.write("tracked.txt", "v2 unstaged\n")
        try box.write("untracked.txt", "u\n")

        func userView() throws -> [String] {
            [
                try git(["status", "--porcelain"], in: ws), try git(["stash", "list"], in: ws),
                try git(["rev-parse", "HEAD"], in: ws), try git(["config", "--local", "--list"], in: ws),
                try git(["for-each-ref"], in: ws),
                (FileManager.default.contents(atPath: ws + "/.git/index") ?? Data()).base64EncodedString()
            ]
        }
        let gitEntries = try FileManager.default.subpathsOfDirectory(atPath: ws + "/.git").sorted()
        let initial = try userView()

        let store = try box.store()
        let first = try store.snapshot(label: "1")
        try box.write("tracked.txt", "agent edit\n")
        try box.write("agent-new.txt", "new\n")
        let second = try store.snapshot(label: "2")
        let changes = try store.changes(from: first.tree, to: second.tree)
        #expect(Set(changes.map(\.path)) == ["tracked.txt", "agent-new.txt"])
        #expect(!(try box.treePaths(second.tree)).contains { $0 == ".git" || $0.hasPrefix(".git/") })
        _ = try store.restore(changes, to: .before)
        _ = try store.snapshot(label: "3")
        _ = try store.restore(changes, to: .after)
        _ = try store.restore(changes, to: .before)
        store.prune(keepNewest: 1, maxAge: 3600)

        #expect(try userView() == initial)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: ws + "/.git").sorted() == gitEntries)
        // The shadow repository lives only under the snapshots folder.
        #expect(FileManager.default.fileExists(atPath: box.snapshots + "/git/HEAD"))
        #expect(FileManager.default.fileExists(atPath: box.snapshots + "/git/index"))
        let top = try FileManager.default.contentsOfDirectory(atPath: ws).sorted()
        #expect(top == [".git", "staged.txt", "stashed.txt", "tracked.txt", "untracked.txt"])
    }

    @Test func gitRunsWithItsOwnEnvironmentOnly() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("f.txt", "f\n")
        let store = try box.store()
        // Built from scratch (not setenv-tested: other suites run git in parallel): only PATH comes from sx's own
        // environment, so a GIT_DIR or GIT_INDEX_FILE set around sx (a git hook, a wrapper) cannot redirect it.
        let env = store.git.environment
        #expect(env["GIT_DIR"] == box.snapshots + "/git" && env["GIT_WORK_TREE"] == store.workspace)
        #expect(env["GIT_INDEX_FILE"] == box.snapshots + "/git/index" && env["HOME"] == box.snapshots)
        #expect(env["GIT_CONFIG_GLOBAL"] == "/dev/null" && env["GIT_CONFIG_NOSYSTEM"] == "1")
        let expected: Set<String> = [
            "PATH", "HOME", "XDG_CONFIG_HOME", "LC_ALL", "LANG", "PAGER", "SSH_ASKPASS", "GIT_DIR", "GIT_WORK_TREE",
            "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_ATTR_NOSYSTEM", "GIT_TERMINAL_PROMPT",
            "GIT_ASKPASS", "GIT_PAGER", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL"
        ]
        #expect(Set(env.keys) == expected)
        #expect(CheckpointGit.settings.contains("core.hooksPath=/dev/null"))
        let snap = try store.snapshot(label: "1")
        #expect(try box.treePaths(snap.tree) == ["f.txt"])
    }

    // MARK: - What is left out

    @Test func ignoredFoldersAndBigFilesAreLeftOut() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write(".gitignore", "build/\n")
        try box.write("build/out.o", "object code\n")
        try box.write("src/main.c", "int main;\n")
        try box.write("big.bin", Data(repeating: 7, count: 2048))
        try box.write("grows.txt", "small\n")
        let store = try box.store(maxFileBytes: 1024)
        let first = try store.snapshot(label: "1")
        #expect(first.skipped == ["big.bin"])
        #expect(Set(try box.treePaths(first.tree)) == [".gitignore", "src/main.c", "grows.txt"])

        // A tracked file that grows over the cap leaves the snapshot; a skipped file that shrinks comes back.
        try box.write("grows.txt", Data(repeating: 8, count: 4096))
        try box.write("big.bin", "small now\n")
        let second = try store.snapshot(label: "2")
        #expect(second.skipped == ["grows.txt"])
        #expect(Set(try box.treePaths(second.tree)) == [".gitignore", "src/main.c", "big.bin"])
        let exclude = try String(contentsOfFile: box.snapshots + "/git/info/exclude", encoding: .utf8)
        #expect(exclude.contains("/grows.txt") && !exclude.contains("/big.bin"))

        // A skipped file is never restored or deleted: it is simply not in either snapshot.
        let changes = try store.changes(from: first.tree, to: second.tree)
        #expect(Set(changes.map(\.path)) == ["grows.txt", "big.bin"])
    }

    @Test func nestedRepositoriesAreSnapshottedFileByFile() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("top.txt", "top\n")
        try box.write("vendor/lib/.gitignore", "tmp/\n")
        try box.write("vendor/lib/code.c", "v1\n")
        try box.write("vendor/lib/tmp/scratch", "ignored by the nested repo\n")
        try box.write("vendor/lib/inner/deeper.txt", "d\n")
        let nested = box.workspace + "/vendor/lib"
        try git(["init", "-q"], in: nested)
        try git(["add", "-A"], in: nested)
        try git(["commit", "-q", "-m", "nested"], in: nested)
        try git(["init", "-q"], in: nested + "/inner")
        let nestedStatus = try git(["status", "--porcelain"], in: nested)

        let store = try box.store()
        let first = try store.snapshot(label: "1")
        let paths = Set(try box.treePaths(first.tree))
        #expect(paths == ["top.txt", "vendor/lib/.gitignore", "vendor/lib/code.c", "vendor/lib/inner/deeper.txt"])
        let modes = try git(["ls-tree", "-r", first.tree], in: box.workspace, gitDir: box.snapshots + "/git")
        #expect(!modes.contains("160000"))

        try box.write("vendor/lib/code.c", "v2\n")
        try box.write("vendor/lib/added.c", "new\n")
        let second = try store.snapshot(label: "2")
        let changes = try store.changes(from: first.tree, to: second.tree)
        #expect(Set(changes.map(\.path)) == ["vendor/lib/code.c", "vendor/lib/added.c"])
        let result = try store.restore(changes, to: .before)
        #expect(result.conflicts.isEmpty && result.failed.isEmpty)
        #expect(box.read("vendor/lib/code.c") == "v1\n")
        #expect(box.read("vendor/lib/added.c") == nil)
        #expect(try git(["status", "--porcelain"], in: nested) == nestedStatus)
    }

    @Test func attributesNeverConvertTheBytes() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write(".gitattributes", "* text eol=lf\n*.dat filter=lfs diff=lfs merge=lfs\n")
        let crlf = Data("one\r\ntwo\r\n".utf8)
        try box.write("dos.txt", crlf)
        try box.write("x.dat", "not really lfs\n")
        let store = try box.store()
        let first = try store.snapshot(label: "1")
        try box.write("dos.txt", "changed\r\n")
        let second = try store.snapshot(label: "2")
        let changes = try store.changes(from: first.tree, to: second.tree)
        #expect(changes.map(\.path) == ["dos.txt"])
        if let blob = changes.first?.before { #expect(try store.content(of: blob) == crlf) }
        _ = try store.restore(changes, to: .before)
        #expect(FileManager.default.contents(atPath: box.workspace + "/dos.txt") == crlf)
    }

    @Test func snapshotsFolderInsideTheWorkspaceIsLeftOut() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("a.txt", "a\n")
        let store = try CheckpointStore(workspace: box.workspace, snapshotsDir: box.workspace + "/.sx/snapshots")
        let snap = try store.snapshot(label: "1")
        #expect(
            try git(["ls-tree", "-r", "--name-only", snap.tree], in: box.workspace, gitDir: store.gitDir) == "a.txt\n")
    }

    // MARK: - Processes

    @Test func bigOutputsDoNotDeadlockAndSlowProcessesTimeOut() throws {
        let out = try CheckpointProcess.run(
            executable: "/bin/sh", arguments: ["-c", "head -c 3000000 /dev/zero; head -c 300000 /dev/zero >&2; cat"],
            environment: [:], directory: "/", input: Data("from stdin".utf8), timeout: 30, name: "sh")
        #expect(out.status == 0)
        #expect(out.stdout.count == 3_000_010 && out.stdout.suffix(10) == Data("from stdin".utf8))
        #expect(out.stderr.count == 300_000)

        // A child that never reads its input must not take this process down with SIGPIPE.
        let early = try CheckpointProcess.run(
            executable: "/bin/sh", arguments: ["-c", "exit 3"], environment: [:], directory: "/",
            input: Data(count: 1 << 20), timeout: 30, name: "sh")
        #expect(early.status == 3)

        let start = ContinuousClock.now
        do {
            _ = try CheckpointProcess.run(
                executable: "/bin/sleep", arguments: ["30"], environment: [:], directory: "/", input: nil, timeout: 0.3,
                name: "sleep")
            Issue.record("expected a timeout")
        } catch {
            #expect(error.reason == "sleep did not finish within 0.3 s")
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    /// Weak references to the `Process` objects of finished runs.
    final class Released: @unchecked Sendable {
        private let lock = NSLock()
        private var refs: [Weak] = []
        struct Weak { weak var process: Process? }
        func keep(_ p: Process) { lock.withLock { refs.append(Weak(process: p)) } }
        var alive: Int { lock.withLock { refs.filter { $0.process != nil }.count } }
        var count: Int { lock.withLock { refs.count } }
    }

    /// Foundation on Linux keeps a finished `Process` (arguments, environment, pipes) in a cycle with its run loop
    /// source unless `waitUntilExit` breaks it: every snapshot's git runs stayed in memory for good.
    @Test func finishedProcessesAreReleased() async throws {
        let released = Released()
        let (outputs, timedOut) = try await onOwnThread { () throws -> ([CheckpointGit.Output], Bool) in
            let outputs = try (0..<5).map { i in
                try CheckpointProcess.run(
                    executable: "/bin/sh", arguments: ["-c", "echo \(i); exit \(i)"], environment: [:], directory: "/",
                    input: i % 2 == 0 ? nil : Data("x".utf8), timeout: 30, name: "sh", started: released.keep)
            }
            do {
                _ = try CheckpointProcess.run(
                    executable: "/bin/sleep", arguments: ["30"], environment: [:], directory: "/", input: nil,
                    timeout: 0.2, name: "sleep", started: released.keep)
                return (outputs, false)
            } catch {
                return (outputs, true)
            }
        }
        #expect(outputs.map(\.status) == [0, 1, 2, 3, 4])
        #expect(outputs.map { String(decoding: $0.stdout, as: UTF8.self) } == ["0\n", "1\n", "2\n", "3\n", "4\n"])
        #expect(timedOut)
        #expect(released.count == 6)
        // Foundation's termination-handler thread holds the `Process` until the handler returns: wait for it.
        var looks = 0
        while released.alive > 0 && looks < 2_000 {
            looks += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(released.alive == 0)
    }

    // MARK: - Unavailable

    @Test func missingGitIsReported() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        do {
            _ = try CheckpointStore(workspace: box.workspace, snapshotsDir: box.snapshots, git: "/nonexistent/git")
            Issue.record("expected CheckpointUnavailable")
        } catch {
            #expect(error.description == "checkpoints are off: git is not installed")
        }
    }

    @Test func unreadableWorkspaceIsReported() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        do {
            _ = try CheckpointStore(workspace: box.root + "/missing", snapshotsDir: box.snapshots)
            Issue.record("expected CheckpointUnavailable")
        } catch {
            #expect(error.reason == "the workspace \(box.root)/missing is not readable")
        }
        // root reads through chmod 000, so the permission case only means something for other users.
        guard getuid() != 0 else { return }
        chmod(box.workspace, 0)
        defer { chmod(box.workspace, 0o755) }
        do {
            _ = try box.store()
            Issue.record("expected CheckpointUnavailable")
        } catch {
            #expect(error.reason == "the workspace \(box.workspace) is not readable")
        }
    }

    @Test func badIdsAndGitFailuresBecomeErrors() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let store = try box.store()
        #expect(throws: CheckpointUnavailable.self) { try store.changes(from: "--output=/tmp/x", to: "abcd") }
        do {
            _ = try store.content(of: String(repeating: "a", count: 40))
            Issue.record("expected CheckpointUnavailable")
        } catch {
            #expect(error.reason.hasPrefix("git cat-file failed: "))
            #expect(!error.reason.contains("\n"))
        }
    }

    // MARK: - Patch and prune

    @Test func patchShowsHunksAndBinaryFiles() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try box.write("notes.txt", "one\ntwo\nthree\n")
        try box.write("blob.bin", Data([0, 1, 2, 3]))
        let store = try box.store()
        let first = try store.snapshot(label: "1")
        try box.write("notes.txt", "one\n2\nthree\n")
        try box.write("blob.bin", Data([0, 1, 2, 4]))
        let second = try store.snapshot(label: "2")
        let patch = try store.patch(from: first.tree, to: second.tree)
        #expect(patch.contains("diff --git a/notes.txt b/notes.txt"))
        #expect(patch.contains("@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n"))
        #expect(patch.contains("Binary files a/blob.bin and b/blob.bin differ"))
    }

    @Test func pruneKeepsTheNewest() throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let store = try box.store()
        var commits: [String] = []
        for i in 0..<5 {
            try box.write("f.txt", "version \(i)\n")
            commits.append(try store.snapshot(label: "\(i)").commit)
        }
        func refs() throws -> [String] {
            try git(
                ["for-each-ref", "--format=%(objectname)", "refs/sx/"], in: box.workspace,
                gitDir: box.snapshots + "/git"
            )
            .split(separator: "\n").map(String.init)
        }
        #expect(Set(try refs()) == Set(commits))
        store.prune(keepNewest: 2, maxAge: 86400)
        #expect(Set(try refs()) == Set(commits.suffix(2)))
        // The dropped commits' objects are gone from the shadow repository.
        #expect(throws: CheckpointUnavailable.self) {
            try git(["cat-file", "-e", commits[0]], in: box.workspace, gitDir: box.snapshots + "/git")
        }
        store.prune(keepNewest: 10, maxAge: 60, now: Date().addingTimeInterval(3600))
        #expect(try refs().isEmpty)
        // Snapshots keep working after everything was pruned.
        #expect(try store.snapshot(label: "again").commit.count == 40)
    }
}
