/// A key press (or paste, or mouse wheel) after decoding, independent of ncurses so reducers are testable.
public enum Key: Sendable, Hashable {
    case char(Character)
    /// Ctrl+letter, lowercase letter.
    case ctrl(Character)
    case alt(Character)
    case enter, altEnter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    case f(Int), shiftF(Int)
    /// A bracketed paste, delivered whole.
    case paste(String)
    case wheelUp, wheelDown
    /// The terminal window gained or lost focus (focus reporting, `CSI ? 1004 h`: `ESC [ I` / `ESC [ O`).
    case focusIn, focusOut
    /// Ctrl+Z: the backend suspends; the reducer never sees it.
    case suspend
}
