import Foundation
import SXCore
import SXAuth
import SXEngine
import SXTUI

/// `sx` with no subcommand: the full-screen interface on a terminal; a plain line-mode conversation on the same
/// engine when stdin/stdout are not a terminal or with `--plain`.
struct InteractiveCommand {
    let common: CommonOptions
    var plain = false
    var resume: String? = nil
    var last = false

    func run() async throws {
        MallocTuning.applyForLongSession()
        do {
            let config = try Wiring.loadConfig(flags: try common.flags())
            // Before the engine exists: a bad id is a one-line error, with no HTTP pool left to shut down.
            let resumeURL = (resume != nil || last) ? try Transcript.find(resume, in: config.paths.sessions) : nil
            let engine = try Wiring.engine(config: config, originator: "sx_tui")
            let provider = try engine.resolveProvider()
            let useTUI = !plain && isatty(0) == 1 && isatty(1) == 1
            // In the full-screen interface `APPROVAL=ask` asks in a modal; headless it refuses.
            let approvals = useTUI ? ApprovalBroker() : nil
            let tools = try Wiring.tools(config: config, approvalHandler: approvals?.handler)
            let code: Int32
            if useTUI {
                // Only the box holds the first session: once `/new` or `/resume` replaces it, it can go (its
                // conversation and its transcript's file with it).
                let live = CurrentSession(try engine.makeSession(provider: provider, tools: tools, resume: resumeURL))
                if provider == .demo {
                    await live.get().announce("No login found, so this is the offline demo. Log in with `sx auth login` (ChatGPT/Codex) or `sx auth add-key --provider anthropic NAME`, then restart sx.")
                }
                let catalogRefresh = engine.refreshCatalogs(for: await live.get().options)
                code = await runTUI(live: live, engine: engine, config: config, approvals: approvals,
                                    provider: provider, tools: tools)
                catalogRefresh.cancel()
                await catalogRefresh.value
            } else {
                let session = try engine.makeSession(provider: provider, tools: tools, resume: resumeURL)
                code = await runPlain(session: session, config: config, provider: provider)
                await session.close()
            }
            await engine.shutdown()
            if code != 0 { exit(code) }
        } catch {
            Terminal.fail(error)
        }
    }

    private func runTUI(live: CurrentSession, engine: Engine, config: Config, approvals: ApprovalBroker?,
                        provider: ProviderID, tools: ToolExecuting) async -> Int32 {
        var picker = PickerModels.build(engine: engine)
        let status = await live.get().status()
        picker.ensure(provider: status.provider, model: status.model, catalogs: engine.catalogs)
        let store = ProfileStore(paths: config.paths)
        let (background, profiles) = await TUIBackgroundWiring.make(config: config, engine: engine, session: live.get(), store: store)
        // `/new` and `/resume` replace the session; pinning and effort follow whichever one is current.
        let pin: TUIApp.ProfilePinner = { id in try await live.get().pinProfile(id) }
        let effort: TUIApp.EffortSetter = { e in await live.get().setReasoningEffort(e) }
        let sessions = config.paths.sessions
        let factory: TUIApp.SessionFactory = { request in
            let url = try request.resumeId.map { try Transcript.find($0, in: sessions) }
            let next = try engine.makeSession(provider: request.provider ?? provider, model: request.model, tools: tools, resume: url)
            if let p = request.profile { try await next.pinProfile(p) }
            if let e = request.effort { await next.setReasoningEffort(e) }
            live.set(next)
            return next
        }
        let lister: TUIApp.SessionLister = {
            Transcript.list(sessions).map { s in
                SavedSession(id: s.id, modified: s.modified, firstPrompt: s.firstPrompt,
                             model: s.model.map { m in s.provider.map { "\($0)/\(m)" } ?? m }, messages: s.messages)
            }
        }
        let code = await Task { @MainActor in
            await TUIApp(session: live.get(), models: picker.models, theme: config["THEME"], modelProviders: picker.providers,
                         modelEfforts: picker.efforts, hiddenModels: picker.hidden,
                         profiles: profiles, pinProfile: pin, setEffort: effort, approvals: approvals,
                         newSession: factory, savedSessions: lister, background: background).run()
        }.value
        await live.get().close()
        return code
    }

    private func runPlain(session: Session, config: Config, provider: ProviderID) async -> Int32 {
        let status = await session.status()
        Terminal.err("sx \(SXVersion.version) — \(status.provider.displayName)/\(status.model) in \(config.workingDirectory.path)")
        if provider == .demo {
            Terminal.err("No login found: this is the offline demo. Log in with `sx auth login` (ChatGPT/Codex) or `sx auth add-key --provider anthropic NAME`.")
        }
        Terminal.err("Type a message and press Enter; /quit or Ctrl+D to leave.")
        let printer = ExecPrinter(json: false, showThinking: true)
        var iterator = session.events.makeAsyncIterator()
        while true {
            Terminal.write("› ", fd: 2)
            guard let line = readLine(strippingNewline: true) else { break }
            let prompt = line.trimmingCharacters(in: .whitespaces)
            if prompt.isEmpty { continue }
            if prompt == "/quit" || prompt == "/exit" { break }
            await session.send(prompt, attachments: [])
            while let event = await iterator.next() {
                printer.print(event)
                if case .turnDone = event { break }
            }
            printer.finish()
        }
        return 0
    }
}

/// The session the TUI talks to right now, for the closures the wiring hands it (`/new` and `/resume` change it).
final class CurrentSession: @unchecked Sendable {
    // `session` is guarded by `lock`.
    private let lock = NSLock()
    private var session: Session

    init(_ session: Session) { self.session = session }
    func get() -> Session { lock.withLock { session } }
    func set(_ s: Session) { lock.withLock { session = s } }
}
