import Foundation

/// User key bindings from `$SX_HOME/keys.txt`: lines of `command = key` (`#` starts a comment), e.g.
/// `modelPicker = ctrl+k`. A binding adds a key for the command: the pressed key is translated to the command's
/// built-in key before the reducer sees it (the built-in key keeps working). Printable characters cannot be bound,
/// so typing is never hijacked.
public struct KeyMap: Sendable, Equatable {
    /// Command names and their built-in keys (what the reducer handles).
    public static let commands: [String: Key] = [
        "send": .enter, "newline": .ctrl("j"), "interrupt": .escape, "stepDown": .ctrl("c"), "help": .f(1),
        "modelPicker": .ctrl("l"), "profilePicker": .ctrl("p"), "reasoningEffort": .ctrl("t"), "nextModel": .f(2),
        "previousModel": .shiftF(2), "toggleDetails": .ctrl("o"),
        "toolLog": .f(3), "status": .f(4), "pageUp": .pageUp, "pageDown": .pageDown, "top": .home,
        "bottom": .end, "search": .ctrl("f"), "editor": .ctrl("g"), "focusNext": .tab, "focusPrevious": .backTab,
        "widenSide": .alt(","),
        "narrowSide": .alt(".")
    ]

    public private(set) var translations: [Key: Key] = [:]

    public init() {}

    public func translate(_ key: Key) -> Key { translations[key] ?? key }

    /// Parses a keys file; problems come back as one-line warnings naming the line.
    public static func parse(_ text: String, file: String = "keys.txt") -> (KeyMap, [String]) {
        var map = KeyMap()
        var warnings: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let target = commands[parts[0]] else {
                warnings.append("\(file):\(n + 1): expected `command = key` with a known command")
                continue
            }
            guard let key = parseKey(parts[1]) else {
                warnings.append("\(file):\(n + 1): unknown key '\(parts[1])'")
                continue
            }
            if case .char = key {
                warnings.append("\(file):\(n + 1): '\(parts[1])' types a character and cannot be bound")
                continue
            }
            map.translations[key] = target
        }
        return (map, warnings)
    }

    /// `ctrl+k`, `alt+x`, `f5`, `shift+f2`, `enter`, `esc`, `tab`, `shift+tab`, `pageup`, `home`, `up`, …
    public static func parseKey(_ name: String) -> Key? {
        let s = name.lowercased()
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "shift+tab": .backTab,
            "backspace": .backspace, "delete": .delete, "up": .up, "down": .down, "left": .left, "right": .right,
            "home": .home, "end": .end, "pageup": .pageUp, "pgup": .pageUp, "pagedown": .pageDown, "pgdn": .pageDown,
            "alt+enter": .altEnter
        ]
        if let k = named[s] { return k }
        if s.hasPrefix("ctrl+"), s.count == 6, let c = s.last, c.isLetter { return .ctrl(c) }
        if s.hasPrefix("alt+"), s.count == 5, let c = s.last { return .alt(c) }
        if s.hasPrefix("shift+f"), let n = Int(s.dropFirst(7)), (1...12).contains(n) { return .shiftF(n) }
        if s.hasPrefix("f"), let n = Int(s.dropFirst(1)), (1...12).contains(n) { return .f(n) }
        if s.count == 1, let c = s.first { return .char(c) }
        return nil
    }
}
