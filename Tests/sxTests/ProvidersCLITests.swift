import Foundation
import Testing
import SXTestSupport

/// `sx exec` through every key- or OAuth-based provider against its loopback mock: the two-step tool loop
/// (`read_file` of README.md, then the answer) and the provider's 429.
@Suite struct ProvidersCLITests {
    func setUp(_ kind: ProviderScenarios.Kind, _ cli: CLI, baseURL: String) throws -> [String: String] {
        var env: [String: String] = ["GEMINI_CONTEXT_CACHE": "0"]
        for line in ProviderScenarios.environment(kind, baseURL: baseURL) {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            env[parts[0]] = parts[1]
        }
        switch kind {
        case .anthropic: env["PROVIDER"] = "anthropic"; env["ANTHROPIC_API_KEY"] = "sk-ant-cli-test-000000000001"
        case .openai, .openaiChat: env["PROVIDER"] = "openai"; env["OPENAI_API_KEY"] = "sk-cli-test-openai-000000001"
        case .google: env["PROVIDER"] = "google"; env["GEMINI_API_KEY"] = "AIzaCliTest000000000000000000000000001"
        case .router: env["PROVIDER"] = "router"
        case .claudeCode:
            env["PROVIDER"] = "claude-code"
            let exp = (Int64(Date().timeIntervalSince1970) + 86400) * 1000
            let store =
                #"{"version":1,"profiles":{"claude-code:max":{"type":"oauth","provider":"claude-code","access":"sk-ant-oat01-cli-test-0000000001","refresh":"sk-ant-ort01-cli-test-0000000001","expires":\#(exp)}}}"#
            try store.write(
                to: cli.home.appendingPathComponent("auth-profiles.json"), atomically: true, encoding: .utf8)
        }
        return env
    }

    @Test(arguments: ProviderScenarios.Kind.allCases)
    func toolLoopThroughExec(_ kind: ProviderScenarios.Kind) throws {
        let cli = CLI()
        try "# Provider test\n".write(
            to: cli.workdir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let mock = try ProviderMock(replies: ProviderScenarios.replies(kind, scenario: "tool"))
        defer { mock.stop() }
        let env = try setUp(kind, cli, baseURL: mock.baseURL)
        let r = try cli.run(["exec", "read the readme"], extraEnv: env)
        #expect(r.status == 0, "\(kind): \(r.stderr)")
        #expect(r.stdout.hasSuffix("Here is the answer.\n"), "\(kind): \(r.stdout)")
        #expect(r.stderr.contains("read_file"))
        #expect(mock.requests.count == 2)
        #expect(String(decoding: mock.requests[1].body, as: UTF8.self).contains("Provider test"))
        for v in env.values where v.count > 20 && (v.hasPrefix("sk-") || v.hasPrefix("AIza")) {
            #expect(!r.stdout.contains(v) && !r.stderr.contains(v))
        }
    }

    @Test(arguments: ProviderScenarios.Kind.allCases)
    func rateLimitIsClassified(_ kind: ProviderScenarios.Kind) throws {
        let cli = CLI()
        let mock = try ProviderMock(replies: ProviderScenarios.replies(kind, scenario: "rate-limit"))
        defer { mock.stop() }
        // The classification, not the wait: these resets (12 s, 30 s, 46 s) would otherwise be waited out.
        let env = try setUp(kind, cli, baseURL: mock.baseURL).merging(["RETRY_WAIT_MAX": "0"]) { $1 }
        let r = try cli.run(["exec", "hi"], extraEnv: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("rate limited"), "\(kind): \(r.stderr)")
        #expect(r.stderr.contains("resets at"), "\(kind): \(r.stderr)")
        if kind == .anthropic || kind == .claudeCode { #expect(r.stderr.contains("2026-11-22 04:00 UTC")) }
    }
}
