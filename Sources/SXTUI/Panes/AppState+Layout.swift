import Foundation

/// What the screen shows now, read from the pane `Layout` (so it lives with the panes, above `AppState`).
extension AppState {
    /// Whether the status pane is on screen now (inline in the side column, or as the narrow-terminal popup):
    /// live usage is only read while it is.
    public var statusPaneVisible: Bool {
        if popups.contains(where: { $0.kind == .status }) { return true }
        guard chrome.showStatus, chrome.sidePanesInline, let r = Layout.compute(self).status else { return false }
        return !r.isEmpty
    }

    /// Whether anything on screen changes with the clock alone: a running turn or tool, a cooldown countdown,
    /// an armed quit, usage reset times.
    public var showsClock: Bool {
        engine.busy || engine.wait != nil || chrome.quitArmedUntil != nil || toolLog.entries.last?.status == .running
            || engine.profiles.contains { if case .coolingDown = $0.state { true } else { false } }
            || engine.rateLimits.values.contains { $0.primary?.resetsAt != nil || $0.secondary?.resetsAt != nil }
            || (engine.profiles.contains { $0.usage?.primary?.resetsAt != nil || $0.usage?.secondary?.resetsAt != nil }
                && statusPaneVisible)
    }
}
