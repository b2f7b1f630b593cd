import CNCurses
import Foundation

/// Whether the full-screen interface can be drawn here, decided before anything is drawn: it needs a terminal on
/// stdin and stdout and a terminal type whose terminfo entry can address the cursor (`cup`). `TERM=dumb` (Emacs
/// shell buffers, CI logs), an unset `TERM` or one without a terminfo entry get the line-mode conversation instead,
/// with the reason in one line. A terminal that is merely small is not checked here: the layout folds panes away.
public enum ScreenSupport {
    public enum Verdict: Sendable, Equatable {
        case fullScreen
        /// Why not, as one line for stderr.
        case lineMode(reason: String)
    }

    /// - Parameter term: `TERM` as the environment gives it.
    public static func check(term: String?, stdinIsTerminal: Bool, stdoutIsTerminal: Bool) -> Verdict {
        let fallback = "using the plain line mode (sx --plain)"
        if !stdinIsTerminal || !stdoutIsTerminal {
            let which = !stdinIsTerminal ? "standard input" : "standard output"
            return .lineMode(reason: "sx: \(which) is not a terminal; \(fallback)")
        }
        guard let term, !term.isEmpty else {
            return .lineMode(reason: "sx: TERM is not set, so the full-screen interface cannot be drawn; \(fallback)")
        }
        switch cursorAddressing(term) {
        case .yes:
            return .fullScreen
        case .no:
            return .lineMode(
                reason: "sx: TERM=\(term) cannot draw the full-screen interface (no cursor addressing); \(fallback)")
        case .noEntry:
            return .lineMode(
                reason: "sx: TERM=\(term) has no terminfo entry, so the full-screen interface cannot be drawn; "
                    + "using the plain line mode (sx --plain; TERM=xterm-256color sx for the full screen)")
        }
    }

    public enum CursorAddressing: Sendable, Equatable {
        case yes, no, noEntry
    }

    /// What the terminfo entry of `term` says (ncurses' own lookup: `TERMINFO`, `~/.terminfo`, the system folders).
    /// Reads one small file; no screen is made.
    public static func cursorAddressing(_ term: String) -> CursorAddressing {
        switch sx_term_cursor_addressing(term) {
        case 1: .yes
        case 0: .no
        default: .noEntry
        }
    }
}
