import Foundation
import Testing
@testable import SXCore

/// Custom command files read from real folders: front matter, placeholders, broken files, who wins a clash.
@Suite struct CommandLibraryTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("sx-cmds-\(UUID().uuidString)")
    var workspace: URL { root.appendingPathComponent("work") }
    var home: URL { root.appendingPathComponent("home") }
    var sxHome: URL { home.appendingPathComponent(".scorpiox") }

    func write(_ relative: String, under base: URL, _ text: String) throws {
        let url = base.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func load(codexHome: URL? = nil) -> CommandLibrary {
        CommandLibrary.load(
            CommandLibrary.folders(workspace: workspace, sxHome: sxHome, home: home, codexHome: codexHome),
            builtIns: ["model", "help"])
    }

    @Test func frontMatterFieldsAndTheBodyWithoutIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write(
            ".sx/commands/review.md", under: workspace,
            "---\ndescription: \"Review the diff\"\nargument-hint: [focus]\nmodel: gpt-5.5\nallowed-tools:\n  - Read\n  - Bash(git diff:*)\n---\nReview the diff, looking at $ARGUMENTS.\n"
        )
        let library = load()
        let review = try #require(library.command(named: "REVIEW"))
        #expect(review.description == "Review the diff")
        #expect(review.argumentHint == "[focus]")
        #expect(review.model == "gpt-5.5")
        #expect(review.source == ".sx/commands")
        #expect(review.body == "Review the diff, looking at $ARGUMENTS.\n")
        #expect(
            try review.prompt(arguments: "  error handling  ").get() == "Review the diff, looking at error handling.\n")
        #expect(library.errors.isEmpty)
    }

    @Test func withoutFrontMatterTheFirstLineDescribesIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write(".claude/commands/fix.md", under: workspace, "\n# Fix issue $1\nFix #$1 with priority $2 ($3).\n")
        let fix = try #require(load().command(named: "fix"))
        #expect(fix.description == "Fix issue $1")
        #expect(fix.source == ".claude/commands")
        #expect(
            try fix.prompt(arguments: "123 \"very high\"").get()
                == "\n# Fix issue 123\nFix #123 with priority very high ().\n")
    }

    @Test func aBrokenFileIsSkippedWithItsFileAndLine() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write(".sx/commands/ok.md", under: workspace, "fine\n")
        try write(".sx/commands/bad.md", under: workspace, "---\ndescription: x\nthis is not a field\n---\nbody\n")
        try write(".sx/commands/open.md", under: workspace, "---\ndescription: never closed\n")
        try write(".sx/commands/quote.md", under: workspace, "---\ndescription: \"half\n---\nbody\n")
        try write(".sx/commands/notes.txt", under: workspace, "not a command\n")
        let library = load()
        #expect(library.commands.map(\.name) == ["ok"])
        let errors = library.errors.map(\.description)
        let dir = workspace.appendingPathComponent(".sx/commands").path
        #expect(
            errors.contains("\(dir)/bad.md:3: expected `key: value` in the front matter, found 'this is not a field'"))
        #expect(errors.contains("\(dir)/open.md:1: the front matter opened here is never closed with `---`"))
        #expect(errors.contains { $0.hasPrefix("\(dir)/quote.md:2: the value of 'description' opens a \" quote") })
        #expect(errors.count == 3)
    }

    @Test func theWorkspaceWinsOverHomeAndBuiltInsWinOverFiles() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write(".claude/commands/review.md", under: home, "home review\n")
        try write("commands/review.md", under: sxHome, "sx home review\n")
        try write(".claude/commands/review.md", under: workspace, "workspace claude review\n")
        try write(".sx/commands/review.md", under: workspace, "workspace sx review\n")
        try write(".codex/prompts/review.md", under: home, "codex review\n")
        try write(".codex/prompts/model.md", under: home, "not the model command\n")
        try write(".codex/prompts/only-codex.md", under: home, "codex only\n")
        let library = load()
        #expect(library.commands.map(\.name) == ["only-codex", "review"])
        let review = try #require(library.command(named: "review"))
        #expect(review.body == "workspace sx review\n")
        #expect(review.shadows == [".claude/commands", "$SX_HOME/commands", "~/.claude/commands", "~/.codex/prompts"])
        #expect(library.hidden.map(\.name) == ["model"])
        #expect(library.command(named: "only-codex")?.dialect == .codex)
    }

    @Test func codexHomeMovesTheCodexPrompts() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let codex = root.appendingPathComponent("codex-elsewhere")
        try write("prompts/ship.md", under: codex, "ship it\n")
        try write(".codex/prompts/stale.md", under: home, "not read\n")
        let library = load(codexHome: codex)
        #expect(library.commands.map(\.name) == ["ship"])
        #expect(library.commands.first?.source == "$CODEX_HOME/prompts")
    }

    @Test func placeholdersFollowEachTool() throws {
        // Claude Code: $ARGUMENTS is the text as typed; $NAME is not a placeholder.
        let claude = CommandTemplate.expand(
            "all=$ARGUMENTS one=$1 nine=$9 keep=$$1 home=$HOME", arguments: "a  \"b c\"", dialect: .claude,
            command: "/x")
        #expect(try claude.get() == "all=a  \"b c\" one=a nine= keep=$$1 home=$HOME")
        // Codex CLI: $ARGUMENTS joins the words with one space.
        let codexPositional = CommandTemplate.expand(
            "all=$ARGUMENTS two=$2", arguments: "a  \"b c\"", dialect: .codex, command: "/x")
        #expect(try codexPositional.get() == "all=a b c two=b c")
        // Codex CLI's named placeholders take KEY=value, every one required.
        let named = CommandTemplate.expand(
            "Review $FILE for $FOCUS_1, not $$FILE", arguments: "FILE=src/a.swift FOCUS_1=\"error paths\"",
            dialect: .codex, command: "/review")
        #expect(try named.get() == "Review src/a.swift for error paths, not $$FILE")
        let missing = CommandTemplate.expand("Review $FILE", arguments: "", dialect: .codex, command: "/review")
        #expect(missing == .failure(CommandTemplate.Failure(description: "/review needs FILE=…")))
        let positional = CommandTemplate.expand("Review $FILE", arguments: "a.swift", dialect: .codex, command: "/r")
        #expect(positional == .failure(CommandTemplate.Failure(description: "/r takes FILE=…, not 'a.swift'")))
    }

    @Test func aValueIsNotReadAgainAsAPlaceholder() throws {
        let r = CommandTemplate.expand("say $1 and $2", arguments: "$2 x", dialect: .claude, command: "/s")
        #expect(try r.get() == "say $2 and x")
    }
}
