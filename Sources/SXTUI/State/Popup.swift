import SXProtocol
/// A popup on the stack in `AppState.popups`: it handles its own keys and draws itself. Popups never change
/// `AppState`: a key returns a `PopupOutcome` (effects for the app, intents for the reducer, whether to close), and
/// `Reducer` applies it. The concrete popups live in `Popups/`; this folder only knows the shape.
public protocol Popup: Sendable {
    /// What the popup is, for code that must not depend on the concrete types (the renderer, the layout, tests).
    var kind: PopupKind { get }
    /// True for a popup that answers every key itself, Ctrl+C and F1 included (the approval: it waits for yes/no).
    var takesAllKeys: Bool { get }
    /// A list picker's filter and selection (nil for other popups).
    var listState: PickerState? { get }
    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome
    /// What closing it from outside (Ctrl+C, a replaced session) must undo: the theme picker's preview.
    func cancelled(_ state: AppState) -> [Effect]
    func draw(_ state: AppState, into buf: inout ScreenBuffer)
}

extension Popup {
    public var takesAllKeys: Bool { false }
    public var listState: PickerState? { nil }
    public func cancelled(_ state: AppState) -> [Effect] { [] }
}

public enum PopupKind: Sendable, Equatable {
    case help, modelPicker, profilePicker, themePicker, sessionPicker, rewindPicker, rewindScope
    /// The side panes as popups on narrow terminals.
    case toolLog, status
    case toolDetail(callId: String)
    /// A tool call waiting for yes/no, with the request's id.
    case approval(id: Int)
}

/// What a key did to a popup.
public struct PopupOutcome: Sendable {
    public var close = false
    public var effects: [Effect] = []
    public var intents: [PopupIntent] = []
    public init(close: Bool = false, effects: [Effect] = [], intents: [PopupIntent] = []) {
        self.close = close
        self.effects = effects
        self.intents = intents
    }
    public static let stay = PopupOutcome()
    public static let close = PopupOutcome(close: true)
}

/// State changes a popup asks of the reducer (the only code that changes `AppState`).
public enum PopupIntent: Sendable, Equatable {
    /// A model chosen in the picker goes to the top of the recent models.
    case rememberModel(String)
    /// The profile pinned from the picker (nil: automatic), shown in the status pane.
    case pinProfile(String?)
    /// A key for the tool log's selection (the narrow-terminal tool log popup).
    case toolLogKey(Key)
    /// A turn was chosen in the `/rewind` picker: ask what to go back on.
    case chooseRewindScope(RewindPoint)
}

extension AppState {
    public var topPopup: (any Popup)? { popups.last }

    /// Opens `popup` on top of whatever is open; it closes back to it.
    mutating func push(_ popup: any Popup) { popups.append(popup) }

    /// Opens `popup` unless one of the same kind is on top already, which closes instead (F1, F3/F4 toggles).
    mutating func toggle(_ popup: any Popup) {
        if popups.last?.kind == popup.kind { popups.removeLast() } else { popups.append(popup) }
    }
}
