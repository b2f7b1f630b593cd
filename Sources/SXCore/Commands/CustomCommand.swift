/// A prompt saved as a markdown file and run as `/name [arguments]`: Claude Code's `.claude/commands/*.md`, Codex
/// CLI's `~/.codex/prompts/*.md` and sx's own `.sx/commands/*.md` are one format (docs/protocol/command-files.md). The body is
/// sent with its placeholders filled in; the optional front matter says how the command is listed.
public struct CustomCommand: Sendable, Equatable {
    /// How `$…` placeholders are read: the two tools differ in two places (`CommandTemplate`).
    public enum Dialect: String, Sendable, Equatable {
        /// sx and Claude Code: `$ARGUMENTS` is the argument text as typed; `$NAME` is left as it is.
        case claude
        /// Codex CLI: `$ARGUMENTS` is the positional arguments joined by one space; `$NAME` placeholders take
        /// `NAME=value` arguments, all of them required.
        case codex
    }

    /// The file name without `.md`: what follows the `/`.
    public var name: String
    /// `description` from the front matter, else the body's first non-empty line (as Claude Code does).
    public var description: String
    /// `argument-hint` (Codex also accepts `argument_hint`), shown after the name in completion.
    public var argumentHint: String?
    /// `model` from the front matter. Read and shown; sx does not switch model for one prompt yet.
    public var model: String?
    /// The prompt text after the front matter.
    public var body: String
    /// Where it was found, as completion shows it (`.sx/commands`, `~/.claude/commands`, …).
    public var source: String
    /// The file.
    public var path: String
    public var dialect: Dialect
    /// Other files of the same name that this one hides (their sources), shown as a note.
    public var shadows: [String] = []

    public init(
        name: String, description: String, argumentHint: String? = nil, model: String? = nil, body: String,
        source: String, path: String, dialect: Dialect = .claude
    ) {
        self.name = name
        self.description = description
        self.argumentHint = argumentHint
        self.model = model
        self.body = body
        self.source = source
        self.path = path
        self.dialect = dialect
    }

    /// The prompt to send for `/name arguments`, or one line saying what is missing.
    public func prompt(arguments: String) -> Result<String, CommandTemplate.Failure> {
        CommandTemplate.expand(body, arguments: arguments, dialect: dialect, command: "/" + name)
    }
}

/// A file that could not be read as a command: shown with its reason, and skipped.
public struct CommandFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based; nil when the problem is the whole file (not UTF-8, unreadable).
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `path:line: reason`, the form every other file error of sx takes.
    public var description: String { path + (line.map { ":\($0)" } ?? "") + ": " + reason }
}
