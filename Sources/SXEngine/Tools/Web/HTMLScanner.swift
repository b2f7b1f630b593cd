/// The pieces of an HTML document in order: text, start tags with their attributes, end tags. Comments, doctypes
/// and processing instructions are skipped; a `<` that starts no tag is text.
struct HTMLScanner {
    enum Token: Equatable {
        case text(String)
        case open(String, [String: String], selfClosing: Bool)
        case close(String)
    }

    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    mutating func next() -> Token? {
        guard i < s.count else { return nil }
        if s[i] == "<", let tag = tag() { return tag }
        let start = i
        i += 1
        while i < s.count && s[i] != "<" { i += 1 }
        return .text(string(start, i))
    }

    /// Everything up to the end tag `</name` (which is consumed), for `pre`, `script` and `style`.
    mutating func rawText(until name: String) -> String {
        let end = Array(("</" + name).unicodeScalars)
        var j = i
        while j < s.count {
            if s[j] == "<" && j + end.count <= s.count
                && (0..<end.count).allSatisfy({ lower(s[j + $0]) == end[$0] })
            {
                let text = string(i, j)
                i = j
                while i < s.count && s[i] != ">" { i += 1 }
                i = min(s.count, i + 1)
                return text
            }
            j += 1
        }
        let text = string(i, s.count)
        i = s.count
        return text
    }

    private mutating func tag() -> Token? {
        let start = i
        guard i + 1 < s.count else { return nil }
        let after = s[i + 1]
        if after == "!" || after == "?" {
            if string(i, min(s.count, i + 4)) == "<!--" {
                i = find("-->", from: i + 4).map { $0 + 3 } ?? s.count
            } else {
                i = find(">", from: i + 1).map { $0 + 1 } ?? s.count
            }
            return next() ?? .text("")
        }
        let closing = after == "/"
        var j = i + (closing ? 2 : 1)
        guard j < s.count, isLetter(s[j]) else { return nil }
        let nameStart = j
        while j < s.count && !isSpace(s[j]) && s[j] != ">" && s[j] != "/" { j += 1 }
        let name = string(nameStart, j).lowercased()
        var attributes: [String: String] = [:]
        var selfClosing = false
        while j < s.count && s[j] != ">" {
            if isSpace(s[j]) { j += 1; continue }
            if s[j] == "/" { selfClosing = true; j += 1; continue }
            selfClosing = false
            let keyStart = j
            while j < s.count && !isSpace(s[j]) && s[j] != "=" && s[j] != ">" && s[j] != "/" { j += 1 }
            let key = string(keyStart, j).lowercased()
            while j < s.count && isSpace(s[j]) { j += 1 }
            var value = ""
            if j < s.count && s[j] == "=" {
                j += 1
                while j < s.count && isSpace(s[j]) { j += 1 }
                if j < s.count && (s[j] == "\"" || s[j] == "'") {
                    let quote = s[j]
                    let valueStart = j + 1
                    j = valueStart
                    while j < s.count && s[j] != quote { j += 1 }
                    value = string(valueStart, j)
                    j = min(s.count, j + 1)
                } else {
                    let valueStart = j
                    while j < s.count && !isSpace(s[j]) && s[j] != ">" { j += 1 }
                    value = string(valueStart, j)
                }
            }
            if !key.isEmpty && attributes[key] == nil { attributes[key] = value }
        }
        guard j < s.count else {
            i = start
            return nil
        }
        i = j + 1
        return closing ? .close(name) : .open(name, attributes, selfClosing: selfClosing)
    }

    private func find(_ needle: String, from: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        var j = from
        while j + n.count <= s.count {
            if (0..<n.count).allSatisfy({ s[j + $0] == n[$0] }) { return j }
            j += 1
        }
        return nil
    }

    private func string(_ a: Int, _ b: Int) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[a..<b])
        return String(out)
    }

    private func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    private func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0C}"
    }
    private func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c >= "A" && c <= "Z" ? Unicode.Scalar(c.value + 32)! : c
    }
}

/// Builds the text: whitespace collapsed to single spaces, at most one blank line between blocks, link text
/// rewritable once its end tag is seen.
struct HTMLTextWriter {
    private var out: [UInt8] = []
    private var pendingSpace = false

    var atLineStart: Bool { out.isEmpty || out.last == 0x0A }

    /// Page text: runs of whitespace become one space.
    mutating func text(_ s: String) {
        for scalar in s.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
            } else {
                flushSpace()
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// Markup of the converter's own (`# `, `- `, `**`) as it is.
    mutating func raw(_ s: String, flushingSpace: Bool = true) {
        if flushingSpace { flushSpace() }
        out.append(contentsOf: s.utf8)
    }

    mutating func lineBreak() {
        pendingSpace = false
        trimTrailingSpaces()
        if !atLineStart { out.append(0x0A) }
    }

    mutating func blockBreak() {
        lineBreak()
        guard !out.isEmpty else { return }
        if !(out.count >= 2 && out[out.count - 2] == 0x0A) { out.append(0x0A) }
    }

    mutating func fence(_ body: String) {
        blockBreak()
        let trimmed = body.trimmingCharacters(in: .newlines)
        raw("```\n" + trimmed + "\n```")
        blockBreak()
    }

    func mark() -> Int { out.count + (pendingSpace && !atLineStart ? 1 : 0) }

    func since(_ start: Int) -> String { start < out.count ? String(decoding: out[start...], as: UTF8.self) : "" }

    mutating func replace(from start: Int, with s: String) {
        if start < out.count { out.removeSubrange(start...) }
        out.append(contentsOf: s.utf8)
    }

    mutating func finish() -> String {
        trimTrailingSpaces()
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    private mutating func flushSpace() {
        if pendingSpace && !atLineStart && out.last != 0x20 { out.append(0x20) }
        pendingSpace = false
    }

    private mutating func trimTrailingSpaces() {
        while out.last == 0x20 { out.removeLast() }
    }
}
