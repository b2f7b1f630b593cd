/// The composer's `/` commands, with one-line help shown in completion and the help popup.
public enum SlashCommand: String, CaseIterable, Sendable {
    case model, profile, status, new, resume, compact, context, undo, redo, rewind, copy, export, theme, image, find,
        commands, help, quit

    public var help: String {
        switch self {
        case .model: "switch model (picker, or /model NAME)"
        case .profile: "pin a profile for this session"
        case .status: "show the status pane"
        case .new: "start a new conversation"
        case .resume: "resume a saved session"
        case .compact: "summarise the conversation to free the window: /compact [what to keep]"
        case .context: "show what fills the model's window"
        case .undo: "put back the files the last turn changed (/undo force: also files changed since)"
        case .redo: "apply again what /undo took back"
        case .rewind: "go back to an earlier turn: its files, the conversation, or both (also Esc Esc)"
        case .copy: "copy the last answer (or /copy N: the N-th code block)"
        case .export: "write the transcript as markdown: /export FILE"
        case .theme: "switch theme (picker with preview, or /theme NAME)"
        case .image: "attach an image to the next prompt: /image PATH"
        case .find: "search the conversation, tool output included: /find TEXT (also Ctrl+F)"
        case .commands: "list the custom commands and their files; /commands reload reads them again"
        case .help: "show keys and commands"
        case .quit: "quit sx"
        }
    }

    /// Commands whose name starts with what follows the `/`.
    public static func completions(for input: String) -> [SlashCommand] {
        guard input.hasPrefix("/"), !input.contains(" ") else { return [] }
        let typed = input.dropFirst().lowercased()
        return allCases.filter { $0.rawValue.hasPrefix(typed) }
    }
}
