import Foundation
import SXEngine

/// The full-screen app: terminal input, session events and a one-second clock become `Action`s; the reducer
/// updates `AppState`; effects run against the session; frames are drawn only when something changed, at most
/// ~60 per second. `sx` with no subcommand creates one and awaits `run()` on the main actor:
///
///     let code = await Task { @MainActor in
///         await TUIApp(session: session, models: catalog.modelNames, theme: config.theme,
///                      modelProviders: catalog.providerByModel, profiles: { profileStatuses() }).run()
///     }.value
///
/// Environment: `NO_COLOR`, `SX_THEME_MODE=light|dark`, `SX_MOUSE=1` (wheel scrolling; off by default so the
/// terminal's own selection keeps working), `SX_HOME` (themes/, keys.txt, clipboard.txt).
@MainActor
public final class TUIApp {
    public typealias ProfileSource = @Sendable () async -> [ProfileStatus]
    /// Pins a profile id for the session (nil = automatic choice again); throws a one-line reason when it can't.
    public typealias ProfilePinner = @Sendable (String?) async throws -> Void
    /// Sets the reasoning effort for the next turns (Ctrl+T cycles low → medium → high).
    public typealias EffortSetter = @Sendable (String) async throws -> Void

    /// Where `/new` and `/resume` get their session (nil: both say they are unavailable).
    public typealias SessionFactory = @Sendable (SessionRequest) async throws -> any AgentSession
    /// The saved sessions `/resume` offers, newest first.
    public typealias SessionLister = @Sendable () async -> [SavedSession]

    /// The session the person is talking to; `/new` and `/resume` replace it.
    var session: any AgentSession
    /// Grows with every replacement, so that the end of an old session's stream does not end the app.
    var sessionGeneration = 0
    var forwarder: Task<Void, Never>?
    let sessionFactory: SessionFactory?
    let sessionLister: SessionLister?
    let terminal: any Terminal
    let loader: ThemeLoader
    let profileSource: ProfileSource?
    let profilePinner: ProfilePinner?
    /// Where tool approvals come from (nil: the runner never asks, e.g. `APPROVAL=auto`).
    let approvals: ApprovalBroker?
    let effortSetter: EffortSetter?
    /// Usage polling and the auto-switch watcher (nil: neither runs).
    let background: TUIBackground?
    let environment: [String: String]
    public private(set) var state: AppState
    var theme: Theme
    var startupWarnings: [String] = []
    let cache = RenderCache()
    let inbox = Mailbox<Message>(isUrgent: TUIApp.isUrgent)
    var dirty = true
    var frameScheduled = false
    var lastFrameAt: ContinuousClock.Instant?
    var exitCode: Int32?
    var tasks: [Task<Void, Never>] = []

    /// 16 ms between frames ≈ 60 FPS: smooth for streaming text, and a 5,000-delta burst costs at most ~60 renders
    /// per second of wall time instead of one per delta.
    static let frameInterval: Swift.Duration = .milliseconds(16)
    /// Countdowns and the "working Ns" timer show whole seconds, so the clock ticks once a second.
    static let tickInterval: Swift.Duration = .seconds(1)

    enum Message: Sendable {
        case terminal(TerminalInput)
        case action(Action)
        case sessionEnded(generation: Int)
    }

    /// - Parameters:
    ///   - models: the model names the picker offers (the app's catalogue), in the order to show after recents.
    ///   - theme: a theme name (`THEME=` in config); nil → `sx-dark`.
    ///   - modelProviders: model → provider id, to grey out models whose provider is cooling down.
    ///   - modelEfforts: model → the efforts it lists (Ctrl+T offers only those).
    ///   - hiddenModels: models listed by the provider as hidden: in the picker only when typed.
    ///   - profiles: polled every second for the status pane; nil → no profile list.
    ///   - pinProfile: called by the profile picker (Ctrl+P, `/profile`); nil → the picker says pinning is
    ///     unavailable.
    ///   - setEffort: called by Ctrl+T with the next reasoning effort; nil → Ctrl+T says it is unavailable.
    ///   - newSession: makes the session `/new` and `/resume` switch to; nil → those commands say so.
    ///   - savedSessions: lists what `/resume` offers.
    ///   - terminal: nil → ncurses on the process's terminal (tests pass a `MemoryTerminal`).
    ///   - background: work run once a second besides the clock (usage polling, the auto-switch watcher).
    public init(session: any AgentSession, models: [String], theme: String?, modelProviders: [String: String] = [:],
                modelEfforts: [String: [String]] = [:], hiddenModels: Set<String> = [],
                profiles: ProfileSource? = nil, pinProfile: ProfilePinner? = nil, setEffort: EffortSetter? = nil, approvals: ApprovalBroker? = nil,
                newSession: SessionFactory? = nil, savedSessions: SessionLister? = nil,
                terminal: (any Terminal)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                background: TUIBackground? = nil) {
        self.session = session
        self.terminal = terminal ?? NCursesTerminal(mouse: environment["SX_MOUSE"] == "1")
        self.environment = environment
        self.loader = ThemeLoader.standard(environment: environment)
        self.profileSource = profiles
        self.profilePinner = pinProfile
        self.effortSetter = setEffort
        self.approvals = approvals
        self.sessionFactory = newSession
        self.sessionLister = savedSessions
        self.background = background
        var state = AppState(models: models)
        state.modelProviders = modelProviders
        state.modelEfforts = modelEfforts
        state.hiddenModels = hiddenModels
        state.themes = loader.available()
        let (loaded, warning) = loader.load(theme, mode: ThemeLoader.detectMode(environment: environment))
        self.theme = loaded
        state.themeName = loaded.name
        if let warning { startupWarnings.append(warning) }
        let home = environment["SX_HOME"] ?? (environment["HOME"].map { $0 + "/.scorpiox" } ?? "")
        if !home.isEmpty, let data = FileManager.default.contents(atPath: home + "/keys.txt") {
            let (map, warnings) = KeyMap.parse(String(decoding: data, as: UTF8.self), file: home + "/keys.txt")
            state.keyMap = map
            startupWarnings += warnings
        }
        self.state = state
    }

    /// Runs until the person quits or a terminating signal arrives; returns the process exit code.
    public func run() async -> Int32 {
        do {
            try terminal.start()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        if let nc = terminal as? NCursesTerminal, let w = nc.startupWarning { startupWarnings.append(w) }
        let inbox = self.inbox
        dispatch(.resize(width: terminal.width, height: terminal.height))
        for w in startupWarnings { dispatch(.notice(w, .warning)) }
        startSources(inbox)
        startBackground()
        approvals?.attach { action in inbox.post(.action(action)) }
        renderNow()
        // While a frame is scheduled only urgent messages wake the loop early; the frame timer kicks it to take
        // the rest in one batch (see `Mailbox`).
        while let batch = await inbox.take(urgentOnly: frameScheduled) {
            var urgent = false
            for message in Self.coalesce(batch) {
                handle(message)
                if exitCode != nil { break }
                urgent = urgent || Self.isUrgent(message)
            }
            if exitCode != nil { break }
            requestFrame(urgent: urgent)
        }
        approvals?.detach()
        shutdown()
        // Closing lets the engine finish its transcript; the terminal is already restored.
        await session.close()
        return exitCode ?? 0
    }

    /// Merges runs of text (and of thinking) deltas into one delta each: the reducer appends once per run instead
    /// of once per network event, and the result is the same text.
    nonisolated static func coalesce(_ batch: [Message]) -> [Message] {
        guard batch.count > 1 else { return batch }
        var out: [Message] = []
        out.reserveCapacity(batch.count)
        for message in batch {
            if case .action(.engine(let event)) = message, let last = out.last, case .action(.engine(let previous)) = last {
                switch (previous, event) {
                case (.textDelta(let a), .textDelta(let b)):
                    out[out.count - 1] = .action(.engine(.textDelta(a + b)))
                    continue
                case (.thinkingDelta(let a), .thinkingDelta(let b)):
                    out[out.count - 1] = .action(.engine(.thinkingDelta(a + b)))
                    continue
                default: break
                }
            }
            out.append(message)
        }
        return out
    }

    func startSources(_ inbox: Mailbox<Message>) {
        let terminal = self.terminal, profileSource = self.profileSource
        let input = terminal.input
        tasks.append(Task {
            for await event in input { inbox.post(.terminal(event)) }
        })
        forward(session, notice: nil)
        let root = FileManager.default.currentDirectoryPath
        tasks.append(Task.detached(priority: .utility) {
            inbox.post(.action(.filesIndexed(FileIndex.scan(root: root))))
        })
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tickInterval)
                inbox.post(.action(.tick(Date())))
                if let profileSource { inbox.post(.action(.profiles(await profileSource()))) }
            }
        })
    }

    func handle(_ message: Message) {
        switch message {
        case .terminal(.key(let key)): dispatch(.key(key))
        case .terminal(.resize(let w, let h)):
            terminal.invalidate()
            dispatch(.resize(width: w, height: h))
        case .terminal(.redraw):
            terminal.invalidate()
            dispatch(.resize(width: terminal.width, height: terminal.height))
        case .terminal(.terminate(let sig)):
            exitCode = 128 + sig
        case .action(let action):
            dispatch(action)
        case .sessionEnded(let generation):
            if generation == sessionGeneration { exitCode = exitCode ?? 0 }
        }
    }

    /// The one place state changes: reduce, then perform the effects.
    func dispatch(_ action: Action) {
        if case .tick(let now) = action { state.now = now } else { state.now = Date() }
        // The clock and the profile poll arrive every second; they only cost a frame when something on screen
        // depends on them, so an idle screen is not redrawn (idle CPU ~0).
        let quiet: Bool
        switch action {
        case .tick: quiet = !state.showsClock
        case .profiles(let p): quiet = p == state.profiles && !state.showsClock
        default: quiet = false
        }
        let effects = Reducer.reduce(&state, action)
        if !quiet { dirty = true }
        for effect in effects { perform(effect) }
    }

    /// Keys (typing must echo at once) and the end of a turn (the last line of the answer is committed only
    /// then) skip the frame cap; everything else waits for the next frame slot.
    nonisolated static func isUrgent(_ message: Message) -> Bool {
        switch message {
        case .terminal, .action(.engine(.turnDone)), .sessionEnded: true
        default: false
        }
    }

    func requestFrame(urgent: Bool = false) {
        guard dirty else { return }
        if urgent {
            renderNow()
            return
        }
        guard !frameScheduled else { return }
        let now = ContinuousClock.now
        if let last = lastFrameAt, now - last < Self.frameInterval {
            frameScheduled = true
            let wait = Self.frameInterval - (now - last)
            let inbox = self.inbox
            Task { @MainActor [weak self] in
                try? await Task.sleep(for: wait)
                guard let self, self.frameScheduled else { return }
                // The loop takes what queued up meanwhile, reduces it and draws (`requestFrame` finds the slot due).
                self.frameScheduled = false
                inbox.kick()
            }
        } else {
            renderNow()
        }
    }

    func renderNow() {
        guard dirty else { return }
        dirty = false
        frameScheduled = false
        lastFrameAt = ContinuousClock.now
        let (buffer, scroll) = ScreenRenderer.render(state, cache: cache)
        if scroll != state.scroll { state.scroll = scroll }
        terminal.present(buffer, theme: theme)
    }

    func shutdown() {
        for t in tasks { t.cancel() }
        forwarder?.cancel()
        inbox.close()
        terminal.stop()
    }
}
