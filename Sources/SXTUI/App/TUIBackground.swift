import Foundation
import SXEngine

/// Work the TUI drives once a second next to the clock, all optional: telling the usage poller whether the status
/// pane is on screen, and running the auto-switch watcher. Each call must return promptly (network reads run in
/// the background of whoever implements it); what they find reaches the screen through the profile poll and
/// `Action.modelWatch`.
public struct TUIBackground: Sendable {
    /// Called every second with whether the status pane is visible (live usage is read only while it is).
    public var statusPaneVisible: (@Sendable (Bool) async -> Void)?
    /// Called every second; returns a report when a watcher check ran (nil when none was due).
    public var watch: (@Sendable () async -> ModelWatchSchedule.Report?)?

    public init(statusPaneVisible: (@Sendable (Bool) async -> Void)? = nil,
                watch: (@Sendable () async -> ModelWatchSchedule.Report?)? = nil) {
        self.statusPaneVisible = statusPaneVisible
        self.watch = watch
    }
}

extension TUIApp {
    /// One round of background work: what the once-a-second loop runs (tests call it directly).
    func runBackgroundOnce() async {
        guard let background else { return }
        await background.statusPaneVisible?(state.statusPaneVisible)
        if let report = await background.watch?() { dispatch(.modelWatch(report)) }
    }

    func startBackground() {
        guard background != nil else { return }
        tasks.append(Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                await self.runBackgroundOnce()
                self.requestFrame()
                try? await Task.sleep(for: Self.tickInterval)
            }
        })
    }
}
