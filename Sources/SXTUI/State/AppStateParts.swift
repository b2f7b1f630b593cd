import Foundation
import SXCore
import SXProtocol

/// The conversation pane's part of `AppState`.
public struct ConversationState: Sendable {
    public var items: [ConversationItem] = []
    public var nextItemId = 1
    public var scroll = ScrollState()
    /// The toggle-all key: thinking blocks and tool calls shown in full.
    public var expandAll = false
    /// The search bar (Ctrl+F, `/find`) while it is open.
    public var search: SearchState? = nil

    mutating func append(_ kind: ConversationItem.Kind) {
        items.append(ConversationItem(id: nextItemId, kind: kind))
        nextItemId += 1
    }

    mutating func updateLast(_ body: (inout ConversationItem) -> Void) {
        guard !items.isEmpty else { return }
        body(&items[items.count - 1])
        items[items.count - 1].revision += 1
    }
}

/// The tool log pane's part: every call of the session, and the selected one (nil: follow the newest).
public struct ToolLogState: Sendable {
    public var entries: [ToolLogEntry] = []
    public var selection: Int? = nil

    func entry(_ callId: String) -> ToolLogEntry? { entries.last { $0.callId == callId } }
}

/// What frames the panes: size, clock, focus, which side panes show, the theme, keys, the status bar's flash.
public struct ChromeState: Sendable {
    public var width: Int = 80
    public var height: Int = 24
    /// The clock as of the last action (`Action.tick`); countdowns and timers read it, never `Date()`.
    public var now: Date = Date()
    public var focus: Focus = .composer
    public var showToolLog = true
    public var showStatus = true
    /// The side column's width when the person resized it (Alt+, / Alt+.); nil → the default share.
    public var sideWidth: Int? = nil
    /// A transient one-line message in the status bar.
    public var flash: String? = nil
    /// Set by the first Ctrl+C that had nothing else to do; a second one before it expires quits.
    public var quitArmedUntil: Date? = nil
    public var lastEscapeAt: Date? = nil
    /// The terminal window has focus (focus reports; a terminal that sends none counts as focused, so it is never
    /// notified).
    public var focused = true
    public var themeName: String = ThemeLoader.defaultThemeName
    public var themes: [String] = []
    public var keyMap = KeyMap()

    static let sideBySideMinWidth = 100
    public var sidePanesInline: Bool { width >= Self.sideBySideMinWidth && (showToolLog || showStatus) }
}

/// The engine as last reported to the front end (events, statuses, the model menu): the status pane, the status
/// bar and the pickers read it.
public struct EngineMirror: Sendable {
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
    /// The MCP servers as the host last reported them.
    public var mcpServers: [MCPServerStatus] = []
    /// Latest rate-limit snapshot per profile ("" when the event named none).
    public var rateLimits: [String: RateLimitSnapshot] = [:]
    /// When each of `rateLimits` arrived, to prefer it over an older stored or polled reading.
    public var rateLimitsAt: [String: Date] = [:]
    /// The background auto-switch watcher's latest check (nil until it ran once).
    public var watch: ModelWatchReport? = nil
    public var lastUsage: Usage? = nil
    /// The session's totals (every request of every turn, compaction requests included).
    public var totalUsage = Usage()
    /// How full the model's window is (nil until the engine said).
    public var context: ContextUsage? = nil
    /// The profile pinned from the picker, if any (shown in the status pane).
    public var pinnedProfile: String? = nil
    /// What the `/resume` picker lists (set when it opens).
    public var savedSessions: [SavedSession] = []
    /// The turns the `/rewind` picker lists.
    public var rewindPoints: [RewindPoint] = []
    /// The model's plan as its last `update_plan` left it (the status pane's checklist).
    public var plan: Plan? = nil

    public struct Wait: Sendable, Equatable {
        public var until: Date
        public var reason: String
    }

    public var activeModel: String { session?.model ?? models.first ?? "" }

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
            let pa = providerOrder[modelProviders[a.element] ?? ""] ?? 0,
                pb = providerOrder[modelProviders[b.element] ?? ""] ?? 0
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

    /// When the first profile of `provider` is free again, if every one of them is cooling down (nil otherwise).
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
