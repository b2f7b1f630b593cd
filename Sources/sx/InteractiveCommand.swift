import Foundation
import SXAuth
import SXEngine

/// `sx` with no subcommand. Until the full-screen interface is wired in, a plain line-mode conversation on the same
/// engine: type a prompt, see the streamed answer, `/quit` or Ctrl+D to leave.
struct InteractiveCommand {
    let common: CommonOptions

    func run() async throws {
        do {
            let config = try Wiring.loadConfig(flags: try common.flags())
            let engine = try Wiring.engine(config: config)
            let provider = try engine.resolveProvider()
            let session = try engine.makeSession(provider: provider, tools: try Wiring.tools(config: config))
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
            await session.close()
            await engine.shutdown()
        } catch {
            Terminal.fail(error)
        }
    }
}
