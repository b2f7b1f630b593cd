import Foundation
import SXProtocol

/// Writes engine events as lines, for `sx exec` and the line-mode conversation: text to stdout, thinking (dimmed
/// when `dim`) and notices to stderr. What consecutive events print to one stream is gathered until `flush()` (the
/// caller flushes when no further event is waiting, see `EventInbox`), so a burst of deltas is one `write`; output
/// for the other stream flushes first, so stdout and stderr keep their order on a shared terminal.
public final class EventPrinter {
    let showThinking: Bool
    private let dim: Bool
    private var inThinking = false
    private var textEndsWithNewline = true
    private var wroteText = false
    private var pending = ""
    private var pendingFD: Int32 = 1

    /// - Parameter dim: thinking in the terminal's dim style (stderr is a terminal and `NO_COLOR` is not set).
    public init(showThinking: Bool, dim: Bool) {
        self.showThinking = showThinking
        self.dim = dim
    }

    public func print(_ event: EngineEvent) {
        switch event {
        case .thinkingDelta(let d):
            guard showThinking else { return }
            if !inThinking {
                inThinking = true
                err(dim ? "\u{1B}[2m" : "")
            }
            err(d)
        case .textDelta(let d):
            endThinking()
            out(d)
            wroteText = true
            textEndsWithNewline = d.hasSuffix("\n")
        case .toolCall(let c):
            endThinking()
            err("• \(c.name) \(Self.summary(c.arguments))\n")
        case .toolResult(let r, let code, let ms):
            let status = r.isError ? "failed" : "ok"
            err("  ↳ \(r.name) \(status)\(code.map { " (exit \($0))" } ?? "") in \(ms) ms\n")
            for diff in r.diffs { err("    \(diff.summary)\n") }
        case .profileSwitched(let from, let to, let reason):
            endThinking()
            err("sx: switched profile \(from ?? "-") → \(to): \(reason)\n")
        case .modelSwitched(let from, let to, let reason):
            endThinking()
            err("sx: switched model \(from) → \(to): \(reason)\n")
        case .notice(let m):
            endThinking()
            err("sx: \(m)\n")
        case .compacted(let r):
            endThinking()
            err("sx: \(r.line)\n")
        case .plan(let plan):
            endThinking()
            err("sx: \(plan.summaryLine)\n")
            for step in plan.steps {
                let box =
                    switch step.status {
                    case .completed: "[x]"
                    case .inProgress: "[>]"
                    case .pending: "[ ]"
                    }
                err("  \(box) \(step.step)\n")
            }
        case .error(let m):
            endThinking()
            if wroteText && !textEndsWithNewline { out("\n"); textEndsWithNewline = true }
            err("sx: error: \(m)\n")
        case .turnDone:
            endThinking()
        case .requestStarted, .toolOutput, .usage, .rateLimits, .waiting, .waitEnded, .context:
            // A wait was announced by the notice before it; a countdown has no place in a log.
            break
        }
    }

    /// Ends open thinking and the answer's last line, and writes everything still gathered.
    public func finish() {
        endThinking()
        if wroteText && !textEndsWithNewline {
            out("\n")
            textEndsWithNewline = true
        }
        flush()
    }

    /// Writes what was gathered, in one `write`.
    public func flush() {
        guard !pending.isEmpty else { return }
        LineOutput.write(pending, fd: pendingFD)
        pending.removeAll(keepingCapacity: true)
    }

    private func endThinking() {
        guard inThinking else { return }
        inThinking = false
        err(dim ? "\u{1B}[0m\n" : "\n")
    }

    static func summary(_ args: String) -> String {
        let flat = args.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 100 ? String(flat.prefix(100)) + "…" : flat
    }

    private func out(_ s: String) { gather(s, fd: 1) }

    private func err(_ s: String) { gather(s, fd: 2) }

    private func gather(_ s: String, fd: Int32) {
        guard !s.isEmpty else { return }
        if fd != pendingFD {
            flush()
            pendingFD = fd
        }
        pending += s
    }
}
