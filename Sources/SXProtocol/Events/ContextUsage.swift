import Foundation

/// How full the model's window is, as the engine counts it (the server's last count plus estimates since).
public struct ContextUsage: Sendable, Equatable, Codable {
    public var tokens: Int
    /// The usable window of the model the next request goes to.
    public var window: Int
    /// The session's cost so far in US dollars, an estimate from list prices; nil when no price is known.
    public var sessionCostUSD: Double?

    public init(tokens: Int, window: Int, sessionCostUSD: Double? = nil) {
        self.tokens = tokens
        self.window = window
        self.sessionCostUSD = sessionCostUSD
    }

    /// Percent of the usable window still free.
    public var percentLeft: Int { max(0, min(100, 100 - tokens * 100 / max(1, window))) }
}

/// What fills the window, part by part (`/context`).
public struct ContextBreakdown: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var name: String
        public var tokens: Int
        public init(_ name: String, _ tokens: Int) {
            self.name = name
            self.tokens = tokens
        }
    }

    public var parts: [Part]
    public var usage: ContextUsage

    public init(parts: [Part], usage: ContextUsage) {
        self.parts = parts
        self.usage = usage
    }

    /// A small table: each part with its tokens and share of the window, then the total.
    public var table: String {
        let width = max(12, parts.map(\.name.count).max() ?? 0)
        func row(_ name: String, _ tokens: Int) -> String {
            let share = tokens * 100 / max(1, usage.window)
            return name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: max(0, 6 - CompactionReport.k(tokens).count))
                + CompactionReport.k(tokens)
                + "  " + (share == 0 && tokens > 0 ? "<1" : "\(share)") + "%"
        }
        var lines = ["context of \(CompactionReport.k(usage.window)) tokens (estimates):"]
        lines += parts.map { row($0.name, $0.tokens) }
        lines.append(row("total", usage.tokens) + " · \(usage.percentLeft)% left")
        return lines.joined(separator: "\n")
    }
}

/// A compaction: the history was replaced by a summary of it.
public struct CompactionReport: Sendable, Equatable, Codable {
    public var before: Int
    public var after: Int
    public var summary: String

    public init(before: Int, after: Int, summary: String) {
        self.before = before
        self.after = after
        self.summary = summary
    }

    /// `context compacted: 182k → 21k tokens`.
    public var line: String { "context compacted: \(Self.k(before)) → \(Self.k(after)) tokens" }

    /// `182k`, `950`.
    public static func k(_ n: Int) -> String { n >= 1000 ? "\((n + 500) / 1000)k" : "\(n)" }
}
