import Foundation
import SXEngine
import SXTUI

/// `sx exec`'s output: every engine event as a JSON line with `--json`, else the line-mode printer's text.
final class ExecPrinter {
    let json: Bool
    private let lines: EventPrinter

    init(json: Bool, showThinking: Bool, dim: Bool) {
        self.json = json
        lines = EventPrinter(showThinking: showThinking, dim: dim)
    }

    func print(_ event: EngineEvent) {
        if json { Terminal.write(event.jsonLine + "\n", fd: 1) } else { lines.print(event) }
    }

    func finish() {
        if !json { lines.finish() }
    }
}
