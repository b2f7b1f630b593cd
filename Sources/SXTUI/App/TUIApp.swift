import Foundation
import SXCore
import SXProtocol

/// The full-screen app: terminal input, session events and a one-second clock become `Action`s; the reducer
/// updates `AppState`; effects run against the host's current session; frames are drawn only when something
/// changed, at most ~60 per second. `sx` with no subcommand builds the engine's host and awaits `run()` on the
/// main actor:
///
///     let code = await Task { @MainActor in
///         await TUIApp(host: host, menu: host.modelMenu(), settings: FrontEndSettings.from(config)).run()
///     }.value
///
/// The app never keeps a session of its own: it asks `host.session` each time, and `/new` / `/resume` ask the host
/// for the next one (DECISIONS 25: a second owner kept the first conversation in memory).
@MainActor
public final class TUIApp {
    let host: any EngineHost
    /// Grows with every replacement, so that the end of an old session's stream does not end the app.
    var sessionGeneration = 0
    var forwarder: Task<Void, Never>?
    let terminal: any Terminal
    let loader: ThemeLoader
    let settings: FrontEndSettings
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
    ///   - menu: what the model picker offers (names in order after recents, providers, efforts, hidden models).
    ///   - settings: home folder (keys.txt, themes/, clipboard.txt), theme, colours, mouse.
    ///   - terminal: nil → ncurses on the process's terminal (tests pass a `MemoryTerminal`).
    public init(
        host: any EngineHost, menu: ModelMenu = ModelMenu(), settings: FrontEndSettings = FrontEndSettings(),
        terminal: (any Terminal)? = nil
    ) {
        self.host = host
        self.settings = settings
        self.terminal = terminal ?? NCursesTerminal(mouse: settings.mouse, terminalName: settings.terminalName)
        self.loader = ThemeLoader.standard(home: settings.home, noColor: settings.noColor)
        var state = AppState(models: menu.models)
        state.engine.modelProviders = menu.providers
        state.engine.modelEfforts = menu.efforts
        state.engine.hiddenModels = menu.hidden
        state.chrome.themes = loader.available()
        let (loaded, warning) = loader.load(
            settings.theme, mode: Theme.Mode(rawValue: settings.background.rawValue) ?? .dark)
        self.theme = loaded
        state.chrome.themeName = loaded.name
        if let warning { startupWarnings.append(warning) }
        if let keys = settings.home?.appendingPathComponent("keys.txt").path,
            let data = FileManager.default.contents(atPath: keys)
        {
            let (map, warnings) = KeyMap.parse(String(decoding: data, as: UTF8.self), file: keys)
            state.chrome.keyMap = map
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
        host.connectApprovals { pending in
            let r = pending.request
            inbox.post(
                .action(
                    .approvalRequested(
                        ApprovalPrompt(
                            id: pending.id, tool: r.call.name, summary: r.summary, diffs: r.diffs,
                            workingDirectory: r.workingDirectory, previewError: r.previewError,
                            warning: r.warning))))
        }
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
        host.disconnectApprovals()
        shutdown()
        // Closing lets the engine finish its transcript; the terminal is already restored.
        await host.session.close()
        return exitCode ?? 0
    }

    /// Merges runs of text (and of thinking) deltas into one delta each: the reducer appends once per run instead
    /// of once per network event, and the result is the same text. A run is gathered in one buffer that grows in
    /// place: joining it pairwise (`a + b` per delta) copied the run again for every delta, which made a batch of
    /// 2,000 deltas cost tens of milliseconds and held a key typed meanwhile back by as much.
    nonisolated static func coalesce(_ batch: [Message]) -> [Message] {
        guard batch.count > 1 else { return batch }
        var out: [Message] = []
        out.reserveCapacity(min(batch.count, 64))
        var run = ""
        var thinking = false
        var running = false
        func flush() {
            guard running else { return }
            out.append(.action(.engine(thinking ? .thinkingDelta(run) : .textDelta(run))))
            run = ""
            running = false
        }
        for message in batch {
            if case .action(.engine(let event)) = message {
                switch event {
                case .textDelta(let t), .thinkingDelta(let t):
                    let isThinking = if case .thinkingDelta = event { true } else { false }
                    if running && isThinking != thinking { flush() }
                    thinking = isThinking
                    running = true
                    run += t
                    continue
                default: break
                }
            }
            flush()
            out.append(message)
        }
        flush()
        return out
    }

    func startSources(_ inbox: Mailbox<Message>) {
        let terminal = self.terminal, host = self.host, profiles = host.features.contains(.profiles)
        let input = terminal.input
        tasks.append(
            Task {
                for await event in input { inbox.post(.terminal(event)) }
            })
        forward(host.session, notice: nil)
        let root = FileManager.default.currentDirectoryPath
        tasks.append(
            Task.detached(priority: .utility) {
                inbox.post(.action(.filesIndexed(FileIndex.scan(root: root))))
            })
        loadCommands(announce: false)
        tasks.append(
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.tickInterval)
                    inbox.post(.action(.tick(Date())))
                    if profiles { inbox.post(.action(.profiles(await host.profileStatuses()))) }
                    inbox.post(.action(.mcpServers(await host.mcpServers())))
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
        // The clock moves through the reducer too: every action is reduced at the time it is handled.
        if case .tick = action {} else { _ = Reducer.reduce(&state, .tick(Date())) }
        // The clock and the profile poll arrive every second; they only cost a frame when something on screen
        // depends on them, so an idle screen is not redrawn (idle CPU ~0).
        let quiet: Bool
        switch action {
        case .tick: quiet = !state.showsClock
        case .profiles(let p): quiet = p == state.engine.profiles && !state.showsClock
        case .mcpServers(let m): quiet = m == state.engine.mcpServers
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
        // Where the conversation resolved its scroll to is already on screen: recorded without another frame.
        if scroll != state.conversation.scroll { _ = Reducer.reduce(&state, .scrollResolved(scroll)) }
        terminal.present(buffer, theme: theme)
    }

    func shutdown() {
        for t in tasks { t.cancel() }
        forwarder?.cancel()
        inbox.close()
        terminal.stop()
    }
}
