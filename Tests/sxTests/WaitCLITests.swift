import Foundation
import Testing
import SXTestSupport

/// Short rate limits through the real `sx exec`, a real store and the loopback ChatGPT backend: what Codex CLI
/// retries, sx now waits for; a usage limit hours away still fails over or fails at once.
@Suite struct WaitCLITests {
    let codex = CodexExecTests()

    func notices(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("sx: ") }
    }

    @Test func aTryAgainHintIsWaitedForOnceThenTheAnswerComes() async throws {
        let mock = try CodexMock(replies: [
            CodexSSE.rateLimitExceeded(), .sse(CodexSSE.reply("answered after the wait"))
        ])
        defer { mock.stop() }
        let cli = CLI()
        let access = try codex.login(cli)
        let r = try await cli.runAsync(["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "answered after the wait\n")
        #expect(mock.requests.count == 2)
        let lines = notices(r.stderr)
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(
            lines.first?.hasPrefix(
                "sx: openai-codex:work: codex: rate limited: Rate limit reached for gpt-5.5. Please try again in 1.5s. — retrying in "
            ) == true)
        #expect(lines.first?.hasSuffix("(1/4)") == true)
        #expect(!r.stderr.contains(access))
    }

    @Test func jsonOutputCarriesTheWaitAsEvents() async throws {
        let mock = try CodexMock(replies: [
            CodexSSE.rateLimitExceeded("Please try again in 0.5s."), .sse(CodexSSE.reply("ok"))
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try codex.login(cli)
        let r = try await cli.runAsync(["exec", "--provider", "codex", "--json", "hi"], extraEnv: codex.env(mock))
        #expect(r.status == 0, "\(r.stderr)")
        let events = r.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let types = events.compactMap { $0["type"] as? String }.filter {
            ["notice", "waiting", "wait_ended"].contains($0)
        }
        #expect(types == ["notice", "waiting", "wait_ended"], "\(r.stdout)")
        let waiting = try #require(events.first { $0["type"] as? String == "waiting" })
        #expect(waiting["reason"] as? String == "rate limited")
        #expect((waiting["until_ms"] as? Int).map { $0 > Int(Date().timeIntervalSince1970 * 1000) - 60_000 } == true)
    }

    @Test func aRetryAfterIsHonouredThreeTimesThenTheAnswerComes() async throws {
        let limited = CodexSSE.retryAfterReply("1")
        let mock = try CodexMock(replies: [limited, limited, limited, .sse(CodexSSE.reply("fourth time lucky"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try codex.login(cli)
        let r = try await cli.runAsync(["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "fourth time lucky\n")
        #expect(mock.requests.count == 4)
        let lines = notices(r.stderr)
        #expect(lines.count == 3, "\(r.stderr)")
        for (i, line) in lines.enumerated() {
            #expect(
                line.contains("rate limited (HTTP 429): Too many requests, please slow down. — retrying in "), "\(line)"
            )
            #expect(line.hasSuffix("s (\(i + 1)/4)"), "\(line)")
        }
        // Backoffs are not cooldowns: the profile is not marked, and the answer clears the failure count.
        let doc = try FailoverCLITests().readStore(cli)
        let stats = (doc["usageStats"] as? [String: [String: Any]])?["openai-codex:work"]
        #expect(stats?["cooldownUntil"] == nil)
        #expect((doc["lastGood"] as? [String: String])?["openai-codex"] == "openai-codex:work")
    }

    @Test func aUsageLimitHoursAwayFailsAtOnceWithOneRequest() async throws {
        let reset = Int(Date().timeIntervalSince1970) + 17000
        let mock = try CodexMock(replies: [CodexSSE.usageLimitReply(resetsAt: reset), .sse(CodexSSE.reply("never"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try codex.login(cli)
        let r = try await cli.runAsync(["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock))
        #expect(r.status == 1)
        #expect(mock.requests.count == 1)
        #expect(
            r.stderr.contains(
                "openai-codex:work: codex: rate limited (HTTP 429): usage limit reached (plan plus) — resets at"),
            "\(r.stderr)")
        #expect(r.stderr.contains("(in 4h"))
        #expect(!r.stderr.contains("retrying"))
    }

    @Test func aUsageLimitHoursAwayFailsOverAtOnceWithOneRequestToThatProfile() async throws {
        let reset = Int(Date().timeIntervalSince1970) + 17000
        let mock = try CodexMock(replies: [CodexSSE.usageLimitReply(resetsAt: reset)])
        defer { mock.stop() }
        let anthropic = try ProviderMock(replies: [.sse(AnthropicSSE.reply("answered by claude"))])
        defer { anthropic.stop() }
        let cli = CLI()
        _ = try codex.login(cli)
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"],
            extraEnv: codex.env(
                mock,
                [
                    "ANTHROPIC_BASE_URL": anthropic.baseURL, "ANTHROPIC_API_KEY": "sk-ant-test-wait-0000000001",
                    "FALLBACK_MODELS": "anthropic/claude-sonnet-4-5"
                ]))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "answered by claude\n")
        #expect(mock.requests.count == 1)
        #expect(anthropic.requests.count == 1)
        #expect(notices(r.stderr).count == 1)
        #expect(r.stderr.contains("switched model codex/gpt-5.5 → anthropic/claude-sonnet-4-5"))
        #expect(!r.stderr.contains("retrying"))
    }

    @Test func withRetryWaitMaxZeroTheShortLimitFailsAsBefore() async throws {
        let mock = try CodexMock(replies: [CodexSSE.rateLimitExceeded(), .sse(CodexSSE.reply("never"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try codex.login(cli)
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock, ["RETRY_WAIT_MAX": "0"]))
        #expect(r.status == 1)
        #expect(mock.requests.count == 1)
        #expect(r.stderr.contains("soonest available:") && r.stderr.contains("(in 1s)"), "\(r.stderr)")
        #expect(!r.stderr.contains("retrying"))

        let bad = try await cli.runAsync(
            ["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock, ["RETRY_WAIT_MAX": "-1"]))
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains("RETRY_WAIT_MAX=-1 is not valid (expected a whole number of seconds from 0 to 3600)"),
            "\(bad.stderr)")
        #expect(mock.requests.count == 1)
    }

    @Test func aStoredRateLimitEndingSoonIsWaitedForButALoginBlockIsNot() async throws {
        let failover = FailoverCLITests()
        let now = Int(Date().timeIntervalSince1970)
        func cooling(_ secs: Int, _ reason: String) -> String {
            #"{"cooldownUntil":\#((now + secs) * 1000),"cooldownReason":"\#(reason)","errorCount":1}"#
        }
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("answered once a was free"))])
        defer { mock.stop() }
        // Another process left every login cooling down: a for five seconds more, b and c for an hour.
        let cli = CLI()
        let tokens = try failover.store(
            cli,
            usage:
                #"{"openai-codex:a":\#(cooling(5, "rate_limit")),"openai-codex:b":\#(cooling(3600, "rate_limit")),"openai-codex:c":\#(cooling(3600, "rate_limit"))}"#
        )
        // Started at once (not queued for a process slot): the five seconds run from `now`.
        let r = try cli.run(["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "answered once a was free\n")
        #expect(mock.requests.map { $0.header("authorization") } == ["Bearer \(tokens["a"]!)"])
        #expect(
            notices(r.stderr).count == 1 && r.stderr.contains("nothing can answer until a limit resets"), "\(r.stderr)")

        // A login problem is not waited out, however soon its cooldown ends.
        let other = CLI()
        _ = try failover.store(
            other,
            usage:
                #"{"openai-codex:a":\#(cooling(30, "auth")),"openai-codex:b":\#(cooling(40, "auth")),"openai-codex:c":\#(cooling(3600, "rate_limit"))}"#
        )
        let blocked = try other.run(["exec", "--provider", "codex", "hi"], extraEnv: codex.env(mock))
        #expect(blocked.status == 1)
        #expect(mock.requests.count == 1)
        #expect(
            blocked.stderr.contains("soonest available:") && !blocked.stderr.contains("retrying"), "\(blocked.stderr)")
    }

    @Test func ctrlCDuringAWaitEndsTheTurnWith130() async throws {
        // 30 s is not worth holding the profile for: it cools down, and with nothing else left sx waits for it.
        let mock = try CodexMock(replies: [CodexSSE.retryAfterReply("30"), .sse(CodexSSE.reply("never"))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try codex.login(cli)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["exec", "--provider", "codex", "hi"]
        p.environment = cli.env.merging(codex.env(mock)) { $1 }
        p.currentDirectoryURL = cli.workdir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("retrying in") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        p.interrupt()
        seen.append(err.fileHandleForReading.readDataToEndOfFile())
        p.waitUntilExit()
        let stderr = String(decoding: seen, as: UTF8.self)
        #expect(p.terminationStatus == 130, "\(stderr)")
        #expect(
            stderr.contains("nothing can answer until a limit resets") && stderr.contains("retrying in 30s"),
            "\(stderr)")
        #expect(stderr.contains("sx: interrupted"))
        #expect(mock.requests.count == 1)
    }
}
