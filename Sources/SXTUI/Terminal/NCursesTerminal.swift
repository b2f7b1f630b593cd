import CNCurses
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// The thin ncurses backend. Every curses call happens here, on the main actor. It owns SIGWINCH (its handler is
/// installed before `newterm`, so ncurses leaves the signal alone), diffs each frame against the last one and
/// writes only changed cells, allocates colour pairs on first use, and restores the terminal on every exit path.
@MainActor
public final class NCursesTerminal: Terminal {
    public private(set) var width = 80
    public private(set) var height = 24
    public let input: AsyncStream<TerminalInput>
    private let continuation: AsyncStream<TerminalInput>.Continuation
    private var inputThread: InputThread?
    private var pumpTask: Task<Void, Never>?
    private var decoder: KeyDecoder
    private var previous: ScreenBuffer?
    private var pairs: [Int64: Int32] = [:]
    private var colors = 8
    private var maxPairs = 64
    private var running = false
    private var cursorVisible = false
    /// The last style's attributes and colour pair: neighbouring cells mostly share a style, so a frame resolves
    /// each style run once instead of once per cell. Reset every frame (the theme may have changed).
    private var lastStyle: Style?
    private var lastAttrs: UInt32 = 0
    private var lastPair: Int32 = 0
    public let mouse: Bool
    /// A warning for the app to show once running (e.g. TERM fell back).
    public private(set) var startupWarning: String?

    /// ncurses waits this long after ESC for the rest of a sequence. 25 ms is far above a local or ssh burst's
    /// inter-byte gap yet makes Esc feel instant (the 1,000 ms default makes it feel broken).
    static let escapeDelayMs: Int32 = 25

    /// `TERM` as the settings give it, only to name it in the fallback warning (ncurses reads it itself).
    let terminalName: String?

    public init(mouse: Bool = false, terminalName: String? = nil) {
        self.mouse = mouse
        self.terminalName = terminalName
        (input, continuation) = AsyncStream.makeStream(of: TerminalInput.self)
        decoder = KeyDecoder(functionKeys: [:])
    }

    public func start() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        let signalFD = sx_signal_pipe_install()
        sx_crash_restore_install()
        if sx_newterm(nil) != 0 {
            let term = terminalName ?? "(unset)"
            guard sx_newterm("xterm-256color") == 0 || sx_newterm("xterm") == 0 else {
                sx_restore_saved_termios()
                throw TerminalError.unknownTerminal(term)
            }
            startupWarning = "TERM=\(term) is unknown to ncurses; drawing as xterm-256color"
        }
        running = true
        _ = sx_raw()
        _ = sx_noecho()
        // nonl: Enter arrives as CR (13) and Ctrl+J as LF (10), so the two can mean send and newline.
        _ = sx_nonl()
        _ = sx_keypad(1)
        _ = sx_nodelay(1)
        _ = sx_set_escdelay(Self.escapeDelayMs)
        _ = sx_curs_set(0)
        if sx_has_colors() == 1 {
            _ = sx_start_color()
            _ = sx_use_default_colors()
            colors = Int(sx_colors())
            maxPairs = Int(sx_color_pairs())
        }
        if mouse { _ = sx_mousemask(1) }
        // Bracketed paste, and focus reports (notifications go out only while the window is in the background).
        sx_write_raw("\u{1B}[?2004h\u{1B}[?1004h")
        decoder = KeyDecoder(functionKeys: Self.functionKeyTable())
        updateSize()
        let thread = InputThread(signalFD: signalFD)
        inputThread = thread
        thread.start()
        pumpTask = Task { @MainActor [weak self] in
            for await event in thread.stream {
                guard let self else { return }
                switch event {
                case .inputReady: self.drain()
                case .signal(let sig): self.handleSignal(sig)
                }
            }
        }
    }

    static func functionKeyTable() -> [Int: Key] {
        var t: [Int: Key] = [
            Int(sx_KEY_UP): .up, Int(sx_KEY_DOWN): .down, Int(sx_KEY_LEFT): .left, Int(sx_KEY_RIGHT): .right,
            Int(sx_KEY_HOME): .home, Int(sx_KEY_END): .end, Int(sx_KEY_PPAGE): .pageUp, Int(sx_KEY_NPAGE): .pageDown,
            Int(sx_KEY_BACKSPACE): .backspace, Int(sx_KEY_DC): .delete, Int(sx_KEY_ENTER): .enter,
            Int(sx_KEY_BTAB): .backTab
        ]
        for n in 1...12 {
            t[Int(sx_key_f(Int32(n)))] = .f(n)
            t[Int(sx_key_shift_f(Int32(n)))] = .shiftF(n)
        }
        // Terminfo entries that name focus reports (kxIN/kxOUT) make ncurses decode them into key codes.
        for (sequence, key) in [("\u{1B}[I", Key.focusIn), ("\u{1B}[O", Key.focusOut)] {
            let code = Int(sx_key_for_sequence(sequence))
            if code > 0 { t[code] = key }
        }
        return t
    }

    /// Reads everything ncurses has (nodelay: `wget_wch` returns ERR when empty), then lets the poller sleep again.
    private func drain() {
        defer { inputThread?.didDrain() }
        guard running else { return }
        var batch: [KeyDecoder.Raw] = []
        var ch: UInt32 = 0
        while true {
            let rc = sx_get_wch(&ch)
            if rc == sx_ERR { break }
            if rc == sx_KEY_CODE_YES {
                if Int32(ch) == sx_KEY_RESIZE { continue }
                if Int32(ch) == sx_KEY_MOUSE {
                    var y: Int32 = 0, x: Int32 = 0, state: UInt = 0
                    if sx_getmouse(&y, &x, &state) == 0 {
                        if state & sx_wheel_up_mask() != 0 { continuation.yield(.key(.wheelUp)) }
                        if state & sx_wheel_down_mask() != 0 { continuation.yield(.key(.wheelDown)) }
                    }
                    continue
                }
                batch.append(.code(Int(ch)))
            } else {
                batch.append(.char(ch))
            }
        }
        for key in decoder.decode(batch) {
            if key == .suspend { suspend(); continue }
            continuation.yield(.key(key))
        }
    }

    private func handleSignal(_ sig: Int32) {
        switch sig {
        case SIGWINCH:
            updateSize()
            continuation.yield(.resize(width: width, height: height))
        case SIGTSTP:
            suspend()
        case SIGCONT:
            invalidate()
            updateSize()
            continuation.yield(.redraw)
        default:
            continuation.yield(.terminate(signal: sig))
        }
    }

    private func updateSize() {
        var rows: Int32 = 0, cols: Int32 = 0
        if sx_window_size(&rows, &cols) == 0 {
            _ = sx_resizeterm(rows, cols)
        }
        sx_getmaxyx(&rows, &cols)
        height = Int(max(1, rows))
        width = Int(max(1, cols))
        previous = nil
    }

    public func present(_ buffer: ScreenBuffer, theme: Theme) {
        guard running else { return }
        if previous == nil || previous?.width != buffer.width || previous?.height != buffer.height {
            _ = sx_clear()
            previous = nil
        }
        lastStyle = nil
        for (x, y) in FrameDiff.changes(from: previous, to: buffer, width: width, height: height) {
            put(buffer[x, y], x: x, y: y, theme: theme)
        }
        if let c = buffer.cursor {
            if !cursorVisible { _ = sx_curs_set(1); cursorVisible = true }
            _ = sx_move(Int32(c.y), Int32(c.x))
        } else if cursorVisible {
            _ = sx_curs_set(0)
            cursorVisible = false
        }
        _ = sx_wnoutrefresh()
        _ = sx_doupdate()
        previous = buffer
    }

    private func put(_ cell: Cell, x: Int, y: Int, theme: Theme) {
        if cell.style != lastStyle {
            var attrs = sx_A_NORMAL
            let a = cell.style.attributes
            if a.contains(.bold) { attrs |= sx_A_BOLD }
            if a.contains(.dim) { attrs |= sx_A_DIM }
            if a.contains(.italic) { attrs |= sx_A_ITALIC }
            if a.contains(.underline) { attrs |= sx_A_UNDERLINE }
            if a.contains(.reverse) { attrs |= sx_A_REVERSE }
            lastAttrs = attrs
            lastPair = colorPair(fg: theme.color(cell.style.fg), bg: theme.color(cell.style.bg))
            lastStyle = cell.style
        }
        let attrs = lastAttrs, pair = lastPair
        // A cell holds one grapheme: a few scalars at most (ncurses keeps CCHARW_MAX of them). A stack buffer
        // instead of an array per cell: a scrolling frame rewrites thousands of cells.
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: Self.maxScalarsPerCell) { buf in
            var n = 0
            for s in cell.grapheme.unicodeScalars where n < Self.maxScalarsPerCell {
                buf[n] = wchar_t(bitPattern: s.value)
                n += 1
            }
            if n == 0 {
                buf[0] = 32
                n = 1
            }
            _ = sx_put_cell(Int32(y), Int32(x), buf.baseAddress, Int32(n), attrs, pair)
        }
    }

    /// More scalars than ncurses keeps per cell (CCHARW_MAX is 5) are dropped anyway.
    static let maxScalarsPerCell = 8

    /// Pairs are created on first use; when the terminal runs out, the default pair keeps text readable.
    private func colorPair(fg: TermColor, bg: TermColor) -> Int32 {
        guard colors > 0, sx_has_colors() == 1 else { return 0 }
        let f = fg.paletteIndex(colors: colors), b = bg.paletteIndex(colors: colors)
        if f == -1 && b == -1 { return 0 }
        let key = Int64(f + 1) << 32 | Int64(b + 1)
        if let p = pairs[key] { return p }
        let next = Int32(pairs.count + 1)
        guard Int(next) < maxPairs else { return 0 }
        _ = sx_init_pair(next, Int32(f), Int32(b))
        pairs[key] = next
        return next
    }

    public func invalidate() {
        previous = nil
        if running { _ = sx_clearok(1) }
    }

    public func writeControl(_ sequence: String) {
        guard running else { return }
        sx_write_raw(sequence)
    }

    public func suspend() {
        guard running else { return }
        sx_suspend_self()
        invalidate()
        updateSize()
        continuation.yield(.redraw)
    }

    public func whileAway<T>(_ body: () -> T) -> T {
        guard running else { return body() }
        sx_screen_pause()
        let result = body()
        sx_screen_resume()
        invalidate()
        updateSize()
        continuation.yield(.redraw)
        return result
    }

    public func stop() {
        guard running else { return }
        running = false
        inputThread?.stop()
        pumpTask?.cancel()
        if mouse { _ = sx_mousemask(0) }
        sx_write_raw("\u{1B}[?1004l\u{1B}[?2004l")
        _ = sx_curs_set(1)
        _ = sx_endwin()
        sx_delscreen()
        sx_restore_saved_termios()
        continuation.finish()
    }
}
