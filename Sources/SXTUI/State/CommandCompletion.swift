import SXCore

/// One row of the `/` completion and of `/help`: a built-in command or a custom one from a markdown file.
public struct CommandCompletion: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case builtIn(SlashCommand)
        case custom(CustomCommand)
    }

    public var target: Target
    public var name: String
    public var help: String
    /// Where a custom command comes from (`.sx/commands`); nil for a built-in.
    public var source: String?
    /// A clash: "also in ~/.claude/commands", "a file in .sx/commands is hidden: built-ins win".
    public var note: String?
}

extension AppState {
    /// Commands whose name starts with what follows the `/`: built-ins first (they always win), then the custom
    /// ones. `/prompts:NAME`, Codex CLI's way to call a saved prompt, completes the custom ones too.
    public func commandCompletions(for input: String) -> [CommandCompletion] {
        guard input.hasPrefix("/"), !input.contains(" "), !input.contains("\n") else { return [] }
        var typed = input.dropFirst().lowercased()
        let prompts = typed.hasPrefix("prompts:")
        if prompts { typed = String(typed.dropFirst("prompts:".count)) }
        let library = composer.commands
        var rows: [CommandCompletion] = []
        if !prompts {
            for cmd in SlashCommand.allCases where cmd.rawValue.hasPrefix(typed) {
                let hidden = library.hidden.filter { $0.name.lowercased() == cmd.rawValue }.map(\.source)
                rows.append(
                    CommandCompletion(
                        target: .builtIn(cmd), name: cmd.rawValue, help: cmd.help, source: nil,
                        note: hidden.isEmpty
                            ? nil : "the file in \(hidden.joined(separator: ", ")) is hidden: built-ins win"))
            }
        }
        for cmd in library.commands where cmd.name.lowercased().hasPrefix(typed) {
            var help = cmd.description
            if let hint = cmd.argumentHint { help = hint + (help.isEmpty ? "" : "  " + help) }
            rows.append(
                CommandCompletion(
                    target: .custom(cmd), name: cmd.name, help: help, source: cmd.source,
                    note: cmd.shadows.isEmpty ? nil : "also in \(cmd.shadows.joined(separator: ", "))"))
        }
        return rows
    }
}
