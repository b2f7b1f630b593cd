import Foundation
import SXCore
import SXAuth
import Testing
@testable import SXEngine

/// The engine side of the full-screen front end, on a real engine (the offline demo provider) in a temporary home.
@Suite struct SessionHostTests {
    final class Asked: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [PendingApproval] = []
        func add(_ p: PendingApproval) { lock.withLock { list.append(p) } }
        var all: [PendingApproval] { lock.withLock { list } }
    }

    func host(_ values: [String: String] = [:], approvals: ApprovalBroker? = nil) async throws -> (SessionHost, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-host-\(UUID().uuidString)")
        let paths = SXPaths(home: dir)
        try paths.ensureHome()
        let until = Date().addingTimeInterval(300).epochMillis
        let expires = Date().addingTimeInterval(86_400).epochMillis
        let store =
            #"{"version":1,"profiles":{"openai-codex:a":{"type":"oauth","provider":"openai-codex","access":"tok-a","refresh":"rt-a","expires":\#(expires)},"anthropic:k":{"type":"api_key","provider":"anthropic","key":"sk-ant-host-0000000001"}},"usageStats":{"openai-codex:a":{"cooldownUntil":\#(until),"cooldownReason":"rate_limit"}}}"#
        try Data(store.utf8).write(to: paths.authProfiles)
        let config = Config(
            paths: paths, workingDirectory: dir, values: values.mapValues { Config.Value(value: $0, source: "test") })
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let engine = try Engine(
            config: config, pool: pool, credentials: StaticCredentials([]), hasCredential: { _ in false },
            demoDelayMs: 0)
        let first = try engine.makeSession(provider: .demo, tools: NoTools())
        let host = await SessionHost(
            engine: engine, session: first, provider: .demo, tools: NoTools(), approvals: approvals,
            store: ProfileStore(paths: paths))
        return (host, dir)
    }

    func turn(_ session: any AgentSession, _ prompt: String) async {
        await session.send(prompt, attachments: [])
        for await e in session.events { if case .turnDone = e { break } }
    }

    /// `/new` and `/resume`: the host makes the next session current, keeps what was chosen, and closes the old one
    /// (its stream ends), so nothing keeps the old conversation (DECISIONS 25).
    @Test func replacingMakesTheNextCurrentAndClosesTheOld() async throws {
        let (host, dir) = try await host()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = host.session
        await turn(first, "hello there")
        let firstId = await first.status().sessionId
        let fresh = try await host.replaceSession(SessionRequest(effort: "high"))
        #expect(host.session === fresh)
        #expect(await fresh.status().reasoningEffort == "high")
        #expect(await fresh.status().sessionId != firstId)
        var ended = true
        for await _ in first.events { ended = false; break }
        #expect(ended)

        let saved = await host.savedSessions()
        #expect(saved.first { $0.id == firstId }?.firstPrompt == "hello there")
        let resumed = try await host.replaceSession(SessionRequest(resumeId: firstId))
        #expect(host.session === resumed)
        #expect(await resumed.status().sessionId == firstId)
        #expect(await resumed.history().first?.text == "hello there")

        // A request that cannot be met leaves the current session as it was.
        await #expect(throws: (any Error).self) {
            try await host.replaceSession(SessionRequest(resumeId: "no-such-session"))
        }
        #expect(host.session === resumed)
        await resumed.close()
        await host.engine.shutdown()
    }

    /// The status pane's profiles and the watcher's report come from the store, and `WATCH_PRIORITY` is read as
    /// `FALLBACK_MODELS` is.
    @Test func profilesAndTheWatcherComeFromTheStore() async throws {
        let (host, dir) = try await host(["WATCH_PRIORITY": "codex/gpt-5.5, anthropic/claude-sonnet-4-5"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(host.features == [.sessions, .profiles, .background])
        let profiles = await host.profileStatuses()
        #expect(profiles.first { $0.id == "anthropic:k" }?.state == .ok)
        guard case .coolingDown? = profiles.first(where: { $0.id == "openai-codex:a" })?.state else {
            Issue.record("codex profile not cooling down: \(profiles)")
            return
        }
        let report = await host.backgroundTick(statusPaneVisible: false)
        #expect(report?.effective == "anthropic/claude-sonnet-4-5")
        #expect(report?.changed?.hasSuffix("→ anthropic/claude-sonnet-4-5") == true)
        // The next round is not due yet.
        #expect(await host.backgroundTick(statusPaneVisible: false) == nil)
        await host.session.close()
        await host.engine.shutdown()
    }

    /// A tool's request reaches the connected front end numbered; the answer resumes the tool; a front end that
    /// leaves refuses what is still waiting.
    @Test func approvalsAreRelayedAndRefusedWhenTheFrontEndLeaves() async throws {
        let broker = ApprovalBroker()
        let (host, dir) = try await host(approvals: broker)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(host.features.contains(.approvals))
        let request = ApprovalRequest(call: ToolCall(id: "c1", name: "shell", arguments: "{}"), summary: "ls")
        #expect(await broker.handler(request) == .deny(reason: "no one to ask (run with --approval auto to allow it)"))
        let asked = Asked()
        host.connectApprovals { asked.add($0) }
        let answer = Task { await broker.handler(request) }
        while asked.all.isEmpty { await Task.yield() }
        host.answerApproval(asked.all[0].id, .approveForSession)
        #expect(await answer.value == .approveForSession)
        let waiting = Task { await broker.handler(request) }
        while asked.all.count < 2 { await Task.yield() }
        host.disconnectApprovals()
        #expect(await waiting.value == .deny(reason: "sx was closed before you answered"))
        #expect(asked.all.map(\.request) == [request, request])
        await host.session.close()
        await host.engine.shutdown()
    }
}
