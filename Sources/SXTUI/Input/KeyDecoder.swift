/// Turns what `wget_wch` returned (characters and ncurses key codes, one drained batch at a time) into `Key`s.
/// ncurses decodes the escape sequences terminfo knows; what reaches here as a raw ESC is ours to parse: Alt+key,
/// Alt+Enter and the bracketed-paste markers `ESC[200~ … ESC[201~`, which may span batches for a large paste.
/// Pure and testable: the ncurses key-code table is passed in.
public struct KeyDecoder: Sendable {
    public enum Raw: Sendable, Equatable {
        case char(UInt32)
        case code(Int)
    }

    let functionKeys: [Int: Key]
    var pasting = false
    var paste: [UInt32] = []

    public init(functionKeys: [Int: Key]) { self.functionKeys = functionKeys }

    static let pasteStart: [UInt32] = Array("[200~".unicodeScalars.map(\.value))
    static let pasteEnd: [UInt32] = Array("\u{1B}[201~".unicodeScalars.map(\.value))

    public mutating func decode(_ batch: [Raw]) -> [Key] {
        var keys: [Key] = []
        var i = 0
        while i < batch.count {
            if pasting {
                if case .char(let c) = batch[i] {
                    paste.append(c)
                    if paste.count >= Self.pasteEnd.count, Array(paste.suffix(Self.pasteEnd.count)) == Self.pasteEnd {
                        paste.removeLast(Self.pasteEnd.count)
                        keys.append(.paste(Self.string(paste)))
                        paste = []
                        pasting = false
                    }
                } else if case .code(let code) = batch[i], functionKeys[code] == .enter {
                    paste.append(13)
                }
                i += 1
                continue
            }
            switch batch[i] {
            case .code(let code):
                if let key = functionKeys[code] { keys.append(key) }
                i += 1
            case .char(27):
                if matches(batch, at: i + 1, Self.pasteStart) {
                    pasting = true
                    paste = []
                    i += 1 + Self.pasteStart.count
                } else if i + 1 < batch.count, case .char(let next) = batch[i + 1], next != 27 {
                    if next == 13 || next == 10 {
                        keys.append(.altEnter)
                    } else if next == 91, i + 2 < batch.count, case .char(let f) = batch[i + 2], f == 73 || f == 79 {
                        // Focus reporting: ESC [ I (in), ESC [ O (out).
                        keys.append(f == 73 ? .focusIn : .focusOut)
                        i += 3
                        continue
                    } else if next == 91 || next == 79 {
                        // An unknown CSI/SS3 sequence: swallow it up to its final byte rather than type it.
                        var j = i + 2
                        if next == 91 {
                            while j < batch.count, case .char(let c) = batch[j], (0x20...0x3F).contains(c) { j += 1 }
                        }
                        i = min(batch.count, j + 1)
                        continue
                    } else if let s = Unicode.Scalar(next) {
                        keys.append(.alt(Character(s)))
                    }
                    i += 2
                } else {
                    keys.append(.escape)
                    i += 1
                }
            case .char(let c):
                keys.append(Self.key(forChar: c))
                i += 1
            }
        }
        return keys
    }

    func matches(_ batch: [Raw], at start: Int, _ pattern: [UInt32]) -> Bool {
        guard start + pattern.count <= batch.count else { return false }
        for (k, p) in pattern.enumerated() where batch[start + k] != .char(p) { return false }
        return true
    }

    static func key(forChar c: UInt32) -> Key {
        switch c {
        case 13: return .enter
        case 9: return .tab
        case 127, 8: return .backspace
        case 26: return .suspend
        case 1...31:
            return .ctrl(Character(Unicode.Scalar(c + 96) ?? "?"))
        default:
            return .char(Character(Unicode.Scalar(c) ?? "?"))
        }
    }

    /// Paste bytes as text: CR (what terminals send for newlines in a paste) becomes LF.
    static func string(_ scalars: [UInt32]) -> String {
        var s = String.UnicodeScalarView()
        for v in scalars {
            if let u = Unicode.Scalar(v == 13 ? 10 : v) { s.append(u) }
        }
        return String(s)
    }
}
