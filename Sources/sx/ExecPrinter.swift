import Foundation
import SXEngine
import SXTUI

/// `sx exec`'s output: every engine event as a JSON line with `--json`, else the line-mode printer's text. Output
/// is gathered until `flush()`, which the caller does whenever no further event is waiting (`EventInbox`).
final class ExecPrinter {
    let json: Bool
    private let lines: EventPrinter
    private var jsonLines = ""

    init(json: Bool, showThinking: Bool, dim: Bool) {
        self.json = json
        lines = EventPrinter(showThinking: showThinking, dim: dim)
    }

    func print(_ event: EngineEvent) {
        if json { jsonLines += event.jsonLine + "\n" } else { lines.print(event) }
    }

    /// Writes what was gathered: one `write` for a burst of events.
    func flush() {
        guard json else { return lines.flush() }
        guard !jsonLines.isEmpty else { return }
        Terminal.write(jsonLines, fd: 1)
        jsonLines.removeAll(keepingCapacity: true)
    }

    func finish() {
        if !json { lines.finish() }
        flush()
    }
}
