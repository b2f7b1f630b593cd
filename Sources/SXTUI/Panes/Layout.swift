/// Where each pane goes for a given state and size. Pure, so the reducer (page size) and renderer agree.
public struct Layout: Sendable, Equatable {
    public var conversation: Rect
    public var toolLog: Rect?
    public var status: Rect?
    /// The composer, including its separator row on top.
    public var composer: Rect
    public var statusBar: Rect

    /// The side column takes 30% of the width, between 36 columns (a tool line plus a usage bar still fit) and 60
    /// (beyond that the conversation gains more from the space).
    static let sideMin = 36, sideMax = 60
    /// The composer grows with its text up to a quarter of the screen (8 rows at most) so the answer stays visible.
    static let composerMaxRows = 8

    public static func compute(_ state: AppState) -> Layout {
        let screen = Rect(x: 0, y: 0, width: state.chrome.width, height: state.chrome.height)
        let (rest, bar) = screen.splitBottom(1)
        let textWidth = max(1, state.chrome.width - 2)
        let rows = ComposerPane.wrappedRows(state.composer, width: textWidth).count
        let maxRows = max(1, min(composerMaxRows, state.chrome.height / 4))
        let queued = ComposerPane.queueLines(state, width: rest.width).count
        let (top, composer) = rest.splitBottom(min(rows, maxRows) + 1 + min(queued, maxRows))
        guard state.chrome.sidePanesInline else {
            return Layout(conversation: top, toolLog: nil, status: nil, composer: composer, statusBar: bar)
        }
        let standard = min(sideMax, max(sideMin, state.chrome.width * 3 / 10))
        // A resized column keeps 60 columns for the conversation and 20 for itself whatever the terminal does.
        let sideWidth = max(20, min(state.chrome.width - 60, state.chrome.sideWidth ?? standard))
        let (conversation, side) = top.splitRight(sideWidth)
        var toolRect: Rect? = nil, statusRect: Rect? = nil
        switch (state.chrome.showToolLog, state.chrome.showStatus) {
        case (true, true):
            let (t, s) = side.splitBottom(min(StatusPane.preferredHeight(state), side.height / 2))
            toolRect = t
            statusRect = s
        case (true, false): toolRect = side
        case (false, true): statusRect = side
        case (false, false): break
        }
        return Layout(
            conversation: conversation, toolLog: toolRect, status: statusRect, composer: composer, statusBar: bar)
    }
}
