import Foundation
import SXCore

extension Reducer {
    /// A custom command sends its prompt, placeholders filled, as if typed (docs/protocol/command-files.md).
    static func runCustom(_ state: inout AppState, _ command: CustomCommand, arguments: String) -> [Effect] {
        switch command.prompt(arguments: arguments) {
        case .failure(let failure):
            state.conversation.append(.notice(failure.description, .warning))
            return []
        case .success(let prompt):
            let text = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                state.conversation.append(.notice("/\(command.name) (\(command.path)) has an empty prompt", .warning))
                return []
            }
            // While a turn runs the prompt waits in the queue like a typed one, its model with it.
            if state.engine.busy {
                state.composer.queue.append(.init(text: text, images: [], names: [], model: command.model))
                return []
            }
            return send(&state, text, images: [], names: [], model: command.model)
        }
    }

    static func commandsLoaded(_ state: inout AppState, _ library: CommandLibrary, announce: Bool) {
        state.composer.commands = library
        for error in library.errors { state.conversation.append(.notice("skipped \(error)", .warning)) }
        if announce { state.conversation.append(.notice(commandsReport(library), .info)) }
    }

    /// What `/commands` prints: each command with its file, then the clashes and the skipped files.
    static func commandsReport(_ library: CommandLibrary) -> String {
        var lines: [String] = []
        if library.commands.isEmpty {
            lines.append(
                "no custom commands: put NAME.md in .sx/commands, $SX_HOME/commands, .claude/commands, "
                    + "~/.claude/commands or ~/.codex/prompts")
        } else {
            lines.append("custom commands:")
        }
        for c in library.commands {
            var line = "/\(c.name)  \(c.description)  (\(c.source))"
            if !c.shadows.isEmpty { line += " — also in \(c.shadows.joined(separator: ", ")), this one wins" }
            lines.append(line)
        }
        for h in library.hidden { lines.append("\(h.path): hidden, /\(h.name) is a built-in command") }
        for e in library.errors { lines.append("skipped \(e)") }
        return lines.joined(separator: "\n")
    }
}
