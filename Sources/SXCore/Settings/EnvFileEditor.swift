import Foundation

/// Changes one key of a `scorpiox-env.txt` in place: comments, order and other keys are kept; the file is written
/// atomically (0600, it may hold keys) after a timestamped backup in `$SX_HOME/backups/`.
public enum EnvFileEditor {
    /// `value == nil` removes the key. Returns the backup made, if the file existed.
    @discardableResult
    public static func set(_ key: String, to value: String?, in file: URL, backups: URL) throws -> URL? {
        let fm = FileManager.default
        var lines: [String] = []
        var backup: URL?
        if fm.fileExists(atPath: file.path) {
            let text = try String(contentsOf: file, encoding: .utf8)
            _ = try EnvFile.parse(text, path: file.path)  // never rewrite a file we could not read correctly
            lines = text.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            try fm.createDirectory(
                at: backups, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyyMMdd-HHmmss"
            let b = backups.appendingPathComponent("\(file.lastPathComponent).\(f.string(from: Date()))")
            try AtomicFile.write(Data(text.utf8), to: b)
            backup = b
        }
        let matches = lines.indices.filter { i in
            var l = Substring(lines[i]).drop { $0 == " " || $0 == "\t" }
            if l.hasPrefix("export ") { l = l.dropFirst(7).drop { $0 == " " } }
            guard let eq = l.firstIndex(of: "=") else { return false }
            return l[..<eq].trimmingCharacters(in: .whitespaces) == key
        }
        let newLine = value.map { "\(key)=\(EnvFile.quote($0))" }
        if let last = matches.last {
            for i in matches.reversed() where i != last { lines.remove(at: i) }
            let idx = matches.filter { $0 < last }.count
            if let newLine { lines[last - idx] = newLine } else { lines.remove(at: last - idx) }
        } else if let newLine {
            lines.append(newLine)
        }
        try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: file)
        return backup
    }
}
