import Foundation
import SXCore
import SXProtocol

/// Everything that can change `AppState`. Reducers turn these into state and `Effect`s; nothing else mutates state.
public enum Action: Sendable {
    case key(Key)
    /// A tool asks for permission (`APPROVAL=ask`).
    case approvalRequested(ApprovalPrompt)
    case engine(EngineEvent)
    case resize(width: Int, height: Int)
    /// The clock moved (countdowns, "press again" expiry); injected so tests need no sleeping. The app sends one
    /// before every other action, so the clock, like everything else, changes only in the reducer.
    case tick(Date)
    case sessionStatus(SessionStatus)
    case profiles([ProfileStatus])
    /// The MCP servers' states (polled with the profiles).
    case mcpServers([MCPServerStatus])
    /// The background auto-switch watcher checked (announced once in the conversation when the model changed).
    case modelWatch(ModelWatchReport)
    /// An effect finished with something to tell the person (model switched, copy done, export failed…).
    case notice(String, NoticeLevel)
    case themeChanged(String)
    case scrollResolved(ScrollState)
    /// An image read for the next prompt (`/image PATH` or a pasted image path).
    case imageAttached(name: String, ImageData)
    /// The session refused a prompt because a turn was still running (a race at a turn's end): it goes back to the
    /// head of the queue and out when that turn ends.
    case sendRefused(ComposerState.Queued)
    /// The editor Ctrl+G opened exited: its text replaces the prompt.
    case promptEdited(String)
    case filesIndexed([String])
    /// The custom commands read from their folders; `announce`: say what was found (`/commands reload`).
    case commandsLoaded(CommandLibrary, announce: Bool)
    /// `/new`, `/resume` or a resumed start: the conversation is replaced by `history` (empty for a new one).
    /// `earlier`: what a resumed session held before its last compaction, shown above the history, marked.
    case sessionReplaced(SessionStatus, history: [Message], notice: String?, earlier: [Message] = [])
    /// The engine's conversation after a turn: the screen keeps the engine's copies of that turn's texts instead of
    /// its own (see `Reducer.adoptTexts`).
    case turnHistory([Message])
    /// The saved sessions `/resume` offers, newest first.
    case sessionsListed([SavedSession])
    /// The turns `/rewind` offers, oldest first.
    case rewindPoints([RewindPoint])
    /// What `/undo`, `/redo` or `/rewind` (named by `command`) did to the files.
    case restored(RestoreReport, command: String)
}
