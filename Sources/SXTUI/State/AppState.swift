import Foundation
import SXCore
import SXProtocol

/// The single owner of everything the screen shows, in the parts the panes own. Only `Reducer.reduce` changes it
/// (the app sends the clock and the resolved scroll position as actions too).
public struct AppState: Sendable {
    /// The items and the scroll position: the conversation pane's.
    public var conversation = ConversationState()
    /// Tool calls and the selection: the tool log pane's (and the tool detail's).
    public var toolLog = ToolLogState()
    public var composer = ComposerState()
    /// Size, clock, focus, side panes, theme, the status bar's flash: what frames the panes.
    public var chrome = ChromeState()
    /// What the engine last reported: session, models, profiles, usage, waits.
    public var engine = EngineMirror()
    /// Open popups, bottom to top; the top one gets the keys (`Popup`).
    public var popups: [any Popup] = []

    public init(width: Int = 80, height: Int = 24, models: [String] = []) {
        chrome.width = width
        chrome.height = height
        engine.models = models
    }

    /// Side panes fold into popups below this width: 100 columns leaves the conversation ~64 columns next to a
    /// 36-column side column, about the narrowest that still reads as prose.
    public static let sideBySideMinWidth = ChromeState.sideBySideMinWidth

    /// "rate limited · retrying in 12s" while a wait runs (whole seconds, rounded up, never below 0).
    public var waitText: String? {
        guard let wait = engine.wait else { return nil }
        let secs = max(0, Int(wait.until.timeIntervalSince(chrome.now).rounded(.up)))
        return "\(wait.reason) · retrying in \(secs)s"
    }

    /// The next session keeps what the person chose in this one (`/new`, `/resume`).
    func sessionRequest(resume: String?) -> SessionRequest {
        SessionRequest(
            resumeId: resume, provider: engine.session?.provider, model: engine.session?.model,
            profile: engine.pinnedProfile, effort: engine.session?.reasoningEffort)
    }
}
