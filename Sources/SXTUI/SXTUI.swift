/// SXTUI — what the person sees and types.
///
/// The mental model, in one pass:
/// - `AppState` is the single owner of everything on screen. `Reducer.reduce(&state, action)` is the only thing
///   that changes it and returns `Effect`s; it does no IO (crush's rule), so every key and engine event is unit-tested.
/// - Frames are drawn into a `ScreenBuffer` (a cell grid measured in terminal cells: grapheme clusters and their
///   width, never `String.count`) by panes that are plain functions of the state. Tests read `textDump()`.
/// - History is kept as source (markdown), wrapped at render time for the current width, cached per item and
///   width in `RenderCache`; a frame renders only the visible window, so its cost does not grow with history.
/// - Streaming text is committed up to the last complete line (`MarkdownStream`), tables until the stream ends.
/// - Colours are semantic `ThemeToken`s in the grid; only the backend resolves them through a `Theme`.
/// - `Terminal` is the boundary to the real terminal: `NCursesTerminal` (the only code that calls ncurses, via
///   the CNCurses shim) and `MemoryTerminal` for tests. `TUIApp` runs the loop that ties it all to an
///   `EngineHost` and the `AgentSession` it owns.
/// Invariant: SXTUI sees the engine only through SXProtocol (with SXCore and CNCurses); Package.swift gives it
/// nothing else, so the compiler keeps the boundary.
public enum SXTUI {
    public static let version = "0.1"
}
