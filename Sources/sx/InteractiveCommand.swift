import Foundation
import SXCore
import SXAuth
import SXEngine
import SXTUI

/// `sx` with no subcommand: the full-screen interface on a terminal; a plain line-mode conversation on the same
/// engine with `--plain`, or when the terminal cannot draw the interface (`ScreenSupport`).
struct InteractiveCommand {
    let common: CommonOptions
    var plain = false
    var resume: String? = nil
    var last = false

    func run() async throws {
        MallocTuning.applyForLongSession(environment: ProcessEnvironment.current)
        do {
            let config = try Wiring.loadConfig(flags: try common.flags())
            // Before the engine exists: a bad id is a one-line error, with no HTTP pool left to shut down.
            let resumeURL = (resume != nil || last) ? try Transcript.find(resume, in: config.paths.sessions) : nil
            let engine = try Wiring.engine(config: config, originator: "sx_tui")
            let provider = try engine.resolveProvider()
            // `--plain` asks for line mode; otherwise it is chosen, with the reason in one line, when the terminal
            // cannot draw the full-screen interface (no tty, TERM=dumb, no terminfo entry).
            let screen =
                plain
                ? nil
                : ScreenSupport.check(
                    term: config.text("TERM"), stdinIsTerminal: isatty(0) == 1, stdoutIsTerminal: isatty(1) == 1)
            let useTUI = screen == .fullScreen
            // `APPROVAL=ask` asks in a modal in the full-screen interface and as a y/n question in the line mode on
            // a terminal; with a piped stdin (prompts, not answers) it refuses.
            let approvals = useTUI || isatty(0) == 1 ? ApprovalBroker() : nil
            let mcp = try Wiring.mcp(config: config, http: engine.pool)
            let tools = try Wiring.tools(
                config: config, http: engine.pool, approvalHandler: approvals?.handler, mcp: mcp)
            let code: Int32
            if useTUI {
                // The host owns the session from here: `/new` and `/resume` replace it there, and the old one goes.
                let host = await SessionHost(
                    engine: engine,
                    session: try engine.makeSession(provider: provider, tools: tools, resume: resumeURL),
                    provider: provider, tools: tools, approvals: approvals,
                    store: ProfileStore(paths: config.paths), mcp: mcp)
                if provider == .demo {
                    await host.engineSession.announce(
                        "No login found, so this is the offline demo. Log in with `sx auth login` (ChatGPT/Codex) or `sx auth add-key --provider anthropic NAME`, then restart sx."
                    )
                }
                let catalogRefresh = engine.refreshCatalogs(for: await host.engineSession.options)
                let menu = await host.modelMenu()
                let settings = FrontEndSettings.from(config)
                code = await Task { @MainActor in
                    await TUIApp(host: host, menu: menu, settings: settings).run()
                }.value
                await host.session.close()
                catalogRefresh.cancel()
                await catalogRefresh.value
            } else {
                let session = try engine.makeSession(provider: provider, tools: tools, resume: resumeURL)
                if let approvals {
                    approvals.connect { pending in
                        LineApprovals.ask(pending) { approvals.answer(pending.id, $0) }
                    }
                }
                var why: String?
                if case .lineMode(let reason)? = screen { why = reason }
                code = await runPlain(session: session, config: config, provider: provider, why: why)
                await session.close()
            }
            await mcp?.shutdown()
            await engine.shutdown()
            if code != 0 { exit(code) }
        } catch {
            Terminal.fail(error)
        }
    }

    /// - Parameter why: the line saying why the full-screen interface is not used (nil with `--plain`).
    private func runPlain(session: Session, config: Config, provider: ProviderID, why: String?) async -> Int32 {
        let status = await session.status()
        var greeting = why.map { [$0] } ?? []
        greeting.append(
            "sx \(SXVersion.version) — \(status.provider.displayName)/\(status.model) in \(config.workingDirectory.path)"
        )
        if provider == .demo {
            greeting.append(
                "No login found: this is the offline demo. Log in with `sx auth login` (ChatGPT/Codex) or `sx auth add-key --provider anthropic NAME`."
            )
        }
        return await LineChat.run(
            session, greeting: greeting,
            dim: Terminal.dimsThinking(
                noColor: (try? RuntimeSettings(config).noColor) ?? false, term: config.text("TERM")))
    }
}
