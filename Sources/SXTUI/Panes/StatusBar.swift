import Foundation

/// The one-line bar at the bottom: model and profile, what is happening, scroll state, and the help key.
enum StatusBar {
    static func draw(_ state: AppState, in rect: Rect, into buf: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let base = Style(fg: .statusBarText, bg: .statusBar)
        buf.fill(rect, style: base)
        var left = StyledLine(" sx ", Style(fg: .primary, .bold))
        var where_ = [
            state.engine.session?.provider.displayName,
            state.engine.activeModel.isEmpty ? nil : state.engine.activeModel, state.engine.session?.profileId
        ]
        .compactMap { $0 }.joined(separator: " · ")
        if where_.isEmpty { where_ = "no model" }
        // A flash ("press Ctrl+C again to quit") comes first so a narrow bar never cuts it off.
        if let flash = state.chrome.flash { left.append(flash + "  ", Style(fg: .warning, .bold)) }
        left.append(where_, Style(fg: .statusBarText))
        if state.chrome.flash == nil, let wait = state.waitText {
            left.append("  ● \(wait) · Esc to stop", Style(fg: .warning))
        } else if state.chrome.flash == nil && state.engine.busy {
            let secs = state.engine.turnStartedAt.map { Int(state.chrome.now.timeIntervalSince($0)) } ?? 0
            left.append("  ● working \(secs)s · Esc to stop", Style(fg: .toolRunning))
        }
        // Under 80 columns the right side shrinks to its essentials so the model name keeps room.
        let wide = rect.width >= 80
        var right = StyledLine()
        if let c = state.engine.context {
            right.append(
                wide ? "\(c.percentLeft)% context left " : "\(c.percentLeft)% ", Style(fg: meterToken(c.percentLeft)))
        }
        if state.conversation.scroll.following {
            right.append(wide ? "following " : "", Style(fg: .textMuted))
        } else {
            right.append(wide ? "↑ scrolled · End to follow " : "↑ End ", Style(fg: .warning))
        }
        if wide { right.append("? help ", Style(fg: .textMuted)) }
        let rightWidth = right.width
        if rightWidth > 0 && rect.width >= rightWidth + 12 {
            buf.write(left.truncated(to: rect.width - rightWidth - 1), x: rect.x, y: rect.y, base: base, clip: rect)
            buf.write(right, x: rect.maxX - rightWidth, y: rect.y, base: base, clip: rect)
        } else {
            buf.write(left.truncated(to: rect.width), x: rect.x, y: rect.y, base: base, clip: rect)
        }
    }

    /// The meter's colour as the window fills: calm above half, a warning under a quarter, an error under a tenth
    /// (auto-compaction starts at 10 % left by default).
    static func meterToken(_ percentLeft: Int) -> ThemeToken {
        percentLeft <= 10 ? .error : percentLeft <= 25 ? .warning : percentLeft <= 50 ? .text : .textMuted
    }
}
