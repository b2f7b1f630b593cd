/// Draws a whole frame of `AppState` into a fresh `ScreenBuffer`: panes first, then the popup stack bottom to top
/// (a picker stays visible under the approval that arrived over it). Returns the scroll position the conversation
/// resolved to (the app feeds it back as `.scrollResolved`).
public enum ScreenRenderer {
    public static func render(_ state: AppState, cache: RenderCache) -> (buffer: ScreenBuffer, scroll: ScrollState) {
        cache.beginFrame()
        var buf = ScreenBuffer(width: state.chrome.width, height: state.chrome.height)
        let layout = Layout.compute(state)
        let scroll = ConversationPane.draw(state, in: layout.conversation, into: &buf, cache: cache)
        // Everything drawn after the conversation (the bar's "following" mark) sees the resolved position.
        var state = state
        state.conversation.scroll = scroll
        if let r = layout.toolLog {
            ToolLogPane.draw(state, in: r, into: &buf, focused: state.chrome.focus == .toolLog)
        }
        if let r = layout.status { StatusPane.draw(state, in: r, into: &buf, focused: state.chrome.focus == .status) }
        ComposerPane.draw(state, in: layout.composer, into: &buf)
        StatusBar.draw(state, in: layout.statusBar, into: &buf)
        for popup in state.popups {
            // The cursor belongs to the top popup: a picker's filter line puts it there, an approval hides it.
            buf.cursor = nil
            popup.draw(state, into: &buf)
        }
        return (buf, scroll)
    }
}
