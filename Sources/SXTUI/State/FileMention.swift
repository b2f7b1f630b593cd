/// `@path` mentions in the composer: the word under the cursor starting with `@` is completed against the files
/// of the working directory (indexed once by the app, so completion stays pure and instant).
public enum FileMention {
    /// Suggestions shown at most: a popup taller than eight rows hides the conversation it is about.
    static let maxSuggestions = 8

    /// The `@word` ending at the cursor: its start index in the composer and the text after `@`.
    static func current(_ c: ComposerState) -> (start: Int, query: String)? {
        var i = c.cursor
        while i > 0 && c.chars[i - 1] != " " && c.chars[i - 1] != "\n" { i -= 1 }
        guard i < c.cursor, c.chars[i] == "@" else { return nil }
        return (i, String(c.chars[(i + 1)..<c.cursor]))
    }

    static func suggestions(_ state: AppState) -> [String] {
        guard let m = current(state.composer), !state.composer.files.isEmpty else { return [] }
        return Array(FuzzyMatch.filter(state.composer.files, query: m.query).prefix(maxSuggestions))
    }

    /// Replaces the `@word` with the best suggestion (Tab). Returns false when there was nothing to complete.
    static func complete(_ state: inout AppState) -> Bool {
        guard let m = current(state.composer), let best = suggestions(state).first else { return false }
        var c = state.composer
        c.chars.replaceSubrange(m.start..<c.cursor, with: Array("@" + best + " "))
        c.cursor = m.start + best.count + 2
        state.composer = c
        return true
    }
}
