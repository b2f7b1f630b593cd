import Foundation
import Testing
import SXCore

@Suite struct ConfigCLITests {
    @Test func setGetUnsetWithMaskingBackupsAndValidation() throws {
        let cli = CLI()
        let file = cli.home.appendingPathComponent("scorpiox-env.txt")
        try "# my settings\nexport THEME=sx-dark\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run(["config", "set", "MODEL", "gpt-5.5"]).status == 0)
        let secret = "sk-cfgtest-SECRET-0123456789"
        let set = try cli.run(["config", "set", "OPENAI_API_KEY", "-"], stdin: secret + "\n")
        #expect(set.status == 0)
        #expect(!set.stderr.contains(secret))
        let get = try cli.run(["config", "get", "OPENAI_API_KEY"])
        #expect(get.stdout == "sk-…6789\n")
        #expect(try cli.run(["config", "get", "MODEL"]).stdout == "gpt-5.5\n")
        let show = try cli.run(["config", "show"])
        #expect(!show.stdout.contains(secret))
        #expect(show.stdout.contains("MODEL=gpt-5.5"))
        let bad = try cli.run(["config", "set", "MAX_STEPS", "zero"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("MAX_STEPS=zero is not valid"))
        let unknown = try cli.run(["config", "set", "NOPE", "1"])
        #expect(unknown.status == 1)
        #expect(try cli.run(["config", "unset", "MODEL"]).status == 0)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == "# my settings\nexport THEME=sx-dark\nOPENAI_API_KEY=\(secret)\n")
        var mode = stat()
        stat(file.path, &mode)
        #expect(mode.st_mode & 0o777 == 0o600)
        let backups = try FileManager.default.contentsOfDirectory(
            atPath: cli.home.appendingPathComponent("backups").path)
        #expect(backups.contains { $0.hasPrefix("scorpiox-env.txt.") })
    }

    /// `sx config keys` prints the settings table; `--markdown` is exactly the README's copy.
    @Test func keysPrintsTheTable() throws {
        let cli = CLI()
        let text = try cli.run(["config", "keys"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("  RETRY_WAIT_MAX ") && text.stdout.contains("default: 60"))
        #expect(text.stdout.contains("  NO_COLOR ") && text.stdout.contains("environment only"))
        let md = try cli.run(["config", "keys", "--markdown"])
        #expect(md.status == 0)
        #expect(md.stdout == SettingsTable.markdown())
        #expect(md.stdout.hasPrefix("| key | section | values | default | meaning |\n"))
    }
}
