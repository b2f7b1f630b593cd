import Foundation
import SXCore
import SXProtocol

/// The multi-line input. Text is edited as an array of grapheme clusters so the cursor never lands inside one.
/// Large pastes are kept aside and shown as a one-line placeholder that expands back on send.
public struct ComposerState: Sendable, Equatable {
    public static func == (a: ComposerState, b: ComposerState) -> Bool {
        a.chars == b.chars && a.cursor == b.cursor && a.history == b.history && a.historyIndex == b.historyIndex
            && a.pastes == b.pastes && a.images.map(\.name) == b.images.map(\.name)
            && a.images.map(\.data) == b.images.map(\.data) && a.queue == b.queue
    }

    /// A message typed while a turn ran: sent in order as turns end.
    public struct Queued: Sendable, Equatable {
        public var text: String
        public var images: [ImageData]
        public var names: [String]
        /// A custom command's own model for this one prompt.
        public var model: String? = nil
    }

    /// Type-ahead: messages waiting for the running turn to end, oldest first.
    public var queue: [Queued] = []

    public var chars: [Character] = []
    public var cursor: Int = 0
    public var history: [String] = []
    /// Position while browsing history (nil = editing a fresh draft).
    public var historyIndex: Int? = nil
    public var pastes: [String: String] = [:]
    /// Images to send with the next prompt: (file name, data).
    public var images: [(name: String, data: ImageData)] = []
    var pasteCounter = 0
    /// Files of the working directory, for `@` completion (set by the app once indexed).
    public var files: [String] = []
    /// Custom `/commands` from markdown files (set by the app once read, again on `/commands reload`).
    public var commands = CommandLibrary()

    /// Pastes above this many lines or bytes collapse to a placeholder: past ~5 lines the composer would push the
    /// conversation off a 24-row screen, and 1,000 bytes is where a paste stops being something one reads inline.
    static let pasteCollapseLines = 5
    static let pasteCollapseBytes = 1_000
    /// History is per process; 200 prompts is more than anyone scrolls back through with Up.
    static let maxHistory = 200

    public init() {}

    public var text: String { String(chars) }
    public var isEmpty: Bool { chars.isEmpty }

    /// The text to send: placeholders replaced by the pastes they stand for.
    public var expandedText: String {
        var t = text
        for (placeholder, content) in pastes { t = t.replacingOccurrences(of: placeholder, with: content) }
        return t
    }

    public mutating func insert(_ s: String) {
        let new = Array(s)
        chars.insert(contentsOf: new, at: cursor)
        cursor += new.count
        historyIndex = nil
    }

    public mutating func paste(_ s: String) {
        let normalized = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).count
        if lines > Self.pasteCollapseLines || normalized.utf8.count > Self.pasteCollapseBytes {
            pasteCounter += 1
            let placeholder = "[paste #\(pasteCounter): \(lines) lines]"
            pastes[placeholder] = normalized
            insert(placeholder)
        } else {
            insert(normalized)
        }
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        chars.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < chars.count else { return }
        chars.remove(at: cursor)
    }

    public mutating func deleteWordBackward() {
        while cursor > 0 && chars[cursor - 1] == " " { backspace() }
        while cursor > 0 && chars[cursor - 1] != " " && chars[cursor - 1] != "\n" { backspace() }
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(chars.count, cursor + 1) }
    public mutating func moveHome() {
        while cursor > 0 && chars[cursor - 1] != "\n" { cursor -= 1 }
    }
    public mutating func moveEnd() {
        while cursor < chars.count && chars[cursor] != "\n" { cursor += 1 }
    }

    /// The prompt as the editor left it (Ctrl+G): the pastes it expanded are plain text now; images stay.
    public mutating func replaceText(_ s: String) {
        chars = Array(s)
        cursor = chars.count
        pastes = [:]
        historyIndex = nil
    }

    public mutating func clear() {
        chars = []
        cursor = 0
        pastes = [:]
        images = []
        historyIndex = nil
    }

    /// Whether a paste is just the path of an image file (what terminals paste for a dropped file).
    static func looksLikeImagePath(_ s: String) -> String? {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count >= 2, (t.hasPrefix("'") && t.hasSuffix("'")) || (t.hasPrefix("\"") && t.hasSuffix("\"")) {
            t = String(t.dropFirst().dropLast())
        }
        guard !t.contains("\n"), t.hasPrefix("/") || t.hasPrefix("~") || t.hasPrefix("./") else { return nil }
        let ext = (t as NSString).pathExtension.lowercased()
        return ImageFile.mediaTypes[ext] != nil ? t.replacingOccurrences(of: "\\ ", with: " ") : nil
    }

    /// The composer's content moved to the end of the queue (Enter while a turn runs).
    public mutating func enqueue() {
        let names = images.map(\.name), data = images.map(\.data)
        let text = take()
        queue.append(Queued(text: text, images: data, names: names))
    }

    /// Up on an empty composer with a queue: the newest queued message comes back for editing.
    public mutating func unqueueLast() {
        guard isEmpty, let last = queue.popLast() else { return }
        insert(last.text)
    }

    /// Takes the text out for sending and records it in history.
    public mutating func take() -> String {
        let t = expandedText
        if !text.isEmpty, history.last != text {
            history.append(text)
            if history.count > Self.maxHistory { history.removeFirst() }
        }
        clear()
        return t
    }

    public mutating func historyUp() {
        guard !history.isEmpty else { return }
        let i = historyIndex.map { max(0, $0 - 1) } ?? history.count - 1
        historyIndex = i
        chars = Array(history[i])
        cursor = chars.count
    }

    public mutating func historyDown() {
        guard let i = historyIndex else { return }
        if i + 1 < history.count {
            historyIndex = i + 1
            chars = Array(history[i + 1])
        } else {
            historyIndex = nil
            chars = []
        }
        cursor = chars.count
    }

    /// Whether the cursor is on the first / last line (Up/Down move within multi-line text otherwise).
    public var cursorOnFirstLine: Bool { !chars[..<cursor].contains("\n") }
    public var cursorOnLastLine: Bool { !chars[cursor...].contains("\n") }
}
