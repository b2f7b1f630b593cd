import Foundation
import Testing
import SXTestSupport

/// `update_plan` through the real `sx` against the Codex mock: the model sets a plan, then moves it on.
@Suite(.serialized) struct PlanToolCLITests {
    static let first = #"""
        {"explanation":"start","plan":[{"step":"read the code","status":"in_progress"},{"step":"write the test","status":"pending"},{"step":"run the suite","status":"pending"}]}
        """#
    static let second = #"""
        {"plan":[{"step":"read the code","status":"completed"},{"step":"write the test","status":"completed"},{"step":"run the suite","status":"in_progress"}]}
        """#

    static func mock() throws -> CodexMock {
        let mock = try CodexMock(replies: [])
        mock.setResponder(
            EditHistoryTmuxTests.responder(["plan": [("update_plan", first), ("update_plan", second), nil]]))
        return mock
    }

    @Test func execJSONShowsBothPlans() async throws {
        let mock = try Self.mock()
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let r = try await cli.runAsync(
            ["exec", "--json", "--provider", "codex", "--approval", "ask", "plan the work"],
            extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        let plans = r.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.filter { $0["type"] as? String == "plan" }
        #expect(plans.count == 2)
        let steps = plans.map { ($0["plan"] as? [[String: String]])?.map { $0["status"] ?? "" } ?? [] }
        #expect(steps == [["in_progress", "pending", "pending"], ["completed", "completed", "in_progress"]])
        #expect(plans.first?["explanation"] as? String == "start")
        #expect(plans.last?["explanation"] == nil)
        // The model was told the plan took (no approval was needed under ask).
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let outputs = input.filter { $0["type"] as? String == "function_call_output" }.compactMap {
            $0["output"] as? String
        }
        #expect(
            outputs == ["Plan updated: 0/3 done · now: read the code", "Plan updated: 2/3 done · now: run the suite"])
        let tools = (mock.requests.first?.json?["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(tools?.contains("update_plan") == true && tools?.contains("web_fetch") == true)
    }

    @Test func lineModePrintsAChecklistAndWebFetchZeroRemovesTheTool() async throws {
        let mock = try Self.mock()
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let r = try await cli.runAsync(
            ["exec", "--provider", "codex", "plan the work"],
            extraEnv: ["CODEX_BASE_URL": mock.baseURL, "WEB_FETCH": "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "sx: plan: 2/3 done · now: run the suite\n  [x] read the code\n  [x] write the test\n  [>] run the suite\n"
            ))
        let tools = (mock.requests.first?.json?["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(tools?.contains("update_plan") == true)
        #expect(tools?.contains("web_fetch") == false)
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func theStatusPaneChecklistFollowsThePlan() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        // The second plan waits for the first to be on screen: the test sees both states.
        let gate = Gate()
        defer { gate.open() }
        let responder = EditHistoryTmuxTests.responder([
            "plan": [("update_plan", Self.first), ("update_plan", Self.second), nil]
        ])
        mock.setResponder { req in
            let outputs = (req.json?["input"] as? [[String: Any]] ?? []).filter {
                $0["type"] as? String == "function_call_output"
            }.count
            guard outputs == 1, let reply = responder(req) else { return responder(req) }
            guard case .stream(let status, let headers, let chunks, _) = reply else { return reply }
            return .deferred(status: status, headers: headers) {
                gate.wait()
                return Data(chunks.flatMap(\.bytes))
            }
        }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let t = try TUITmuxTests.Tmux(
            cli: cli,
            env: ["CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex", "MODEL": "gpt-5.5", "APPROVAL": "ask"],
            width: 130, height: 45)
        defer { t.kill() }
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        t.type("plan the work")
        t.keys("Enter")
        let one = await t.waitAsync("the first plan", timeout: 30) {
            $0.contains("plan 0/3") && $0.contains("◐ read the code")
        }
        gate.open()
        #expect(one.contains("☐ write the test"))
        #expect(one.contains("☐ run the suite"))
        #expect(one.contains("plan: 0/3 done · now: read the code"))
        let two = await t.waitAsync("the second plan", timeout: 30) {
            $0.contains("plan 2/3") && $0.contains("done with: plan")
        }
        #expect(two.contains("☑ read the code"))
        #expect(two.contains("☑ write the test"))
        #expect(two.contains("◐ run the suite"))
        #expect(two.contains("plan: 2/3 done · now: run the suite"))
        if let dir = ProcessInfo.processInfo.environment["SX_CAPTURE_DIR"] {
            try one.write(toFile: dir + "/plan-1.txt", atomically: true, encoding: .utf8)
            try two.write(toFile: dir + "/plan-2.txt", atomically: true, encoding: .utf8)
        }
    }
}
