import ArgumentParser
import Foundation
import SXCore
import SXAuth
import SXEngine

/// `sx config`: show and edit `scorpiox-env.txt` (secrets masked, values validated, atomic writes with a backup).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show and edit settings in $SX_HOME/scorpiox-env.txt.",
        discussion:
            "With no subcommand: an interactive editor. `sx config get KEY`, `sx config set KEY VALUE` (VALUE - reads it from stdin, for secrets), `sx config unset KEY`, `sx config keys` (every key sx reads).",
        subcommands: [Edit.self, Get.self, Set.self, Unset.self, Show.self, Keys.self], defaultSubcommand: Edit.self)

    static func display(_ key: String, _ value: String?) -> String { SettingsTable.display(key, value) }

    static func file(project: Bool, config: Config) -> URL {
        project ? config.workingDirectory.appendingPathComponent("scorpiox-env.txt") : config.paths.envFile
    }

    /// Writes one key after checking that the resulting configuration is valid.
    static func write(_ key: String, _ value: String?, project: Bool) throws {
        guard ConfigKeys.known[key] != nil else {
            throw CLIError("unknown key \(key) (known keys: sx config show)")
        }
        var config = try Config.load()
        if let value { config.set(key, value, source: "the new value") }
        try config.validate()
        let paths = config.paths
        try paths.ensureHome()
        let target = file(project: project, config: config)
        let backup = try EnvFileEditor.set(key, to: value, in: target, backups: paths.backups)
        Terminal.err(
            "sx: \(value == nil ? "removed" : "set") \(key) in \(target.path)"
                + (backup.map { " (backup: \($0.lastPathComponent))" } ?? ""))
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Every key with its value and where it comes from.")
        func run() async throws {
            do {
                let config = try Config.load()
                for key in ConfigKeys.known.keys.sorted() {
                    let v = config.values[key]
                    print("\(key)=\(ConfigCommand.display(key, v?.value))" + (v.map { "    # \($0.source)" } ?? ""))
                }
            } catch { Terminal.fail(error) }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Print a key's effective value (secrets masked).")
        @Argument var key: String
        @Flag(name: .long, help: "Print a secret value in full.") var reveal = false
        func run() async throws {
            do {
                guard ConfigKeys.known[key] != nil else { throw CLIError("unknown key \(key)") }
                let config = try Config.load()
                guard let v = config[key] else { throw CLIError("\(key) is not set", code: 1) }
                print(reveal ? v : ConfigCommand.display(key, v))
            } catch { Terminal.fail(error) }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set a key in $SX_HOME/scorpiox-env.txt.")
        @Argument var key: String
        @Argument(help: "The value, or - to read it from standard input (keeps secrets off the command line).")
        var value: String
        @Flag(name: .long, help: "Write ./scorpiox-env.txt instead.") var project = false
        func run() async throws {
            do {
                var v = value
                if v == "-" {
                    v = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                }
                try ConfigCommand.write(key, v, project: project)
            } catch { Terminal.fail(error) }
        }
    }

    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unset", abstract: "Remove a key from $SX_HOME/scorpiox-env.txt.")
        @Argument var key: String
        @Flag(name: .long, help: "Edit ./scorpiox-env.txt instead.") var project = false
        func run() async throws {
            do { try ConfigCommand.write(key, nil, project: project) } catch { Terminal.fail(error) }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Interactive editor (the default).")
        func run() async throws {
            do {
                while true {
                    let config = try Config.load()
                    let keys = ConfigKeys.known.keys.sorted()
                    print("Settings (\(config.paths.envFile.path)):")
                    for (i, key) in keys.enumerated() {
                        let v = config.values[key]
                        let num = String(i + 1).padding(toLength: 3, withPad: " ", startingAt: 0)
                        print(
                            "  \(num) \(key.padding(toLength: 22, withPad: " ", startingAt: 0)) \(ConfigCommand.display(key, v?.value))"
                        )
                    }
                    Terminal.write("Number or key to change (Enter to quit): ", fd: 1)
                    guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), !answer.isEmpty else { return }
                    let key =
                        Int(answer).flatMap { $0 >= 1 && $0 <= keys.count ? keys[$0 - 1] : nil } ?? answer.uppercased()
                    guard ConfigKeys.known[key] != nil else { print("unknown key \(answer)"); continue }
                    print("\(key): \(ConfigKeys.known[key]!)")
                    let secret = ConfigKeys.secret.contains(key)
                    let prompt = "New value for \(key) (empty to remove)\(secret ? ", not echoed" : ""): "
                    guard
                        let value = secret
                            ? readSecret(prompt)
                            : {
                                Terminal.write(prompt, fd: 1); return readLine()
                            }()
                    else { return }
                    do {
                        try ConfigCommand.write(key, value.isEmpty ? nil : value, project: false)
                    } catch {
                        print("not saved: \(error)")
                    }
                }
            } catch { Terminal.fail(error) }
        }

        /// Reads a line with echo off (on a terminal), so a typed key never shows on the screen.
        func readSecret(_ prompt: String) -> String? {
            Terminal.write(prompt, fd: 1)
            var old = termios()
            let tty = isatty(0) == 1 && tcgetattr(0, &old) == 0
            if tty {
                var noEcho = old
                noEcho.c_lflag &= ~tcflag_t(ECHO)
                tcsetattr(0, TCSANOW, &noEcho)
            }
            defer {
                if tty { tcsetattr(0, TCSANOW, &old); Terminal.write("\n", fd: 1) }
            }
            return readLine()
        }
    }
}
