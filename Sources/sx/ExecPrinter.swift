import Foundation
import SXEngine

/// Writes engine events for `sx exec`: text to stdout as it arrives; thinking dimmed (on a terminal) and notices
/// to stderr; or every event as a JSON line.
final class ExecPrinter {
    let json: Bool
    let showThinking: Bool
    private let dim: Bool
    private var inThinking = false
    private var textEndsWithNewline = true
    private var wroteText = false

    init(json: Bool, showThinking: Bool) {
        self.json = json
        self.showThinking = showThinking
        dim = Terminal.stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func print(_ event: EngineEvent) {
        if json {
            out(event.jsonLine + "\n")
            return
        }
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
        case .profileSwitched(let from, let to, let reason):
            endThinking()
            err("sx: switched profile \(from ?? "-") → \(to): \(reason)\n")
        case .modelSwitched(let from, let to, let reason):
            endThinking()
            err("sx: switched model \(from) → \(to): \(reason)\n")
        case .notice(let m):
            endThinking()
            err("sx: \(m)\n")
        case .error(let m):
            endThinking()
            if wroteText && !textEndsWithNewline { out("\n"); textEndsWithNewline = true }
            err("sx: error: \(m)\n")
        case .turnDone:
            endThinking()
        case .requestStarted, .toolOutput, .usage, .rateLimits, .waiting, .waitEnded:
            // A wait was announced by the notice before it; a countdown has no place in a log.
            break
        }
    }

    func finish() {
        endThinking()
        if wroteText && !textEndsWithNewline && !json { out("\n") }
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

    private func out(_ s: String) { Terminal.write(s, fd: 1) }

    private func err(_ s: String) { Terminal.write(s, fd: 2) }
}
