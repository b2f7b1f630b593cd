import Foundation
import SXCore

/// `?`/F1: every key and command in one popup.
struct HelpPopup: Popup {
    var kind: PopupKind { .help }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        key == .escape || key == .char("q") || key == .char("?") || key == .enter ? .close : .stay
    }

    static let keys: [(String, String)] = [
        ("Enter", "send · queue it while a turn runs · /command"),
        ("Ctrl+J, Alt+Enter", "new line · Alt+Enter while working: steer"),
        ("Up / Down", "prompt history (composer)"),
        ("@path + Tab", "mention a file · /image PATH attaches one"),
        ("Tab / Shift+Tab", "next / previous pane · complete /command"),
        ("PgUp PgDn Home End", "scroll the conversation (End: follow)"),
        ("Esc", "interrupt the turn · twice: clear input"),
        ("Ctrl+C", "close popup → clear → interrupt → quit"),
        ("Ctrl+L / Ctrl+P", "model picker / profile picker"),
        ("Ctrl+T", "reasoning effort: the model's levels in turn"),
        ("F2 / Shift+F2", "next / previous recent model"),
        ("Ctrl+O", "show / hide thinking and tool output"),
        ("Ctrl+F, /find TEXT", "search (tool output too) · n/N older/newer"),
        ("Ctrl+G · !cmd", "prompt in $VISUAL/$EDITOR · run a command yourself"),
        ("F3 F4 · Alt+, Alt+.", "tool log / status pane · widen / narrow them"),
        ("Enter (tool log)", "full output of the selected call"),
        ("? / F1 · Ctrl+Z", "this help · suspend"),
        ("$SX_HOME/keys.txt", "remap: `modelPicker = ctrl+k`")
    ]

    /// The slash commands as a wrapped list (their descriptions show in the composer's completion popup), so the
    /// whole help fits a 24-row terminal.
    static func commandLines(width: Int, library: CommandLibrary = CommandLibrary()) -> [StyledLine] {
        let indent = StyledLine(String(repeating: " ", count: 20))
        var line = StyledLine("commands".padding(toLength: 20, withPad: " ", startingAt: 0), Style(fg: .accent, .bold))
        for cmd in SlashCommand.allCases { line.append("/" + cmd.rawValue + " ", Style(fg: .accent)) }
        var out = LineWrapper.wrap(line, width: width, rest: indent)
        if !library.commands.isEmpty {
            var custom = StyledLine(
                "custom".padding(toLength: 20, withPad: " ", startingAt: 0), Style(fg: .accent, .bold))
            for cmd in library.commands { custom.append("/" + cmd.name + " ", Style(fg: .primary)) }
            out += LineWrapper.wrap(custom, width: width, rest: indent)
        }
        // Clashes and broken files, one line each, so a command that does not show says why.
        for hidden in library.hidden {
            out += LineWrapper.wrap(
                StyledLine("! \(hidden.path): /\(hidden.name) is built in", Style(fg: .warning)), width: width,
                rest: StyledLine("  "))
        }
        for error in library.errors {
            out += LineWrapper.wrap(
                StyledLine("! skipped \(error)", Style(fg: .warning)), width: width, rest: StyledLine("  "))
        }
        return out
    }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        let lines =
            Self.keys.map { k, v -> StyledLine in
                var l = StyledLine(k.padding(toLength: 20, withPad: " ", startingAt: 0), Style(fg: .primary, .bold))
                l.append(v, Style(fg: .text))
                return l
            } + [StyledLine()] + Self.commandLines(width: 68, library: state.composer.commands)
        let rect = buf.bounds.centered(width: 72, height: lines.count + 2)
        let bg = Style(bg: .backgroundPanel)
        let inner = buf.drawBox(rect, title: "keys · Esc to close", style: Style(fg: .borderActive), background: bg)
        for (row, line) in lines.prefix(inner.height).enumerated() {
            buf.write(line.truncated(to: inner.width), x: inner.x, y: inner.y + row, base: bg, clip: inner)
        }
    }
}
