import Foundation
import Testing
import SXTestSupport

/// `sx exec` when the backend refuses a resumed conversation as too long: it compacts, sends again, answers.
@Suite struct CompactionCLITests {
    @Test func anOverflowOnAResumedSessionIsCompactedAndAnswered() async throws {
        let mock = try CodexMock(replies: [
            .sse(CodexSSE.reply("first answer")), CodexMock.contextLengthExceeded,
            .sse(CodexSSE.reply("Goal: answer questions. Next step: the second one.")),
            .sse(CodexSSE.reply("the good reply"))
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let env = ["CODEX_BASE_URL": mock.baseURL]
        #expect(try await cli.runAsync(["exec", "--provider", "codex", "first question"], extraEnv: env).status == 0)
        let r = try await cli.runAsync(["exec", "--provider", "codex", "--last", "second question"], extraEnv: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "the good reply\n", "the summary is not printed as the answer")
        #expect(r.stderr.contains("context compacted: "))
        let replay = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let texts = replay.map {
            (($0["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
        }
        // After the workspace context: the compacted history, then the prompt.
        #expect(texts.dropLast().last?.contains("Goal: answer questions. Next step: the second one.") == true)
        #expect(!texts.contains("first answer"))
        #expect(texts.last == "second question")
        // The next resume starts from the compacted history.
        #expect(try await cli.runAsync(["exec", "--provider", "codex", "--last", "third"], extraEnv: env).status == 0)
        let third = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let thirdTexts = third.map {
            (($0["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
        }
        #expect(thirdTexts.contains { $0.contains("Goal: answer questions.") })
        #expect(!thirdTexts.contains("first question"), "the history before the checkpoint is not sent")
    }
}

@Suite struct ExecCompactTests {
    @Test func compactAResumedSessionWithAFocusThenContinue() async throws {
        let mock = try CodexMock(replies: [
            .sse(CodexSSE.reply("first answer")), .sse(CodexSSE.reply("Goal: tests. Next step: run them.")),
            .sse(CodexSSE.reply("went on"))
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let env = ["CODEX_BASE_URL": mock.baseURL]
        #expect(try await cli.runAsync(["exec", "--provider", "codex", "first question"], extraEnv: env).status == 0)
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "--last", "--compact", "the tests"], extraEnv: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "the summary is not an answer")
        #expect(r.stderr.contains("context compacted: "))
        #expect(String(decoding: mock.requests[1].body, as: UTF8.self).contains("pay most attention to: the tests"))
        #expect(
            try await cli.runAsync(["exec", "--provider", "codex", "--last", "and now?"], extraEnv: env).stdout
                == "went on\n")
        let next = String(decoding: mock.requests[2].body, as: UTF8.self)
        #expect(next.contains("Goal: tests. Next step: run them.") && !next.contains("first answer"))

        let fresh = try await cli.runAsync(["exec", "--provider", "codex", "--compact", "x", "hi"], extraEnv: env)
        #expect(fresh.status != 0)
        #expect(fresh.stderr.contains("--compact works on a resumed session: add --last or --resume ID"))
    }
}

/// The same against every key- or OAuth-based provider's mock, each with its own words for "too long".
@Suite struct ProviderOverflowCLITests {
    @Test(arguments: ProviderScenarios.Kind.allCases)
    func anOverflowIsCompactedAndAnswered(_ kind: ProviderScenarios.Kind) async throws {
        let cli = CLI()
        let mock = try ProviderMock(replies: ProviderScenarios.replies(kind, scenario: "ok", text: "first answer"))
        defer { mock.stop() }
        let env = try ProvidersCLITests().setUp(kind, cli, baseURL: mock.baseURL)
        #expect(try await cli.runAsync(["exec", "first question"], extraEnv: env).status == 0)
        mock.setReplies(ProviderScenarios.replies(kind, scenario: "overflow", text: "the good reply"))
        let r = try await cli.runAsync(["exec", "--last", "second question"], extraEnv: env)
        #expect(r.status == 0, "\(kind): \(r.stderr)")
        #expect(r.stdout.hasSuffix("the good reply\n"), "\(kind): \(r.stdout)")
        #expect(r.stderr.contains("context compacted: "), "\(kind): \(r.stderr)")
        #expect(mock.requests.count == 4, "first, refused, summary, replay")
        let replay = String(decoding: mock.requests[3].body, as: UTF8.self)
        #expect(replay.contains("Goal: the summary.") && !replay.contains("first answer"), "\(kind)")
    }
}
