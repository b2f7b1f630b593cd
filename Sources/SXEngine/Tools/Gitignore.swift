import Foundation

/// One `.gitignore` file's rules, anchored at the folder that holds it.
///
/// Follows gitignore(5): blank lines and `#` comments skipped, `!` negates, a trailing `/` matches folders only,
/// a pattern with a `/` at the start or in the middle is relative to the file's folder, one without matches at
/// any depth below it, `**` spans folders, and `\#`, `\!`, `\ ` escape.
struct GitignoreFile: Sendable {
    struct Rule: Sendable {
        var pattern: Wildcard
        var negated: Bool
        var directoryOnly: Bool
    }

    /// The folder holding the file, as segments relative to the ignore root.
    let base: [String]
    let rules: [Rule]

    init(base: [String], text: String) {
        self.base = base
        self.rules = text.split(whereSeparator: \.isNewline).compactMap { Self.parse(String($0)) }
    }

    /// Reads `folder/.gitignore`; nil when there is none.
    static func load(folder: String, base: [String]) -> GitignoreFile? {
        guard let data = FileManager.default.contents(atPath: folder + "/.gitignore") else { return nil }
        let file = GitignoreFile(base: base, text: String(decoding: data, as: UTF8.self))
        return file.rules.isEmpty ? nil : file
    }

    static func parse(_ raw: String) -> Rule? {
        var line = Substring(raw)
        if line.hasSuffix("\r") { line = line.dropLast() }
        // Trailing spaces are dropped unless escaped with a backslash.
        while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var negated = false
        if line.hasPrefix("!") {
            negated = true; line = line.dropFirst()
        } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
            line = line.dropFirst()
        }
        var directoryOnly = false
        while line.hasSuffix("/") { directoryOnly = true; line = line.dropLast() }
        if line.isEmpty { return nil }
        let anchored = line.contains("/")
        if line.hasPrefix("/") { line = line.drop { $0 == "/" } }
        var segments = line.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        if !anchored { segments.insert(Array("**".utf8), at: 0) }
        return Rule(pattern: Wildcard(segments: segments), negated: negated, directoryOnly: directoryOnly)
    }

    /// nil when no rule matches; otherwise whether the last matching rule ignores the path.
    func verdict(for path: [String], isDirectory: Bool) -> Bool? {
        guard path.count > base.count, Array(path.prefix(base.count)) == base else { return nil }
        let relative = path.dropFirst(base.count).map { Array($0.utf8) }
        for rule in rules.reversed() {
            if rule.directoryOnly && !isDirectory { continue }
            if rule.pattern.matches(relative) { return !rule.negated }
        }
        return nil
    }
}

/// The `.gitignore` files that apply at one point of a walk, shallowest first.
struct IgnoreStack: Sendable {
    private(set) var files: [GitignoreFile] = []

    mutating func push(_ file: GitignoreFile?) -> Bool {
        guard let file else { return false }
        files.append(file)
        return true
    }

    mutating func pop() { files.removeLast() }

    /// Deeper files override shallower ones; within a file the last matching line wins.
    func isIgnored(_ path: [String], isDirectory: Bool) -> Bool {
        for file in files.reversed() {
            if let verdict = file.verdict(for: path, isDirectory: isDirectory) { return verdict }
        }
        return false
    }
}
