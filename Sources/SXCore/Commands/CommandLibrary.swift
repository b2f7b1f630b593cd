import Foundation

/// The custom commands of a workspace: every `*.md` of the command folders, in order of precedence, each name kept
/// once. Loading reads files, so the front end does it outside its reducer (at startup and on `/commands reload`).
public struct CommandLibrary: Sendable, Equatable {
    /// A folder to read, and how its files are shown and read.
    public struct Folder: Sendable, Equatable {
        public var url: URL
        /// What completion shows as the source: `.sx/commands`, `~/.codex/prompts`…
        public var label: String
        public var dialect: CustomCommand.Dialect

        public init(url: URL, label: String, dialect: CustomCommand.Dialect = .claude) {
            self.url = url
            self.label = label
            self.dialect = dialect
        }
    }

    /// Winners, sorted by name.
    public var commands: [CustomCommand] = []
    /// Files skipped for broken front matter, unreadable bytes or an unusable name.
    public var errors: [CommandFileError] = []
    /// Files named like a built-in command: the built-in always wins, these are only reported.
    public var hidden: [CustomCommand] = []

    public init(commands: [CustomCommand] = [], errors: [CommandFileError] = [], hidden: [CustomCommand] = []) {
        self.commands = commands
        self.errors = errors
        self.hidden = hidden
    }

    /// The folders in order of precedence: the workspace's before the home folders' (the nearer one is the one
    /// meant, as in Claude Code, where a project command wins over a personal one), sx's own before the other
    /// tools' at each level.
    public static func folders(workspace: URL, sxHome: URL, home: URL, codexHome: URL?) -> [Folder] {
        let codex = codexHome ?? home.appendingPathComponent(".codex")
        return [
            Folder(url: workspace.appendingPathComponent(".sx/commands"), label: ".sx/commands"),
            Folder(url: workspace.appendingPathComponent(".claude/commands"), label: ".claude/commands"),
            Folder(url: sxHome.appendingPathComponent("commands"), label: "$SX_HOME/commands"),
            Folder(url: home.appendingPathComponent(".claude/commands"), label: "~/.claude/commands"),
            Folder(
                url: codex.appendingPathComponent("prompts"),
                label: codexHome == nil ? "~/.codex/prompts" : "$CODEX_HOME/prompts", dialect: .codex)
        ]
    }

    /// Reads every folder (a missing one is no error). `builtIns` are names that always win: a file named like one is
    /// kept out of the list and reported in `hidden`.
    public static func load(_ folders: [Folder], builtIns: Set<String>) -> CommandLibrary {
        var library = CommandLibrary()
        var byName: [String: Int] = [:]
        let fm = FileManager.default
        var seenFolders = Set<String>()
        for folder in folders {
            // Two labels can name one folder (`SX_HOME` set to `~`, a symlink): each folder is read once.
            let real = folder.url.resolvingSymlinksInPath().standardizedFileURL.path
            guard seenFolders.insert(real).inserted else { continue }
            guard let names = try? fm.contentsOfDirectory(atPath: folder.url.path) else { continue }
            for file in names.sorted() where file.hasSuffix(".md") && !file.hasPrefix(".") {
                let url = folder.url.appendingPathComponent(file)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { continue }
                switch read(url, name: String(file.dropLast(3)), folder: folder) {
                case .failure(let error):
                    library.errors.append(error)
                case .success(let command):
                    let key = command.name.lowercased()
                    if builtIns.contains(key) {
                        library.hidden.append(command)
                    } else if let i = byName[key] {
                        library.commands[i].shadows.append(command.source)
                    } else {
                        byName[key] = library.commands.count
                        library.commands.append(command)
                    }
                }
            }
        }
        library.commands.sort { $0.name.lowercased() < $1.name.lowercased() }
        return library
    }

    /// One file as a command, or why it is not one.
    public static func read(_ url: URL, name: String, folder: Folder) -> Result<CustomCommand, CommandFileError> {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(CommandFileError(path: path, line: nil, reason: "cannot be read"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(CommandFileError(path: path, line: nil, reason: "is not UTF-8 text"))
        }
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" || $0 == "/" }) else {
            return .failure(CommandFileError(path: path, line: nil, reason: "a command name cannot hold a space"))
        }
        switch FrontMatter.parse(text) {
        case .failure(let problem):
            return .failure(CommandFileError(path: path, line: problem.line, reason: problem.reason))
        case .success(let parsed):
            let f = parsed.fields
            let description = f["description"].flatMap { $0.isEmpty ? nil : $0 } ?? firstLine(parsed.body)
            return .success(
                CustomCommand(
                    name: name, description: description,
                    argumentHint: (f["argument-hint"] ?? f["argument_hint"]).flatMap { $0.isEmpty ? nil : $0 },
                    model: f["model"].flatMap { $0.isEmpty ? nil : $0 }, body: parsed.body, source: folder.label,
                    path: path, dialect: folder.dialect))
        }
    }

    /// The body's first non-empty line without its heading marks: what Claude Code shows for a command without a
    /// description.
    static func firstLine(_ body: String) -> String {
        for line in body.split(separator: "\n") {
            var t = line.trimmed()
            while t.hasPrefix("#") { t.removeFirst() }
            t = t.trimmed()
            if !t.isEmpty { return t }
        }
        return ""
    }

    public func command(named name: String) -> CustomCommand? {
        let key = name.lowercased()
        return commands.first { $0.name.lowercased() == key }
    }
}
