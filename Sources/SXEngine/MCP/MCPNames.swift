import Foundation

/// The names models see for MCP tools: `mcp__<server>__<tool>`, only `[a-zA-Z0-9_-]` (what OpenAI, Anthropic and
/// Gemini all accept) and at most 64 characters; a name that had to be cut or that collides ends in a hash of the
/// server and tool names, so it is stable from one start to the next.
public enum MCPNames {
    public static let maxLength = 64
    public static let prefix = "mcp__"

    public static func sanitize(_ s: String) -> String {
        let mapped = s.unicodeScalars.map { c -> Character in
            (c.isASCII && (CharacterSet.alphanumerics.contains(c) || c == "_" || c == "-")) ? Character(c) : "_"
        }
        let out = String(mapped)
        return out.isEmpty ? "_" : out
    }

    /// The qualified name of one tool, before collisions are looked at.
    public static func qualified(server: String, tool: String) -> String {
        let full = prefix + sanitize(server) + "__" + sanitize(tool)
        guard full.count > maxLength else { return full }
        return hashed(full, key: server + "\u{0}" + tool)
    }

    /// `names` made unique (each pair is server, tool), in order: a later duplicate gets the hash suffix.
    public static func unique(_ pairs: [(server: String, tool: String)]) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for (server, tool) in pairs {
            var name = qualified(server: server, tool: tool)
            if seen.contains(name) { name = hashed(name, key: server + "\u{0}" + tool + "\u{0}dup") }
            var n = 2
            while seen.contains(name) {
                name = hashed(name, key: server + "\u{0}" + tool + "\u{0}\(n)")
                n += 1
            }
            seen.insert(name)
            out.append(name)
        }
        return out
    }

    /// The server part of a qualified name as written (`mcp__git__status` → `git`), for a call that names a
    /// server still starting.
    public static func serverPart(of name: String) -> String? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let r = rest.range(of: "__") else { return nil }
        return String(rest[..<r.lowerBound])
    }

    private static func hashed(_ name: String, key: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let suffix = "_" + String(String(h, radix: 16).suffix(8)).leftPadded(to: 8)
        return String(name.prefix(maxLength - suffix.count)) + suffix
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
