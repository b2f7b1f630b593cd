/// Draws a whole frame of `AppState` into a fresh `ScreenBuffer`: panes first, popups last. Returns the scroll
/// position the conversation resolved to (the app feeds it back as `.scrollResolved`).
public enum ScreenRenderer {
    public static func render(_ state: AppState, cache: RenderCache) -> (buffer: ScreenBuffer, scroll: ScrollState) {
        cache.beginFrame()
        var buf = ScreenBuffer(width: state.width, height: state.height)
        let layout = Layout.compute(state)
        let scroll = ConversationPane.draw(state, in: layout.conversation, into: &buf, cache: cache)
        // Everything drawn after the conversation (the bar's "following" mark) sees the resolved position.
        var state = state
        state.scroll = scroll
        if let r = layout.toolLog { ToolLogPane.draw(state, in: r, into: &buf, focused: state.focus == .toolLog) }
        if let r = layout.status { StatusPane.draw(state, in: r, into: &buf, focused: state.focus == .status) }
        ComposerPane.draw(state, in: layout.composer, into: &buf)
        StatusBar.draw(state, in: layout.statusBar, into: &buf)
        if let overlay = state.overlay {
            buf.cursor = nil
            switch overlay {
            case .help:
                HelpOverlay.draw(into: &buf)
            case .modelPicker(let picker):
                ModelPickerOverlay.draw(state, picker: picker, into: &buf)
            case .profilePicker(let picker):
                ModelPickerOverlay.drawProfiles(state, picker: picker, into: &buf)
            case .sessionPicker(let picker):
                SessionPickerOverlay.draw(state, picker: picker, into: &buf)
            case .themePicker(let picker):
                ModelPickerOverlay.drawThemes(state, picker: picker, into: &buf)
            case .toolLog:
                let r = buf.bounds.centered(width: buf.width - 2, height: buf.height - 2)
                buf.fill(r, style: Style(bg: .backgroundPanel))
                ToolLogPane.draw(state, in: r, into: &buf, focused: true)
            case .status:
                let r = buf.bounds.centered(width: min(buf.width - 2, 60), height: min(buf.height - 2, StatusPane.preferredHeight(state)))
                StatusPane.draw(state, in: r, into: &buf, focused: true, background: Style(bg: .backgroundPanel))
            case .toolDetail(let id):
                ToolLogPane.drawDetail(state, callId: id, into: &buf)
            case .approval(let prompt):
                ApprovalOverlay.draw(prompt, into: &buf)
            }
        }
        return (buf, scroll)
    }
}
