import Foundation
import Testing
@testable import SXCore

/// The one table of settings keys (DECISIONS 36): its defaults, its checks, its masking and the README built from it.
@Suite struct SettingKeysTests {
    func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("sx-keys-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func everyDefaultPassesItsOwnCheck() {
        for key in SettingKeys.all {
            if let d = key.defaultValue { #expect(key.kind.accepts(d), "\(key.name)=\(d)") }
            #expect(!key.help.isEmpty, "\(key.name) has no help")
        }
        #expect(Set(SettingKeys.all.map(\.name)).count == SettingKeys.all.count, "a key is in the table twice")
    }

    @Test func defaultsReachTheTypedSections() throws {
        let home = tempDir()
        let s = try Settings(Config.load(environment: ["SX_HOME": home.path], workingDirectory: home))
        #expect(s.model.maxSteps == 50 && s.model.provider == .auto && s.model.model == nil)
        #expect(s.tools.enabled && s.tools.approval == nil)
        #expect(s.failover.retryWaitMax == 60 && s.failover.rotateAtPercent == 95 && s.failover.watchInterval == 600)
        #expect(s.endpoints.codexBaseURL.absoluteString == "https://chatgpt.com/backend-api/codex")
        #expect(s.endpoints.openAIAPI == .responses && s.endpoints.routerAPI == .chat && s.endpoints.routerURL == nil)
        #expect(s.endpoints.geminiContextCache && s.endpoints.anthropicVersion == "2023-06-01")
        #expect(s.runtime.demoDelayMs == 12 && !s.runtime.noColor)
        let set = try Settings(
            Config.load(
                environment: [
                    "SX_HOME": home.path, "RETRY_WAIT_MAX": "0", "GEMINI_CONTEXT_CACHE": "0", "OPENAI_API": "Chat",
                    "ROUTER_URL": "http://127.0.0.1:9/v1", "APPROVAL": "AUTO", "NO_COLOR": "1", "SX_DEMO_DELAY_MS": "0"
                ], workingDirectory: home))
        #expect(set.failover.retryWaitMax == 0 && !set.endpoints.geminiContextCache && set.endpoints.openAIAPI == .chat)
        #expect(set.endpoints.routerURL?.host == "127.0.0.1" && set.tools.approval == "auto")
        #expect(set.runtime.noColor && set.runtime.demoDelayMs == 0)
    }

    /// A value no check accepts, for every key that checks its values: the error names the file, the line and the
    /// key (or `environment` for the keys only the environment sets).
    @Test func aBadValueNamesFileLineAndKey() throws {
        let bad = "??bad??"
        for key in SettingKeys.all where key.kind.expected != nil {
            let home = tempDir()
            let file = home.appendingPathComponent("scorpiox-env.txt")
            var env = ["SX_HOME": home.path]
            let source: String
            if key.origin == .anywhere {
                try "# comment\n\(key.name)=\(bad)\n".write(to: file, atomically: true, encoding: .utf8)
                source = "\(file.path):2"
            } else {
                env[key.name] = bad
                source = "environment"
            }
            let c = try Config.load(environment: env, workingDirectory: home)
            do {
                try c.validate()
                Issue.record("\(key.name)=\(bad) was accepted")
            } catch {
                let text = "\(error)"
                #expect(text.hasPrefix("\(source): \(key.name)=\(bad) is not valid (expected "), "\(text)")
                #expect(!text.contains("\n"))
            }
        }
    }

    @Test func existingErrorTextsStay() throws {
        let home = tempDir()
        let c = try Config.load(environment: ["SX_HOME": home.path, "RETRY_WAIT_MAX": "-1"], workingDirectory: home)
        #expect(
            throws: ConfigError.badValue(
                key: "RETRY_WAIT_MAX", value: "-1", source: "environment",
                expected: "a whole number of seconds from 0 to 3600")
        ) { try c.validate() }
        let p = try Config.load(environment: ["SX_HOME": home.path, "PROVIDER": "Nope"], workingDirectory: home)
        #expect(
            throws: ConfigError.badValue(
                key: "PROVIDER", value: "Nope", source: "environment",
                expected: "auto, codex, claude-code, anthropic, openai, google, router or demo")
        ) {
            try p.validate()
        }
    }

    @Test func environmentOnlyKeysStayUnknownInFiles() throws {
        let home = tempDir()
        try "NO_COLOR=1\nSX_DEMO_DELAY_MS=5\n".write(
            to: home.appendingPathComponent("scorpiox-env.txt"), atomically: true,
            encoding: .utf8)
        let c = try Config.load(environment: ["SX_HOME": home.path], workingDirectory: home)
        #expect(c.warnings.count == 2)
        #expect(c.warnings.allSatisfy { $0.contains("unknown key") })
        #expect(try RuntimeSettings(c).demoDelayMs == 12)
        #expect(ConfigKeys.known["SX_DEMO_DELAY_MS"] == nil && ConfigKeys.known["MAX_STEPS"] != nil)
    }

    @Test func secretsAreMaskedWhereverShown() {
        let secret = "sk-table-SECRET-0123456789"
        #expect(
            ConfigKeys.secret == [
                "CODEX_REMOTE_TOKEN", "CODEX_SSH_PASS", "ANTHROPIC_API_KEY", "OPENAI_API_KEY",
                "GEMINI_API_KEY", "ROUTER_API_KEY"
            ])
        for key in ConfigKeys.secret {
            #expect(!SettingsTable.display(key, secret).contains("SECRET"), "\(key)")
        }
        #expect(SettingsTable.display("MODEL", "gpt-5.5") == "gpt-5.5")
        #expect(SettingsTable.display("MODEL", nil) == "(unset)")
        let home = tempDir()
        let keys = APIKeySettings(
            Config(
                paths: SXPaths(home: home), workingDirectory: home,
                values: ["OPENAI_API_KEY": .init(value: secret, source: "test")]))
        #expect(keys.openai == secret)
        #expect(!"\(keys)".contains("SECRET"))
    }

    @Test func autoCompactionIsOnAtNinetyAndCanBeTurnedOff() throws {
        let home = tempDir()
        func model(_ values: [String: String]) throws -> ModelSettings {
            try ModelSettings(
                Config(
                    paths: SXPaths(home: home), workingDirectory: home,
                    values: values.mapValues { .init(value: $0, source: "test") }))
        }
        #expect(try model([:]).autoCompactPercent == 90)
        #expect(try model(["AUTO_COMPACT_PERCENT": "75"]).autoCompactPercent == 75)
        #expect(try model(["AUTO_COMPACT": "0", "AUTO_COMPACT_PERCENT": "75"]).autoCompactPercent == nil)
        #expect(throws: (any Error).self) { try model(["AUTO_COMPACT_PERCENT": "5"]) }
    }

    @Test func tablesListEveryKey() {
        let text = SettingsTable.text()
        let md = SettingsTable.markdown()
        for key in SettingKeys.all {
            #expect(text.contains("  \(key.name) "), "\(key.name)")
            #expect(md.contains("| `\(key.name)` |"), "\(key.name)")
        }
        #expect(md.split(separator: "\n").count == SettingKeys.all.count + 2)
    }

    /// The README's key table is `sx config keys --markdown`. `SX_RECORD_README=1` rewrites it.
    @Test func readmeTableIsTheGeneratedOne() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        if ProcessInfo.processInfo.environment["SX_RECORD_README"] == "1",
            let updated = SettingsTable.replacingGeneratedPart(of: text)
        {
            try updated.write(to: readme, atomically: true, encoding: .utf8)
            return
        }
        let part = SettingsTable.generatedPart(of: text)
        #expect(part != nil, "README.md lacks the lines \(SettingsTable.beginMarker) … \(SettingsTable.endMarker)")
        #expect(
            part == SettingsTable.markdown(),
            """
            README.md's key table differs from Sources/SXCore/Settings/SettingKeys.swift; regenerate it with \
            `SX_RECORD_README=1 swift test --skip-build --filter readmeTableIsTheGeneratedOne` \
            (or paste `sx config keys --markdown` between the markers)
            """)
    }
}
