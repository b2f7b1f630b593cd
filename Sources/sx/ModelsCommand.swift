import SXCore
import ArgumentParser
import Foundation
import SXCore
import SXAuth
import SXEngine

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Models, fallbacks and the state of every profile.",
        subcommands: [Status.self, Watch.self, List.self], defaultSubcommand: Status.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Each provider's models from its own list, with their capabilities.",
            discussion:
                "Read from $SX_HOME/models/ (no network) unless a list is missing or --refresh is given; each fact says whether the server or sx's built-in table gave it."
        )
        @Flag(name: .long, help: "Read the lists from the servers now.") var refresh = false
        @Flag(name: .long, help: "Machine-readable output.") var json = false
        @OptionGroup var common: CommonOptions

        func run() async throws {
            do {
                let config = try Wiring.loadConfig(flags: try common.flags())
                let engine = try Wiring.engine(config: config)
                // --provider (of the common options) narrows the list to one provider; without it, every one with a login.
                let reports = try await ModelsListing.reports(engine: engine, only: common.provider, refresh: refresh)
                await engine.shutdown()
                ModelsListing.print(reports, json: json)
            } catch {
                Terminal.fail(error)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "The active model, its fallbacks and each profile's state.")
        @Flag(name: .long, help: "Machine-readable output, with unusableProfiles sorted by remaining time.") var json =
            false
        @Flag(name: .long, help: "Exit 1 if a profile in use is expired or missing, 2 if one expires within 24 h.")
        var check = false
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let code: Int32
            do {
                let config = try Wiring.loadConfig(flags: try common.flags())
                let options = try await Wiring.sessionOptions(config: config)
                let doc = try ProfileStore(paths: config.paths).load()
                let now = Date()
                let report = ProfileStatusReport.build(
                    doc: doc, active: ModelRef(provider: options.provider, model: options.model),
                    fallbacks: options.fallbacks, now: now)
                if json {
                    let data = JSONBody.encodePretty(.object(report.json), trailingNewline: false)
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

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Move to the best usable model of WATCH_PRIORITY whenever it changes (every WATCH_INTERVAL s).",
            discussion: "Prints one line when the effective model changes; state in $SX_HOME/model-switch.json.")
        @Flag(name: .long, help: "Check once and exit (for cron).") var once = false
        @OptionGroup var common: CommonOptions

        func run() async throws {
            do {
                let config = try Wiring.loadConfig(flags: try common.flags())
                let engine = try Wiring.engine(config: config)
                let options = try await Wiring.sessionOptions(engine: engine)
                let priority = try WatchPriority.resolve(
                    engine: engine, active: ModelRef(provider: options.provider, model: options.model),
                    fallbacks: options.fallbacks)
                await engine.shutdown()
                let watcher = ModelWatcher(
                    priority: priority, stateFile: config.paths.modelSwitch,
                    configKeyProviders: ConfigKeyCredentials.providers(engine.settings.apiKeys))
                let interval = engine.settings.failover.watchInterval
                let store = ProfileStore(paths: config.paths)
                while true {
                    let now = Date()
                    let doc = try store.load()
                    let (decision, changed) = try watcher.check(doc: doc, now: now)
                    if let changed {
                        print(changed)
                    } else if once {
                        print("model: \(decision.effective) (unchanged)")
                    }
                    if once { return }
                    // Wake early when the soonest cooldown ends, so a recovered model is picked up at once.
                    let wait = max(
                        1, watcher.nextCheck(doc: doc, now: now, interval: Double(interval)).timeIntervalSince(now))
                    try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                }
            } catch {
                Terminal.fail(error)
            }
        }
    }
}
