import Foundation

/// What the full-screen front end takes from the settings, typed, so that it never reads the environment itself:
/// `--config SX_HOME=…` moves keys.txt, themes/ and clipboard.txt like everything else.
public struct FrontEndSettings: Sendable, Equatable {
    /// The terminal's background, for themes that have a light and a dark variant.
    public enum Background: String, Sendable { case dark, light }

    /// `SX_HOME`: where keys.txt, themes/ and clipboard.txt live; nil means none of them (tests).
    public var home: URL?
    /// `THEME`; nil is the default theme.
    public var theme: String?
    /// `NO_COLOR` set and not empty (no-color.org): every colour is the terminal's default.
    public var noColor: Bool
    public var background: Background
    /// `SX_MOUSE=1`: wheel scrolling. Off by default so the terminal's own selection keeps working.
    public var mouse: Bool
    /// `TERM`, named in the warning when ncurses does not know it.
    public var terminalName: String?
    /// Where custom `/commands` are read from, in order of precedence (`CommandLibrary.folders`); none in tests
    /// that give none.
    public var commandFolders: [CommandLibrary.Folder] = []
    /// `NOTIFY`: how a turn's end or a waiting approval is announced while the terminal is in the background.
    public enum Notify: String, Sendable { case osc, bell, off = "0" }
    public var notify: Notify = .osc
    /// Ctrl+G's editor command: `VISUAL`, else `EDITOR`, else `vi` (it may carry arguments: `code --wait`).
    public var editor: String = "vi"

    public init(
        home: URL? = nil, theme: String? = nil, noColor: Bool = false, background: Background = .dark,
        mouse: Bool = false, terminalName: String? = nil, commandFolders: [CommandLibrary.Folder] = [],
        notify: Notify = .osc, editor: String = "vi"
    ) {
        self.notify = notify
        self.editor = editor
        self.home = home
        self.theme = theme
        self.noColor = noColor
        self.background = background
        self.mouse = mouse
        self.terminalName = terminalName
        self.commandFolders = commandFolders
    }

    /// From the layered config (the environment's `NO_COLOR`, `COLORFGBG`, `TERM`… are in it: `Config.load` reads
    /// every key of the table). A bad `SX_THEME_MODE` or `SX_MOUSE` was reported by `validate()`; here it is unset.
    public static func from(_ config: Config) -> FrontEndSettings {
        FrontEndSettings(
            home: config.paths.home, theme: config.text("THEME"), noColor: config["NO_COLOR"] != nil,
            background: background(
                themeMode: (try? config.setting("SX_THEME_MODE")) ?? nil,
                colorFgBg: config.text("COLORFGBG")),
            mouse: (try? config.flag("SX_MOUSE")) ?? false, terminalName: config.text("TERM"),
            commandFolders: CommandLibrary.folders(
                workspace: config.workingDirectory, sxHome: config.paths.home,
                home: SXPaths.userHome(config.text("HOME").map { ["HOME": $0] } ?? [:]),
                codexHome: config.text("CODEX_HOME").map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
            ),
            notify: ((try? config.setting("NOTIFY")) ?? nil).flatMap(Notify.init(rawValue:)) ?? .osc,
            editor: editor(visual: config.text("VISUAL"), editor: config.text("EDITOR")))
    }

    /// `VISUAL`, else `EDITOR`, else `vi`; blank values count as unset.
    public static func editor(visual: String?, editor: String?) -> String {
        for v in [visual, editor] {
            if let t = v?.trimmingCharacters(in: .whitespaces), !t.isEmpty { return t }
        }
        return "vi"
    }

    /// `SX_THEME_MODE=light|dark` when given; else light when the terminal says its background is light
    /// (`COLORFGBG=fg;bg` with bg 7 or 15, set by rxvt, Konsole and others); else dark.
    public static func background(themeMode: String?, colorFgBg: String?) -> Background {
        if let m = themeMode, let b = Background(rawValue: m) { return b }
        if let fgbg = colorFgBg, let bg = fgbg.split(separator: ";").last, bg == "7" || bg == "15" { return .light }
        return .dark
    }
}
