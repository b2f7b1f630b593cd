import ArgumentParser
import Foundation
import SXCore
import SXEngine

@main
struct SX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sx",
        abstract: "A terminal coding agent: talk to a model that reads, edits and runs code in this folder.",
        discussion: """
            Run `sx` for the interactive session (the offline demo when you have no login yet), or `sx exec PROMPT`
            for one headless turn. Log in with `sx auth login`. Settings: $SX_HOME/scorpiox-env.txt, ./scorpiox-env.txt,
            environment variables, then flags.
            """,
        version: SXVersion.long,
        subcommands: [
            ChatCommand.self, ExecCommand.self, AuthCommand.self, CodexFetchTokenCommand.self, ConfigCommand.self,
            ModelsCommand.self, SessionsCommand.self, MCPCommand.self, CompletionCommand.self, ManCommand.self
        ],
        defaultSubcommand: ChatCommand.self
    )
}

/// `sx` with no subcommand (or `sx chat`): the interactive session.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "The interactive session (the default).")

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "A plain line-by-line conversation instead of the full-screen interface.")
    var plain = false

    @Option(name: .long, help: "Continue an earlier session (its id or a unique prefix; see `sx sessions list`).")
    var resume: String?

    @Flag(name: .long, help: "Continue the most recent session.")
    var last = false

    func run() async throws {
        try await InteractiveCommand(common: common, plain: plain, resume: resume, last: last).run()
    }
}
