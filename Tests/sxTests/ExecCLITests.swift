import Foundation
import Testing
import SXTestSupport

@Suite struct ExecCLITests {
    @Test func versionAndHelp() throws {
        let cli = CLI()
        let v = try cli.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("0.1.0"))
        let h = try cli.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("exec"))
        let eh = try cli.run(["exec", "--help"])
        #expect(eh.stdout.contains("--json"))
        #expect(eh.stdout.contains("--no-thinking"))
    }

    /// `sx --version` names the commit it was built from (the CommitStamp plugin), "unknown" outside a git checkout.
    @Test func versionNamesTheCommit() throws {
        let v = try CLI().run(["--version"])
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let git = Spawn.run(
            ["/usr/bin/env", "git", "-C", repo.path, "rev-parse", "--short=12", "HEAD"], captureStdout: true)
        let head = git.status == 0 ? git.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : ""
        if head.isEmpty {
            #expect(v.stdout.contains("(unknown)") || v.stdout.contains("("))
        } else {
            #expect(v.stdout.contains(head), "\(v.stdout) does not name \(head)")
        }
    }

    @Test func demoStreamsOfflineAndSaysHowToLogIn() throws {
        let cli = CLI()
        let r = try cli.run(["exec", "--provider", "demo", "hello"])
        #expect(r.status == 0)
        let first = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("Offline demo"))
        #expect(first.contains("sx auth login"))
        #expect(r.stdout.contains("You said: **hello**"))
        #expect(r.stderr.contains("Now I can answer"))
        let quiet = try cli.run(["exec", "--provider", "demo", "--no-thinking", "hello"])
        #expect(!quiet.stderr.contains("Now I can answer"))
    }

    @Test func autoFallsBackToTheDemoWithoutCredentials() throws {
        let r = try CLI().run(["exec", "hi"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Offline demo"))
    }

    @Test func promptFromStandardInput() throws {
        let r = try CLI().run(["exec", "--provider", "demo", "-"], stdin: "from stdin\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("You said: **from stdin**"))
        let empty = try CLI().run(["exec", "--provider", "demo", "-"], stdin: "")
        #expect(empty.status == 1)
        #expect(empty.stderr == "sx: the prompt read from standard input is empty\n")
    }

    @Test func jsonWritesOneObjectPerEvent() throws {
        let r = try CLI().run(["exec", "--provider", "demo", "--json", "hello"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 5)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count)
        // The meter first (the prompt is in the window), then the request.
        #expect(objects.first?["type"] as? String == "context")
        #expect(objects.first?["percent_left"] as? Int == 100 || objects.first?["percent_left"] as? Int == 99)
        #expect(objects.dropFirst().first?["type"] as? String == "request_started")
        #expect(objects.last?["type"] as? String == "turn_done")
        #expect(objects.last?["outcome"] as? String == "completed")
        #expect(objects.contains { $0["type"] as? String == "thinking_delta" })
    }

    @Test func malformedConfigNamesFileAndLine() throws {
        let cli = CLI()
        try "MODEL=x\nthis is not a setting\n".write(
            to: cli.workdir.appendingPathComponent("scorpiox-env.txt"), atomically: true, encoding: .utf8)
        let r = try cli.run(["exec", "hi"])
        #expect(r.status == 1)
        let path = cli.workdir.appendingPathComponent("scorpiox-env.txt").standardizedFileURL.path
        #expect(r.stderr == "sx: \(path):2: expected KEY=VALUE\n")
    }

    @Test func unknownKeyIsAWarningAndBadValueAnError() throws {
        let cli = CLI()
        try "FOO=1\n".write(to: cli.home.appendingPathComponent("scorpiox-env.txt"), atomically: true, encoding: .utf8)
        let r = try cli.run(["exec", "--provider", "demo", "hi"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning:") && r.stderr.contains("unknown key FOO"))
        let bad = try cli.run(["exec", "hi"], extraEnv: ["MAX_STEPS": "-3"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr.hasSuffix("\nsx: environment: MAX_STEPS=-3 is not valid (expected a positive whole number)\n"))
    }

    @Test func codexWithoutLoginSaysWhatToDo() throws {
        let r = try CLI().run(["exec", "--provider", "codex", "hi"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("sx auth login"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
