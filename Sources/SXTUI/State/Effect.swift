import SXProtocol

/// What the app loop must do outside the reducer (IO against the session, the clipboard, the filesystem).
public enum Effect: Sendable, Equatable {
    case send(String, images: [ImageData] = [])
    /// A custom command's prompt on its own `model` for that one turn.
    case sendOnModel(String, model: String)
    /// Alt+Enter while a turn runs: the turn takes the prompt at its next safe point.
    case steer(String)
    /// `!cmd`: the person's own shell command.
    case userCommand(String)
    /// Set the reasoning effort for the next turns.
    case setEffort(String)
    /// Pin a profile for the session (nil: let failover choose again).
    case pinProfile(String?)
    /// Read an image file for the next prompt (IO, so the app does it).
    case attachImage(path: String)
    case interrupt
    /// `/compact`: summarise the conversation now, keeping `focus` in view.
    case compact(focus: String?)
    /// `/context`: ask the session what fills the window, shown as a notice.
    case showContext
    /// `/undo` and `/redo`: files back from the checkpoints; `overwrite` also restores files changed since.
    case undo(overwrite: Bool)
    case redo(overwrite: Bool)
    /// Ask the session for the turns `/rewind` can go back to.
    case listRewindPoints
    case rewind(turn: Int, scope: RewindScope, overwrite: Bool)
    /// The person's answer to an approval prompt.
    case answerApproval(id: Int, ApprovalChoice)
    case switchModel(String)
    case quit
    case copy(String)
    case export(path: String, markdown: String)
    case setTheme(String)
    /// Shows a theme without announcing it (the `/theme` picker's live preview).
    case previewTheme(String)
    /// Replace the session: a new one, or a saved one resumed (`/new`, `/resume`).
    case switchSession(SessionRequest)
    /// Read the saved sessions for the `/resume` picker.
    case listSessions
    /// Read the custom command folders again (`/commands reload`).
    case loadCommands
    /// Ctrl+G: the prompt through `$VISUAL`/`$EDITOR`; the text comes back as `Action.promptEdited`.
    case editPrompt(String)
    /// The terminal is in the background and a turn ended or an approval waits: a desktop notification (`NOTIFY`).
    case notify(String)
}

public enum NoticeLevel: Sendable, Equatable { case info, warning, error }
