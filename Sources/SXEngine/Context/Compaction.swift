import Foundation

/// How a history is cut for compaction (docs/protocol/context.md#compaction), as pure functions of the messages.
///
/// The history splits into a **head** that the summary replaces and a **tail** kept word for word: the prompt the
/// user just sent, or the step in flight (the assistant's tool calls and their results), so that neither the last
/// user message nor a pending tool result is ever lost. The new history is one user message holding the most
/// recent user prompts of the head (up to `keptUserTokens`, newest kept first) and the summary, then the tail.
public enum Compaction {
    /// Tokens of earlier user prompts kept verbatim beside the summary: Codex CLI keeps 20,000 (of a 272k
    /// window); a small window keeps an eighth of itself, so that the rebuilt history is well under the threshold.
    public static func keptUserTokens(_ window: ContextWindow) -> Int { min(20_000, window.usable / 8) }
    /// A summary longer than this share of the usable window is refused (the history would not shrink enough).
    public static let summaryMaxPercent = 25

    public struct Split: Equatable {
        /// Messages `0..<tailStart` are summarised; the rest are kept.
        public var tailStart: Int
    }

    /// Where the tail begins: at the last message when it is a prompt, at the assistant message whose tool calls
    /// the last message answers, or at the end when the turn is complete.
    public static func split(_ messages: [Message]) -> Split {
        guard let last = messages.last else { return Split(tailStart: 0) }
        if last.role == .assistant { return Split(tailStart: messages.count) }
        guard last.parts.contains(where: \.isToolResult) else { return Split(tailStart: messages.count - 1) }
        let i = messages.lastIndex { $0.role == .assistant && $0.parts.contains(where: \.isToolCall) }
        return Split(tailStart: i ?? messages.count - 1)
    }

    /// The text of user prompts in `head`, newest last, up to `budget` tokens counted from the newest.
    public static func keptPrompts(_ head: ArraySlice<Message>, budget: Int) -> [String] {
        var kept: [String] = []
        var used = 0
        for m in head.reversed() where m.role == .user {
            let text = m.text
            guard !text.isEmpty, !text.hasPrefix(summaryHeading) else { continue }
            let cost = TokenEstimate.text(text)
            if used + cost > budget { break }
            used += cost
            kept.append(text)
        }
        return kept.reversed()
    }

    /// The heading of the message that carries a summary (so a later compaction does not keep it as a prompt).
    public static let summaryHeading = "[sx: the conversation so far was compacted]"

    /// The history after compaction.
    public static func rebuilt(_ messages: [Message], split: Split, summary: String, keptBudget: Int) -> [Message] {
        let head = messages[..<split.tailStart]
        let prompts = keptPrompts(head, budget: keptBudget)
        // Mid-turn (the tail is a step in flight), the newest prompt is the request being worked on: said so, or
        // the model could take any of the kept prompts for it.
        let midTurn = split.tailStart < messages.count && !messages[split.tailStart].isPrompt
        var parts: [Part] = prompts.enumerated().map { i, p in
            let current = midTurn && i == prompts.count - 1
            return .text((current ? "The request being worked on now:\n" : "Earlier request from the user:\n") + p)
        }
        parts.append(.text(summaryHeading + "\n\n" + summary))
        return [Message(role: .user, parts: parts)] + messages[split.tailStart...]
    }

    /// What the summary request carries: the head, trimmed until it fits `budget` tokens. Old tool outputs go
    /// first (oldest first, replaced by a marker so each call keeps its result), then whole exchanges from the
    /// front, cut only where a prompt begins so that no result is left without its call, and last the middle of
    /// long texts (a single message bigger than the window).
    public static func input(_ head: [Message], budget: Int) -> [Message] {
        var out = head
        var total = out.reduce(0) { $0 + TokenEstimate.message($1) }
        var i = 0
        while total > budget && i < out.count {
            if out[i].parts.contains(where: \.isToolResult) {
                let before = TokenEstimate.message(out[i])
                out[i].parts = out[i].parts.map { p in
                    guard case .toolResult(var r) = p else { return p }
                    r.output = "[output omitted to fit the summary request]"
                    r.images = []
                    return .toolResult(r)
                }
                total -= before - TokenEstimate.message(out[i])
            }
            i += 1
        }
        while total > budget, let next = out.dropFirst().firstIndex(where: { $0.isPrompt }) {
            total -= out[..<next].reduce(0) { $0 + TokenEstimate.message($1) }
            out.removeFirst(next)
        }
        for i in out.indices where total > budget {
            out[i].parts = out[i].parts.map { p in
                guard total > budget, case .text(let t) = p else { return p }
                let tokens = TokenEstimate.text(t)
                guard tokens > 1_000 else { return p }
                let keep = max(500, tokens - (total - budget))
                let cut = shortened(t, toTokens: keep)
                total -= tokens - TokenEstimate.text(cut)
                return .text(cut)
            }
        }
        return out
    }

    /// The start and the end of `text`, `tokens` long in all, with a marker where the middle was.
    static func shortened(_ text: String, toTokens tokens: Int) -> String {
        let bytes = Array(text.utf8)
        let half = tokens * TokenEstimate.bytesPerToken / 2
        guard bytes.count > 2 * half else { return text }
        let head = String(decoding: bytes[..<half], as: UTF8.self)
        let tail = String(decoding: bytes[(bytes.count - half)...], as: UTF8.self)
        return head + "\n…[\(bytes.count - 2 * half) bytes cut to fit the summary request]…\n" + tail
    }

    /// sx's own instructions for the summary; `focus` is what the user asked it to keep (`/compact focus …`).
    public static func prompt(focus: String?) -> String {
        var p = """
            Stop here and write a handoff note instead of continuing. Another engineer will pick this work up with \
            nothing but your note and the files on disk, so the note must stand on its own. Use these headings, and \
            leave none out (write "none" where it is empty):

            Goal: what the user wants, in their words where they were specific.
            Decisions and constraints: what was decided and why, and limits the user set.
            User preferences: how the user likes things done (style, tools, what to avoid).
            Files touched: each path, with what changed or was learned there.
            Done: what is finished and verified.
            Remaining: what is left, in order.
            Next step: the exact next action, concrete enough to carry out at once.

            Be specific: names, paths, commands, error messages and numbers, not descriptions of them. \
            Write no tool calls.
            """
        if let focus, !focus.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            p += "\n\nThe user asks the note to pay most attention to: \(focus)"
        }
        return p
    }
}

extension Part {
    var isToolResult: Bool { if case .toolResult = self { true } else { false } }
    var isToolCall: Bool { if case .toolCall = self { true } else { false } }
}

extension Message {
    /// A user message that starts an exchange (text or images, no tool results).
    var isPrompt: Bool { role == .user && !parts.contains(where: \.isToolResult) }
}
