import Foundation

/// How full the model's window is, as the engine counts it (the server's last count plus estimates since).
public struct ContextUsage: Sendable, Equatable, Codable {
    public var tokens: Int
    /// The usable window of the model the next request goes to.
    public var window: Int

    public init(tokens: Int, window: Int) {
        self.tokens = tokens
        self.window = window
    }

    /// Percent of the usable window still free.
    public var percentLeft: Int { max(0, min(100, 100 - tokens * 100 / max(1, window))) }
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
