/// What the app loop reads from a terminal.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// SIGINT/SIGTERM/SIGHUP/SIGQUIT from outside: restore and exit.
    case terminate(signal: Int32)
    /// Back from a suspend (SIGCONT): the screen must be repainted.
    case redraw
}

/// The only place SXTUI touches a real terminal. `NCursesTerminal` for people, `MemoryTerminal` for tests.
@MainActor
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Keys and terminal events, until `stop()`.
    var input: AsyncStream<TerminalInput> { get }
    func start() throws
    /// Shows `buffer` coloured by `theme`, writing only what changed since the last frame.
    func present(_ buffer: ScreenBuffer, theme: Theme)
    /// Forgets what is on screen so the next `present` repaints everything (theme change, after a suspend).
    func invalidate()
    /// Bytes for the terminal itself (OSC 52 copy).
    func writeControl(_ sequence: String)
    /// Ctrl+Z: give the terminal back until the shell resumes us.
    func suspend()
    /// Runs `body` (Ctrl+G's editor) with the terminal handed back in its shell modes, then takes it again and
    /// repaints. Blocks the main actor meanwhile: no one else may read the terminal while the editor owns it.
    func whileAway<T>(_ body: () -> T) -> T
    /// Restores the terminal. Safe to call more than once.
    func stop()
}

public enum TerminalError: Error, CustomStringConvertible {
    case unknownTerminal(String)
    case notATerminal

    public var description: String {
        switch self {
        case .unknownTerminal(let term):
            "sx: the terminal type '\(term)' is unknown to ncurses (no terminfo entry); try TERM=xterm-256color sx"
        case .notATerminal:
            "sx: the full-screen interface needs a terminal on stdin and stdout; use `sx exec PROMPT` for scripts"
        }
    }
}
