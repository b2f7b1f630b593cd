import Foundation

/// How full the model's window is, kept up to date at the cost of the messages added since the last look.
///
/// The server's count of the last request's input is the truth (it knows its tokenizer, the tools' schema and the
/// system prompt as sent); what was added after that request is estimated locally. With no server count yet (a new
/// session, or a reply without usage) everything is estimated.
public struct ContextLedger: Sendable {
    /// `prefix[i]`: estimated tokens of the first `i` messages.
    private var prefix: [Int] = [0]
    /// The server's input count and how many messages that request carried.
    private var anchor: (messages: Int, tokens: Int)?
    /// Estimated tokens of what every request carries besides the history: instructions, context, tool schemas.
    public var fixed: Int

    public init(fixed: Int = 0) { self.fixed = fixed }

    public var messageCount: Int { prefix.count - 1 }

    /// Brings the ledger up to `messages`: only new messages are counted. A history that was replaced (compacted,
    /// resumed) is counted again from the start, and the server's count, which was for the old one, is dropped.
    public mutating func sync(_ messages: [Message]) {
        if messages.count < messageCount { reset() }
        prefix.reserveCapacity(messages.count + 1)
        for m in messages[messageCount...] { prefix.append(prefix[prefix.count - 1] + TokenEstimate.message(m)) }
    }

    /// Starts over for a new history.
    public mutating func reset() {
        prefix = [0]
        anchor = nil
    }

    /// The server reported `inputTokens` for the request that carried the first `messages` messages. A count that
    /// is missing or absurd (zero, or a tenth or ten times the estimate) is ignored, and the estimate stands.
    public mutating func record(inputTokens: Int, forMessages messages: Int) {
        guard messages <= messageCount, inputTokens > 0 else { return }
        let estimate = fixed + prefix[messages]
        guard estimate < 100 || (inputTokens < estimate * 10 && inputTokens * 10 > estimate) else { return }
        anchor = (messages, inputTokens)
    }

    /// Tokens the next request will carry.
    public var tokens: Int {
        guard let anchor, anchor.messages <= messageCount else { return fixed + prefix[messageCount] }
        return anchor.tokens + prefix[messageCount] - prefix[anchor.messages]
    }

    /// Estimated tokens of messages `range` of the history.
    public func tokens(of range: Range<Int>) -> Int { prefix[range.upperBound] - prefix[range.lowerBound] }
}

/// The window a model offers a conversation.
public struct ContextWindow: Sendable, Equatable {
    /// The model's window, in tokens.
    public var size: Int
    /// The share of it usable for input: Codex lists 95 % (the rest is kept for the reply's own tokens).
    public var usablePercent: Int

    public init(size: Int, usablePercent: Int = 100) {
        self.size = max(1, size)
        self.usablePercent = min(100, max(1, usablePercent))
    }

    public init(_ caps: ModelCapabilities) {
        self.init(size: caps.contextWindow, usablePercent: caps.usablePercent)
    }

    public var usable: Int { size * usablePercent / 100 }

    /// The token count at which auto-compaction starts: `percent` of the usable window.
    public func threshold(percent: Int) -> Int { usable * min(100, max(1, percent)) / 100 }
}
