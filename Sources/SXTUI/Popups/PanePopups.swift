/// The side panes as popups on terminals narrower than `AppState.sideBySideMinWidth`, and a tool call's full output.

/// F3 on a narrow terminal: the tool log, full screen; Up/Down select, Enter opens the detail on top.
struct ToolLogPopup: Popup {
    var kind: PopupKind { .toolLog }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        switch key {
        case .escape, .f(3), .f(4), .char("q"): .close
        case .up, .down, .enter: PopupOutcome(intents: [.toolLogKey(key)])
        default: .stay
        }
    }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        let r = buf.bounds.centered(width: buf.width - 2, height: buf.height - 2)
        buf.fill(r, style: Style(bg: .backgroundPanel))
        ToolLogPane.draw(state, in: r, into: &buf, focused: true)
    }
}

/// F4 or `/status` on a narrow terminal: the status pane in a box.
struct StatusPopup: Popup {
    var kind: PopupKind { .status }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        switch key {
        case .escape, .f(3), .f(4), .char("q"): .close
        default: .stay
        }
    }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        let r = buf.bounds.centered(
            width: min(buf.width - 2, 60), height: min(buf.height - 2, StatusPane.preferredHeight(state)))
        StatusPane.draw(state, in: r, into: &buf, focused: true, background: Style(bg: .backgroundPanel))
    }
}

/// Enter in the tool log: one call's arguments and whole output. Closing it returns to what was below (the tool
/// log popup on a narrow terminal, the panes otherwise).
struct ToolDetailPopup: Popup {
    var callId: String
    var kind: PopupKind { .toolDetail(callId: callId) }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        key == .escape || key == .char("q") || key == .enter ? .close : .stay
    }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        ToolLogPane.drawDetail(state, callId: callId, into: &buf)
    }
}
