import ArgumentParser

@main
struct SX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sx", abstract: "A terminal coding agent.",
        subcommands: [AuthCommand.self, CodexFetchTokenCommand.self])
}
