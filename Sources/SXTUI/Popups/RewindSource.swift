import Foundation
import SXProtocol

/// `/rewind` (and Esc Esc on an empty prompt): the conversation's turns, newest first; Enter asks what to go back on.
struct RewindSource: PickerSource {
    var kind: PopupKind { .rewindPicker }
    var title: String { "rewind to after which turn? · type to filter · Enter to choose" }
    var empty: String { "no turn matches" }

    func items(_ state: AppState, query: String) -> [RewindPoint] {
        let all = state.engine.rewindPoints.reversed()
        guard !query.isEmpty else { return Array(all) }
        return all.filter { $0.prompt.localizedCaseInsensitiveContains(query) }
    }

    func row(_ p: RewindPoint, _ state: AppState) -> ListPicker<Self>.Row {
        let firstLine = p.prompt.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        var detail = StyledLine()
        let latest = p.turn == state.engine.rewindPoints.count
        detail.append(
            latest ? "  latest" : p.laterChanges ? "  files changed after it" : "", Style(fg: .textMuted, .dim))
        return .init(name: "\(p.turn). \(firstLine)", nameStyle: Style(fg: .text), detail: detail)
    }

    func choose(_ p: RewindPoint, _ state: AppState) -> PopupOutcome {
        PopupOutcome(intents: [.chooseRewindScope(p)])
    }
}

/// The second step of `/rewind`: what to take back to how it was after the chosen turn.
struct RewindScopeSource: PickerSource {
    var point: RewindPoint
    var kind: PopupKind { .rewindScope }
    var title: String { "rewind to after turn \(point.turn): restore what?" }
    var empty: String { "" }

    func items(_ state: AppState, query: String) -> [RewindScope] {
        point.laterChanges ? [.both, .conversation, .code] : [.conversation, .both, .code]
    }

    func row(_ scope: RewindScope, _ state: AppState) -> ListPicker<Self>.Row {
        let (name, detail): (String, String) =
            switch scope {
            case .both: ("code and conversation", "files and messages as they were after the turn")
            case .conversation: ("conversation only", "later messages dropped (kept in the transcript); files stay")
            case .code: ("code only", "files put back; the conversation stays")
            }
        return .init(
            name: name, nameStyle: Style(fg: .text), detail: StyledLine("  " + detail, Style(fg: .textMuted, .dim)))
    }

    func choose(_ scope: RewindScope, _ state: AppState) -> PopupOutcome {
        PopupOutcome(effects: [.rewind(turn: point.turn, scope: scope, overwrite: false)])
    }
}
