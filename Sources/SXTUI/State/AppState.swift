import Foundation
import SXCore
import SXProtocol

/// The single owner of everything the screen shows. Only `Reducer.reduce` changes it.
public struct AppState: Sendable {
    public var width: Int = 80
    public var height: Int = 24
    public var items: [ConversationItem] = []
    public var nextItemId = 1
    public var toolLog: [ToolLogEntry] = []
    public var toolLogSelection: Int? = nil
    public var composer = ComposerState()
    public var scroll = ScrollState()
    public var focus: Focus = .composer
    /// Open popups, bottom to top; the top one gets the keys (`Popup`).
    public var popups: [any Popup] = []
    public var showToolLog = true
    public var showStatus = true
    /// The side column's width when the person resized it (Alt+, / Alt+.); nil → the default share.
    public var sideWidth: Int? = nil
    /// The toggle-all key: thinking blocks and tool calls shown in full.
    public var expandAll = false
    public var session: SessionStatus? = nil
    public var busy = false
    public var turnStartedAt: Date? = nil
    /// A rate-limit wait in progress (`EngineEvent.waiting`): the status bar counts down to `until`.
    public var wait: Wait? = nil
    public var models: [String] = []
    public var recentModels: [String] = []
    /// Model → provider id, for greying out models whose provider has every profile cooling down.
    public var modelProviders: [String: String] = [:]
    /// Model → the reasoning efforts it lists (Ctrl+T offers only those); a model missing here gets the standard three.
    public var modelEfforts: [String: [String]] = [:]
    /// Models the provider serves but does not offer (Codex `visibility: hide`): in the picker only when typed.
    public var hiddenModels: Set<String> = []
    public var profiles: [ProfileStatus] = []
    /// Latest rate-limit snapshot per profile ("" when the event named none).
    public var rateLimits: [String: RateLimitSnapshot] = [:]
    /// When each of `rateLimits` arrived, to prefer it over an older stored or polled reading.
    public var rateLimitsAt: [String: Date] = [:]
    /// The background auto-switch watcher's latest check (nil until it ran once).
    public var watch: ModelWatchReport? = nil
    public var lastUsage: Usage? = nil
    /// Set by the first Ctrl+C that had nothing else to do; a second one before it expires quits.
    public var quitArmedUntil: Date? = nil
    public var lastEscapeAt: Date? = nil
    /// A transient one-line message in the status bar.
    public var flash: String? = nil
    public var themeName: String = ThemeLoader.defaultThemeName
    public var themes: [String] = []
    /// The profile pinned from the picker, if any (shown in the status pane).
    public var pinnedProfile: String? = nil
    public var now: Date = Date()
    public var keyMap = KeyMap()
    /// Files of the working directory, for `@` completion (set by the app once indexed).
    public var files: [String] = []
    /// What the `/resume` picker lists (set when it opens).
    public var savedSessions: [SavedSession] = []

    public init(width: Int = 80, height: Int = 24, models: [String] = []) {
        self.width = width
        self.height = height
        self.models = models
    }

    /// Side panes fold into overlays below this width: 100 columns leaves the conversation ~64 columns next to a
    /// 36-column side column, about the narrowest that still reads as prose.
    public static let sideBySideMinWidth = 100
    public var sidePanesInline: Bool { width >= Self.sideBySideMinWidth && (showToolLog || showStatus) }

    public var activeModel: String { session?.model ?? models.first ?? "" }

    public struct Wait: Sendable, Equatable {
        public var until: Date
        public var reason: String
    }

    /// "rate limited · retrying in 12s" while a wait runs (whole seconds, rounded up, never below 0).
    public var waitText: String? {
        guard let wait else { return nil }
        let secs = max(0, Int(wait.until.timeIntervalSince(now).rounded(.up)))
        return "\(wait.reason) · retrying in \(secs)s"
    }

    mutating func append(_ kind: ConversationItem.Kind) {
        items.append(ConversationItem(id: nextItemId, kind: kind))
        nextItemId += 1
    }

    mutating func updateLast(_ body: (inout ConversationItem) -> Void) {
        guard !items.isEmpty else { return }
        body(&items[items.count - 1])
        items[items.count - 1].revision += 1
    }

    func toolEntry(_ callId: String) -> ToolLogEntry? { toolLog.last { $0.callId == callId } }

    /// Models for the picker: recent first, then the rest grouped by provider (providers in order of first
    /// appearance, models in the order the app gave).
    public var pickerModels: [String] {
        let rest = models.filter { !recentModels.contains($0) && !hiddenModels.contains($0) }
        var providerOrder: [String: Int] = [:]
        for m in rest {
            let p = modelProviders[m] ?? ""
            if providerOrder[p] == nil { providerOrder[p] = providerOrder.count }
        }
        let grouped = rest.enumerated().sorted { a, b in
            let pa = providerOrder[modelProviders[a.element] ?? ""] ?? 0, pb = providerOrder[modelProviders[b.element] ?? ""] ?? 0
            return pa != pb ? pa < pb : a.offset < b.offset
        }
        return recentModels + grouped.map(\.element)
    }

    /// The picker's rows for `query`: the fuzzy matches, then hidden models whose id contains what was typed.
    public func pickerList(query: String) -> [String] {
        let shown = FuzzyMatch.filter(pickerModels, query: query)
        let q = query.trimmingCharacters(in: .whitespaces).lowercased()
        guard !q.isEmpty else { return shown }
        return shown + models.filter { hiddenModels.contains($0) && !shown.contains($0) && $0.lowercased().contains(q) }
    }

    /// The profile picker's entries: "auto" (no pin), then every profile.
    public var profileChoices: [String] { ["auto"] + profiles.map(\.id) }

    /// Ids of the models whose providers have every profile cooling down, with the earliest free time.
    public func cooldownUntil(provider: String) -> Date? {
        let mine = profiles.filter { $0.provider == provider }
        guard !mine.isEmpty else { return nil }
        var earliest: Date? = nil
        for p in mine {
            guard case .coolingDown(let until) = p.state else { return nil }
            earliest = min(earliest ?? until, until)
        }
        return earliest
    }
}

extension AppState {
    /// The next session keeps what the person chose in this one (`/new`, `/resume`).
    func sessionRequest(resume: String?) -> SessionRequest {
        SessionRequest(resumeId: resume, provider: session?.provider, model: session?.model,
                       profile: pinnedProfile, effort: session?.reasoningEffort)
    }
}
