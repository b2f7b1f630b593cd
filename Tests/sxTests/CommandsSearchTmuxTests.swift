import Foundation
import Testing
import SXTestSupport

/// Custom commands and the conversation search in the real `sx` in tmux, against the Codex mock.
@Suite(.serialized) struct CommandsSearchTmuxTests {
    func write(_ base: URL, _ relative: String, _ text: String) throws {
        let url = base.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The text of the last user message of the last request.
    func lastPrompt(_ mock: CodexMock) -> String? {
        let input = mock.requests.last?.json?["input"] as? [[String: Any]] ?? []
        let user = input.last { $0["role"] as? String == "user" }
        return (user?["content"] as? [[String: Any]])?.first?["text"] as? String
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func aWorkspaceCommandCompletesAndSendsItsPrompt() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(EditHistoryTmuxTests.responder([:]))
        let cli = CLI()
        try write(
            cli.workdir, ".sx/commands/review.md",
            "---\ndescription: Review the diff\nargument-hint: [focus]\n---\nReview the diff, looking at $ARGUMENTS.\n")
        try write(
            cli.workdir, ".claude/commands/explain.md", "---\ndescription: Explain a file\n---\nExplain $1 to me.\n")
        try write(cli.workdir, ".sx/commands/broken.md", "---\ndescription: never closed\n")
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "auto")
        defer { t.kill() }
        await t.waitAsync("the broken file's notice") {
            $0.contains("broken.md:1:") && $0.contains("the front matter opened here is never closed")
        }
        t.type("/re")
        let completion = await t.waitAsync("the completion") { $0.contains("/review") }
        #expect(completion.contains("Review the diff  (.sx/commands)"))
        t.keys("C-u")
        t.type("/ex")
        await t.waitAsync("the Claude Code command") { $0.contains("Explain a file  (.claude/commands)") }
        t.keys("C-u")
        t.type("/review error handling")
        t.keys("Enter")
        await t.waitAsync("the answer") { $0.contains("done with: Review the") }
        #expect(lastPrompt(mock) == "Review the diff, looking at error handling.")
        t.type("/explain Package.swift")
        t.keys("Enter")
        await t.waitAsync("the second answer") { $0.contains("done with: Explain Pack") }
        #expect(lastPrompt(mock) == "Explain Package.swift to me.")
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func ctrlFFindsAnEarlierAnswerAndNMoves() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(EditHistoryTmuxTests.responder([:]))
        let cli = CLI()
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "auto")
        defer { t.kill() }
        t.type("zebra crossing")
        t.keys("Enter")
        await t.waitAsync("the first answer") { $0.contains("done with: zebra crossi") }
        for i in 0..<3 {
            t.type("filler \(i)")
            t.keys("Enter")
            await t.waitAsync("answer \(i)") { $0.contains("done with: filler \(i)") }
        }
        t.keys("C-f")
        t.type("zebra")
        let found = await t.waitAsync("the search bar") { $0.contains("find: zebra") && $0.contains("2/2") }
        #expect(found.contains("done with: zebra crossi"))
        t.keys("Enter")
        t.type("n")
        await t.waitAsync("n moves to the older match") { $0.contains("1/2") }
        t.keys("Escape")
        let back = await t.waitAsync("the bar closed") { !$0.contains("find: zebra") }
        #expect(back.contains("Ask anything"))
    }
}
