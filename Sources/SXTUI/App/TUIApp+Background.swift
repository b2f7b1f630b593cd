import Foundation
import SXProtocol

/// Work the TUI drives once a second next to the clock when the host runs it: telling the usage poller whether the
/// status pane is on screen, and the auto-switch watcher. What they find reaches the screen through the profile
/// poll and `Action.modelWatch`.
extension TUIApp {
    /// One round of background work: what the once-a-second loop runs (tests call it directly).
    func runBackgroundOnce() async {
        guard host.features.contains(.background) else { return }
        if let report = await host.backgroundTick(statusPaneVisible: state.statusPaneVisible) {
            dispatch(.modelWatch(report))
        }
    }

    func startBackground() {
        guard host.features.contains(.background) else { return }
        tasks.append(
            Task { [weak self] in
                while !Task.isCancelled {
                    guard let self else { return }
                    await self.runBackgroundOnce()
                    self.requestFrame()
                    try? await Task.sleep(for: Self.tickInterval)
                }
            })
    }
}
