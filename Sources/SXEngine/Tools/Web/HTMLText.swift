import Foundation

/// HTML turned into text a model reads well: headings as `#`, paragraphs and list items on their own lines, links
/// as `[text](url)` (resolved against the page's address), `pre` kept verbatim in a fence, inline `code` in
/// backticks; scripts, styles, navigation and forms dropped; entities decoded. Not a browser: malformed markup
/// degrades to its text, never to an error.
enum HTMLText {
    /// Elements whose content is never text for the reader.
    static let dropped: Set<String> = [
        "script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "form", "button", "select",
        "canvas", "object"
    ]
    /// Elements that begin and end a block (a blank line around them).
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "table", "ul", "ol",
        "dl", "figure", "figcaption", "address", "details", "summary", "hr", "body", "html"
    ]
    /// Elements that end a line.
    static let lines: Set<String> = ["tr", "dt", "dd", "caption"]
    static let voids: Set<String> = [
        "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"
    ]

    static func convert(_ html: String, baseURL: URL? = nil) -> String {
        var writer = HTMLTextWriter()
        var scanner = HTMLScanner(Array(html.unicodeScalars))
        var skipping: [String] = []  // open dropped elements
        var links: [(href: String?, start: Int)] = []
        var lists: [(ordered: Bool, next: Int)] = []
        var title: String?
        var inTitle = false
        var titleText = ""
        var base = baseURL

        while let token = scanner.next() {
            switch token {
            case .text(let raw):
                if inTitle { titleText += raw; continue }
                guard skipping.isEmpty else { continue }
                writer.text(decodeEntities(raw))
            case .open(let name, let attributes, let selfClosing):
                if name == "title" && skipping.count <= 1 { inTitle = !selfClosing; continue }
                if name == "base", let href = attributes["href"], let url = URL(string: href, relativeTo: base) {
                    base = url.absoluteURL
                }
                if !skipping.isEmpty {
                    if dropped.contains(name) && !selfClosing && !voids.contains(name) { skipping.append(name) }
                    continue
                }
                if name == "script" || name == "style" {
                    if !selfClosing { _ = scanner.rawText(until: name) }
                    continue
                }
                if dropped.contains(name) {
                    if !selfClosing && !voids.contains(name) { skipping.append(name) }
                    continue
                }
                if name == "pre" {
                    // Verbatim up to the matching end tag, with its inner tags removed.
                    let body = scanner.rawText(until: "pre")
                    let text = decodeEntities(stripTags(body))
                    writer.fence(text)
                    continue
                }
                open(name, attributes, &writer, &links, &lists, base)
            case .close(let name):
                if name == "title" {
                    inTitle = false; if title == nil { title = collapse(decodeEntities(titleText)) }; continue
                }
                if !skipping.isEmpty {
                    if let i = skipping.lastIndex(of: name) { skipping.removeSubrange(i...) }
                    continue
                }
                close(name, &writer, &links, &lists)
            }
        }
        var text = writer.finish()
        if let title, !title.isEmpty, !text.hasPrefix("# \(title)") { text = "# \(title)\n\n" + text }
        return text
    }

    private static func open(
        _ name: String, _ attributes: [String: String], _ writer: inout HTMLTextWriter,
        _ links: inout [(href: String?, start: Int)], _ lists: inout [(ordered: Bool, next: Int)], _ base: URL?
    ) {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            writer.blockBreak()
            writer.raw(String(repeating: "#", count: Int(String(name.dropFirst())) ?? 1) + " ")
        case "br": writer.lineBreak()
        case "hr": writer.blockBreak(); writer.raw("---"); writer.blockBreak()
        case "ul", "ol":
            writer.lineBreak()
            lists.append((ordered: name == "ol", next: Int(attributes["start"] ?? "") ?? 1))
        case "li":
            writer.lineBreak()
            let depth = max(0, lists.count - 1)
            var marker = "- "
            if let last = lists.last, last.ordered {
                marker = "\(last.next). "
                lists[lists.count - 1].next += 1
            }
            writer.raw(String(repeating: "  ", count: depth) + marker)
        case "a":
            links.append((href: attributes["href"].flatMap { resolve($0, base) }, start: writer.mark()))
        case "code", "kbd", "samp", "tt": writer.raw("`")
        case "strong", "b": writer.raw("**")
        case "em", "i": writer.raw("*")
        case "img":
            if let alt = attributes["alt"].map(collapse), !alt.isEmpty { writer.text("[image: \(alt)]") }
        case "td", "th": writer.raw(writer.atLineStart ? "" : " | ")
        default:
            if blocks.contains(name) { writer.blockBreak() } else if lines.contains(name) { writer.lineBreak() }
        }
    }

    private static func close(
        _ name: String, _ writer: inout HTMLTextWriter, _ links: inout [(href: String?, start: Int)],
        _ lists: inout [(ordered: Bool, next: Int)]
    ) {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6": writer.blockBreak()
        case "ul", "ol":
            if !lists.isEmpty { lists.removeLast() }
            if lists.isEmpty { writer.blockBreak() } else { writer.lineBreak() }
        case "a":
            guard let link = links.popLast() else { return }
            let text = writer.since(link.start).trimmingCharacters(in: .whitespaces)
            if let href = link.href, !text.isEmpty, href != text {
                writer.replace(from: link.start, with: "[\(text)](\(href))")
            }
        case "code", "kbd", "samp", "tt": writer.raw("`", flushingSpace: false)
        case "strong", "b": writer.raw("**", flushingSpace: false)
        case "em", "i": writer.raw("*", flushingSpace: false)
        case "li": writer.lineBreak()
        default:
            if blocks.contains(name) { writer.blockBreak() } else if lines.contains(name) { writer.lineBreak() }
        }
    }

    /// An absolute http(s) or mailto address, or nil for a script, a fragment of this page or nonsense.
    static func resolve(_ href: String, _ base: URL?) -> String? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        let decoded = decodeEntities(trimmed)
        guard let url = URL(string: decoded, relativeTo: base)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), ["http", "https", "mailto"].contains(scheme)
        else { return nil }
        return url.absoluteString
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func stripTags(_ s: String) -> String {
        var out = ""
        var inTag = false
        for ch in s {
            if ch == "<" { inTag = true } else if ch == ">" && inTag { inTag = false } else if !inTag { out.append(ch) }
        }
        return out
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "mdash": "—", "ndash": "–",
        "hellip": "…", "copy": "©", "reg": "®", "trade": "™", "rsquo": "’", "lsquo": "‘", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "middot": "·", "bull": "•", "times": "×", "euro": "€", "pound": "£", "deg": "°",
        "larr": "←", "rarr": "→", "para": "¶", "sect": "§"
    ]

    /// `&amp;`, `&#39;`, `&#x2014;` and the common named entities; anything else stays as written.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            guard ch == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") else {
                out.append(ch)
                i = s.index(after: i)
                continue
            }
            let body = s[s.index(after: i)..<semi]
            var replacement: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if body.hasPrefix("#") {
                replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                replacement = named[String(body)]
            }
            if let replacement {
                out += replacement == "\u{A0}" ? " " : replacement
                i = s.index(after: semi)
            } else {
                out.append(ch)
                i = s.index(after: i)
            }
        }
        return out
    }
}
