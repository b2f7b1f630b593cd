import ArgumentParser
import Foundation
import SXAuth
import SXEngine
import SXTUI

/// `sx exec`: one headless turn. The answer streams to stdout, thinking to stderr, everything else as one-line
/// notices on stderr; `--json` prints every engine event as a JSON line instead.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run one prompt headlessly and stream the answer to stdout.",
        discussion:
            "PROMPT '-' reads the prompt from standard input. Exit status 0 on success, 1 on failure, 130 when interrupted."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print one JSON object per engine event per line.")
    var json = false

    @Flag(name: .long, help: "Do not print the model's thinking.")
    var noThinking = false

    @Option(name: .long, help: "Continue an earlier session (its id or a unique prefix; see `sx sessions list`).")
    var resume: String?

    @Flag(name: .long, help: "Continue the most recent session.")
    var last = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Compact the resumed session first (a summary replaces its history); the value says what to keep.",
            valueName: "focus"))
    var compact: String?

    @Argument(help: "The prompt, or - to read it from standard input (optional with --compact).")
    var prompt: String?

    func validate() throws {
        if compact != nil && resume == nil && !last {
            throw ValidationError("--compact works on a resumed session: add --last or --resume ID")
        }
        if prompt == nil && compact == nil { throw ValidationError("missing the prompt (or - to read it from stdin)") }
    }

    func run() async throws {
        let code: Int32
        do {
            code = try await execute()
        } catch {
            Terminal.fail(error)
        }
        if code != 0 { throw ExitCode(code) }
    }

    private func readPrompt() throws -> String? {
        guard let prompt, prompt == "-" else { return prompt }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CLIError("the prompt read from standard input is empty") }
        return text
    }

    private func execute() async throws -> Int32 {
        let text = try readPrompt()
        let config = try Wiring.loadConfig(flags: try common.flags())
        let engine = try Wiring.engine(config: config)
        let provider = try engine.resolveProvider()
        let resumeURL = (resume != nil || last) ? try Transcript.find(resume, in: config.paths.sessions) : nil
        // MCP servers start behind the turn; a call to one still starting waits for it (DECISIONS 45).
        let mcp = try Wiring.mcp(config: config, http: engine.pool)
        defer { mcp?.shutdownNow() }
        let session = try engine.makeSession(
            provider: provider, tools: try Wiring.tools(config: config, http: engine.pool, mcp: mcp),
            resume: resumeURL)
        // Never in the way of the first token: the lists are read beside the turn, for the next run.
        let catalogRefresh = engine.refreshCatalogs(for: await session.options)
        let printer = ExecPrinter(
            json: json, showThinking: !noThinking,
            dim: Terminal.dimsThinking(noColor: engine.settings.runtime.noColor, term: config.text("TERM")))
        let interrupt = InterruptWatcher { Task { await session.interrupt() } }
        let inbox = EventInbox(session.events)
        var outcome: TurnSummary.Outcome = .completed
        if let compact {
            await session.compact(focus: compact.isEmpty ? nil : compact)
            outcome = await Self.untilTurnDone(inbox, printer)
        }
        if let text, outcome == .completed {
            await session.send(text, attachments: [])
            outcome = await Self.untilTurnDone(inbox, printer)
        }
        interrupt.cancel()
        printer.finish()
        await session.close()
        await Self.settle(catalogRefresh, within: Self.catalogGrace)
        await mcp?.shutdown()
        await engine.shutdown()
        switch outcome {
        case .completed: return 0
        case .interrupted: return 130
        case .failed, .stepLimit: return 1
        }
    }

    /// How long a model-list read still under way when the turn is over may take to land in the cache (it is for
    /// the next run). Only a stale or missing list is read at all (once an hour per provider); a fresh one costs
    /// nothing here, and a slow list endpoint is given up on rather than waited for.
    static let catalogGrace: Double = 0.3

    /// Waits for `task` to end by itself, cancelling it after `seconds`.
    static func settle(_ task: Task<Void, Never>, within seconds: Double) async {
        let deadline = Task {
            guard (try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))) != nil else { return }
            task.cancel()
        }
        await task.value
        deadline.cancel()
    }

    /// Prints the session's events until the running turn (or compaction) ends; how it ended. What arrived
    /// together is written together: the printer flushes whenever no further event is waiting, never later.
    private static func untilTurnDone(_ inbox: EventInbox, _ printer: ExecPrinter) async -> TurnSummary.Outcome {
        while let event = await inbox.next() {
            printer.print(event)
            if case .turnDone(let s) = event {
                printer.finish()
                return s.outcome
            }
            if !inbox.hasPending { printer.flush() }
        }
        printer.flush()
        return .failed
    }
}

/// Turns SIGINT into an interrupt of the running turn (the partial answer stays printed).
final class InterruptWatcher {
    private let source: DispatchSourceSignal

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: onInterrupt)
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
