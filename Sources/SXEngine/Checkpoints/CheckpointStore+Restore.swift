import Foundation

extension CheckpointStore {
    /// Brings `files` back to one side of their change. A file is only touched while the disk still shows the other
    /// side (so an edit the user made since is never overwritten: it is reported as a conflict) unless `force`; a file
    /// that already shows the requested side counts as restored. Writes are atomic (temp file + rename in the same
    /// folder), keep the file's permissions apart from the executable bit the snapshot records, and recreate symlinks
    /// as symlinks; deletions also remove the folders they leave empty. Nothing is written through a symlinked folder
    /// or into a `.git` folder.
    public func restore(
        _ files: [ChangedFile], to side: ChangedFile.Side, force: Bool = false
    ) throws(CheckpointUnavailable) -> RestoreResult {
        var ids = Set<String>()
        for f in files {
            if let t = f.state(side) { ids.insert(t.blob) }
            if let o = f.state(side.other) { ids.insert(o.blob) }
        }
        let blobs = try readBlobs(ids.sorted())
        // Deletions first, deepest first, so a file can replace a folder it used to be; then writes, shallowest first.
        let order = files.sorted { a, b in
            let (da, db) = (a.state(side) == nil, b.state(side) == nil)
            if da != db { return da }
            let (ca, cb) = (a.path.split(separator: "/").count, b.path.split(separator: "/").count)
            return da ? ca > cb : ca < cb
        }
        var result = RestoreResult()
        for f in order {
            guard let parts = Self.safeComponents(f.path), parentsAreFolders(parts, create: false) else {
                result.failed.append(f.path)
                continue
            }
            let full = workspace + "/" + parts.joined(separator: "/")
            let target = f.state(side)
            if disk(full, is: target, blobs) {
                result.restored.append(f.path)
                continue
            }
            if !force && !disk(full, is: f.state(side.other), blobs) {
                result.conflicts.append(f.path)
                continue
            }
            let ok: Bool
            if let target {
                if let bytes = blobs[target.blob] {
                    ok = parentsAreFolders(parts, create: true) && write(bytes, mode: target.mode, to: full)
                } else {
                    ok = false
                }
            } else {
                ok = remove(full, parts)
            }
            if ok { result.restored.append(f.path) } else { result.failed.append(f.path) }
        }
        return result
    }

    /// Blob contents for many ids from one `git cat-file --batch`.
    func readBlobs(_ ids: [String]) throws(CheckpointUnavailable) -> [String: Data] {
        guard !ids.isEmpty else { return [:] }
        for id in ids { _ = try Self.objectID(id) }
        let input = Data(ids.map { $0 + "\n" }.joined().utf8)
        let out = try git.check(["cat-file", "--batch"], input: input, timeout: 300)
        var blobs: [String: Data] = [:]
        var i = out.startIndex
        while i < out.endIndex, let nl = out[i...].firstIndex(of: UInt8(ascii: "\n")) {
            let header = String(decoding: out[i..<nl], as: UTF8.self).split(separator: " ")
            i = out.index(after: nl)
            guard header.count == 3, let size = Int(header[2]), size >= 0,
                out.distance(from: i, to: out.endIndex) > size
            else { continue }
            let end = out.index(i, offsetBy: size)
            if header[1] == "blob" { blobs[String(header[0])] = Data(out[i..<end]) }
            i = out.index(after: end)  // the newline after the contents
        }
        return blobs
    }

    /// Whether the disk shows `state` at `full` (nil: nothing there): same kind, executable bit and bytes.
    func disk(_ full: String, is state: (blob: String, mode: ChangedFile.Mode)?, _ blobs: [String: Data]) -> Bool {
        var st = stat()
        guard lstat(full, &st) == 0 else { return state == nil && (errno == ENOENT || errno == ENOTDIR) }
        guard let state, let expected = blobs[state.blob] else { return false }
        switch st.st_mode & S_IFMT {
        case S_IFLNK:
            return state.mode == .symlink && Self.linkTarget(full, size: Int(st.st_size)) == expected
        case S_IFREG:
            let executable = st.st_mode & S_IXUSR != 0
            guard state.mode == (executable ? .executable : .regular), Int(st.st_size) == expected.count else {
                return false
            }
            return FileManager.default.contents(atPath: full) == expected
        default:
            return false
        }
    }

    /// Writes a regular file or symlink atomically: a temp file next to it, then rename over the old one.
    func write(_ bytes: Data, mode: ChangedFile.Mode, to full: String) -> Bool {
        let folder = (full as NSString).deletingLastPathComponent
        let temp = folder + "/.sx-restore-\(UUID().uuidString)"
        if mode == .symlink {
            let target = String(decoding: bytes, as: UTF8.self)
            guard symlink(target, temp) == 0 else { return false }
        } else {
            var st = stat()
            var perm: mode_t = 0o644
            if lstat(full, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { perm = st.st_mode & 0o7777 }
            if mode == .executable {
                perm |= (perm & 0o444) >> 2 | S_IXUSR
            } else {
                perm &= ~0o111
            }
            let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, perm)
            guard fd >= 0 else { return false }
            let written = bytes.withUnsafeBytes { raw -> Bool in
                var offset = 0
                while offset < raw.count {
                    guard let base = raw.baseAddress else { return false }
                    let n = Foundation.write(fd, base + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return false }
                    offset += n
                }
                return true
            }
            let chmodded = fchmod(fd, perm) == 0
            guard close(fd) == 0, written, chmodded else {
                unlink(temp)
                return false
            }
        }
        guard rename(temp, full) == 0 else {
            unlink(temp)
            return false
        }
        return true
    }

    /// Deletes one file or symlink and then the folders it leaves empty (never the workspace itself).
    func remove(_ full: String, _ parts: [String]) -> Bool {
        if unlink(full) != 0 && errno != ENOENT && errno != ENOTDIR { return false }
        var folder = Array(parts.dropLast())
        while !folder.isEmpty, rmdir(workspace + "/" + folder.joined(separator: "/")) == 0 {
            folder.removeLast()
        }
        return true
    }

    /// Every folder above the file is a real folder (not a symlink that could lead out of the workspace); with
    /// `create`, missing ones are made. A missing folder is fine without `create`: the file is then absent.
    func parentsAreFolders(_ parts: [String], create: Bool) -> Bool {
        var path = workspace
        for part in parts.dropLast() {
            path += "/" + part
            var st = stat()
            if lstat(path, &st) != 0 {
                guard errno == ENOENT else { return false }
                if !create { return true }
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else { return false }
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFLNK: return false
            default: return !create  // a file where a folder should be: the path is absent, and cannot be written
            }
        }
        return true
    }

    /// The path's components when it is a plain relative path inside the workspace and outside any `.git`.
    static func safeComponents(_ path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty else { return nil }
        for p in parts where p.isEmpty || p == "." || p == ".." || p.lowercased() == ".git" || p.contains("\0") {
            return nil
        }
        return parts
    }

    static func linkTarget(_ path: String, size: Int) -> Data? {
        var buffer = [CChar](repeating: 0, count: max(size, 255) + 1)
        let n = readlink(path, &buffer, buffer.count)
        guard n >= 0 else { return nil }
        return buffer.prefix(n).withUnsafeBytes { Data($0) }
    }
}
