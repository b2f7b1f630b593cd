import ArgumentParser
import SXCore

extension ConfigCommand {
    /// `sx config keys`: the table of every key sx reads (`SettingKeys`), the README's table with `--markdown`.
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys", abstract: "Every key sx reads: what it takes, its default and what it is for.")
        @Flag(name: .long, help: "Print the markdown table of the README.") var markdown = false
        func run() async throws {
            print(markdown ? SettingsTable.markdown() : SettingsTable.text(), terminator: "")
        }
    }
}
