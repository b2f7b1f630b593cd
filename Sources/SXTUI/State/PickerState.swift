/// Which pane has the keyboard.
public enum Focus: String, Sendable, CaseIterable { case composer, conversation, toolLog, status }

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
