import ArgumentParser
import Foundation
import SXAuth
import SXEngine

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Models, fallbacks and the state of every profile.",
        subcommands: [Status.self], defaultSubcommand: Status.self)

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "The active model, its fallbacks and each profile's state.")
        @Flag(name: .long, help: "Machine-readable output, with unusableProfiles sorted by remaining time.") var json = false
        @Flag(name: .long, help: "Exit 1 if a profile in use is expired or missing, 2 if one expires within 24 h.") var check = false
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let code: Int32
            do {
                let config = try Wiring.loadConfig(flags: try common.flags())
                let engine = try Wiring.engine(config: config)
                let provider = try engine.resolveProvider()
                let session = try engine.makeSession(provider: provider, tools: NoTools(), recordTranscript: false)
                let options = await session.options
                await session.close()
                await engine.shutdown()
                let doc = try ProfileStore(paths: config.paths).load()
                let now = Date()
                let report = ProfileStatusReport.build(doc: doc, active: ModelTarget(provider: options.provider, model: options.model),
                                                       fallbacks: options.fallbacks, now: now)
                if json {
                    let data = try JSONSerialization.data(withJSONObject: report.json, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print(report.text, terminator: "")
                }
                code = check ? report.checkStatus(activeProvider: options.provider, doc: doc, now: now) : 0
            } catch {
                Terminal.fail(error)
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}
