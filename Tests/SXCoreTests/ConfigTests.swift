import Foundation
import Testing
@testable import SXCore

@Suite struct ConfigTests {
    func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("sx-config-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func parsesCommentsQuotesAndExport() throws {
        let f = try EnvFile.parse(
            """
            # a comment

            export PROVIDER=codex
            MODEL = "gpt-5.5"
            THEME='sx-dark' # trailing comment
            FALLBACK_MODELS=anthropic/sonnet,google/gemini-pro   # inline
            CODEX_SSH_PASS="p@ss \\"word\\""
            \tTOOLS=0\r
            """, path: "f.txt")
        let m = Dictionary(uniqueKeysWithValues: f.entries.map { ($0.key, $0.value) })
        #expect(m["PROVIDER"] == "codex")
        #expect(m["MODEL"] == "gpt-5.5")
        #expect(m["THEME"] == "sx-dark")
        #expect(m["FALLBACK_MODELS"] == "anthropic/sonnet,google/gemini-pro")
        #expect(m["CODEX_SSH_PASS"] == "p@ss \"word\"")
        #expect(m["TOOLS"] == "0")
        #expect(f.entries.first { $0.key == "MODEL" }?.line == 4)
    }

    @Test func malformedLinesNameFileAndLine() {
        #expect(throws: ConfigError.malformedLine(file: "x.txt", line: 2, reason: "expected KEY=VALUE")) {
            try EnvFile.parse("A=1\nnot a setting\n", path: "x.txt")
        }
        #expect(throws: ConfigError.malformedLine(file: "x.txt", line: 1, reason: "unterminated quote")) {
            try EnvFile.parse("MODEL=\"open", path: "x.txt")
        }
        #expect(throws: ConfigError.malformedLine(file: "x.txt", line: 1, reason: "'1BAD' is not a valid key name")) {
            try EnvFile.parse("1BAD=x", path: "x.txt")
        }
    }

    @Test func quoteRoundTrips() throws {
        for v in ["plain", "with space", "quote\"in", "back\\slash", "hash # sign", "", "multi\nline"] {
            let f = try EnvFile.parse("K=\(EnvFile.quote(v))", path: "q")
            #expect(f.entries.first?.value == v)
        }
    }

    @Test func layersOverrideInOrder() throws {
        let home = tempDir(), project = tempDir()
        try "PROVIDER=codex\nMODEL=a\nTHEME=one\nMAX_STEPS=5\nBOGUS=1\n".write(
            to: home.appendingPathComponent("scorpiox-env.txt"), atomically: true, encoding: .utf8)
        try "MODEL=b\nTHEME=two\n".write(
            to: project.appendingPathComponent("scorpiox-env.txt"), atomically: true, encoding: .utf8)
        let c = try Config.load(
            environment: ["SX_HOME": home.path, "THEME": "three", "UNRELATED": "x"],
            workingDirectory: project, flags: ["MODEL": "c"])
        #expect(c["PROVIDER"] == "codex")
        #expect(c["MODEL"] == "c")
        #expect(c["THEME"] == "three")
        #expect(try c.maxSteps() == 5)
        #expect(c.source(of: "MAX_STEPS") == home.appendingPathComponent("scorpiox-env.txt").path + ":4")
        #expect(c["UNRELATED"] == nil)
        #expect(c.warnings.count == 1)
        #expect(c.warnings[0].contains("unknown key BOGUS"))
        #expect(c.warnings[0].contains(":5"))
    }

    @Test func defaultsAndTypedValues() throws {
        let home = tempDir()
        let c = try Config.load(environment: ["SX_HOME": home.path], workingDirectory: home)
        #expect(try c.providerChoice() == .auto)
        #expect(try c.toolsEnabled() == true)
        #expect(try c.maxSteps() == 50)
        let d = try Config.load(
            environment: ["SX_HOME": home.path, "PROVIDER": "gemini", "TOOLS": "0"], workingDirectory: home)
        #expect(try d.providerChoice() == .fixed(.google))
        #expect(try d.toolsEnabled() == false)
    }

    @Test func badValuesNameTheirSource() throws {
        let home = tempDir()
        try "TOOLS=maybe\n".write(
            to: home.appendingPathComponent("scorpiox-env.txt"), atomically: true, encoding: .utf8)
        let c = try Config.load(environment: ["SX_HOME": home.path], workingDirectory: home)
        do {
            try c.validate()
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)".hasPrefix(
                    "\(home.appendingPathComponent("scorpiox-env.txt").path):1: TOOLS=maybe is not valid (expected 1, 0 or a comma-separated list of: "
                ))
        }
        let u = try Config.load(
            environment: ["SX_HOME": home.path, "TOOLS": "1", "CODEX_BASE_URL": "ftp:/x"], workingDirectory: home)
        #expect(throws: ConfigError.self) { try u.validate() }
    }

    @Test func everyArchitectureKeyIsKnown() {
        for k in [
            "PROVIDER", "MODEL", "TOOLS", "THEME", "FALLBACK_MODELS", "CODEX_TOKEN_SOURCE", "CODEX_REMOTE_URL",
            "CODEX_SSH_HOST", "CODEX_SSH_USER", "CODEX_SSH_PASS", "CODEX_SSH_PORT", "CODEX_SSH_KEY", "CODEX_BASE_URL",
            "CODEX_AUTH_ISSUER", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CLAUDE_AUTH_URL", "OPENAI_API_KEY",
            "OPENAI_BASE_URL", "GEMINI_API_KEY", "GEMINI_BASE_URL", "ROUTER_URL", "SX_HOME", "APPROVAL", "MAX_STEPS",
            "OPENAI_API", "ROTATE_AT_PERCENT", "WATCH_INTERVAL", "WATCH_PRIORITY", "CODEX_REMOTE_TOKEN",
            "CODEX_SSH_PATH", "CODEX_SSH_KNOWN_HOSTS", "SX_CA_CERTIFICATE", "CODEX_ORIGINATOR"
        ] {
            #expect(ConfigKeys.known[k] != nil, "\(k)")
        }
    }
}
