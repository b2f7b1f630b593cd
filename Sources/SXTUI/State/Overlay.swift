/// Which pane has the keyboard.
public enum Focus: String, Sendable, CaseIterable { case composer, conversation, toolLog, status }

/// Popups, drawn last over everything (crush's dialog stack, but one at a time is all sx needs).
public enum Overlay: Sendable, Equatable {
    case help
    case modelPicker(PickerState)
    case themePicker(PickerState)
    case profilePicker(PickerState)
    /// `/resume`: saved sessions, newest first.
    case sessionPicker(PickerState)
    /// The side panes as overlays on narrow terminals.
    case toolLog
    case status
    case toolDetail(callId: String)
    /// A tool call waiting for yes/no; it stays until answered.
    case approval(ApprovalPrompt)
}

/// A picker's filter and selection over a list of names.
public struct PickerState: Sendable, Equatable {
    public var query: String = ""
    public var selected: Int = 0
    public init() {}

    /// The keys every picker shares: move the selection within `count` rows, or edit the filter. Returns false for
    /// any other key, which the picker handles itself.
    mutating func navigate(_ key: Key, count: Int) -> Bool {
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .backspace: if !query.isEmpty { query.removeLast(); selected = 0 }
        case .char(let c): query.append(c); selected = 0
        default: return false
        }
        return true
    }
}
