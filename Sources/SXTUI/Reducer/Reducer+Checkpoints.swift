import Foundation
import SXProtocol

/// `/undo`, `/redo`, `/rewind`: what came back from the session, shown in the conversation.
extension Reducer {
    static func rewindPointsListed(_ state: inout AppState, _ points: [RewindPoint]) {
        state.engine.rewindPoints = points
        guard !points.isEmpty else {
            state.conversation.append(.notice("nothing to rewind yet", .warning))
            return
        }
        state.push(ListPicker(RewindSource()))
    }

    /// One line per file restored; files changed since are listed with how to overwrite them.
    static func restored(_ state: inout AppState, _ report: RestoreReport, command: String) {
        if let note = report.note {
            state.conversation.append(.notice("\(command): \(note)", .warning))
        }
        if !report.conflicts.isEmpty {
            let files = report.conflicts.joined(separator: ", ")
            state.conversation.append(
                .notice(
                    "\(command): nothing restored — changed since the turn: \(files). \(command) force overwrites them",
                    .warning))
            return
        }
        for path in report.restored { state.conversation.append(.notice("restored \(path)", .info)) }
        if report.restored.isEmpty && report.note == nil && report.keptTurns == nil {
            state.conversation.append(.notice("\(command): no file needed restoring", .info))
        }
    }
}
