import Foundation
import SXCore
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// Compaction through a real session and the loopback Codex backend, which refuses an input longer than its window
/// as the real one does and counts each request's input tokens.
@Suite struct CompactionSessionTests {
    struct Turn {
        var events: [EngineEvent]
        var notices: [String] { events.compactMap { if case .notice(let n) = $0 { n } else { nil } } }
        var compactions: [CompactionReport] { events.compactMap { if case .compacted(let r) = $0 { r } else { nil } } }
        var text: String { events.compactMap { if case .textDelta(let d) = $0 { d } else { nil } }.joined() }
        var outcome: TurnSummary.Outcome? { if case .turnDone(let s) = events.last { s.outcome } else { nil } }
        var error: String? { events.compactMap { if case .error(let m) = $0 { m } else { nil } }.first }
    }

    /// A session on the mock's `gpt-5.5`, its window as the catalog says (`window` tokens, 95 % usable).
    func session(
        _ mock: CodexMock, window: Int? = nil, history: [Message] = [], autoCompact: Int? = 90,
        transcriptIn directory: URL? = nil
    ) throws -> (Session, HTTPClientPool) {
        let (codex, pool) = try makeCodex(mock)
        let creds = StaticCredentials([
            ResolvedCredential(
                profileId: "openai-codex:a", provider: .openaiCodex, kind: .oauth,
                secret: "token-a", accountId: "acct")
        ])
        var options = SessionOptions(provider: .openaiCodex, model: "gpt-5.5", systemPrompt: "sys", retryBaseMs: 5)
        options.autoCompactPercent = autoCompact
        if let window {
            options.catalogs = LiveCatalogs([
                .openaiCodex: LiveCatalog(
                    provider: .openaiCodex, fetchedAt: Date(),
                    models: [
                        LiveModel(id: "gpt-5.5", contextWindow: window, usablePercent: 95)
                    ])
            ])
        }
        let transcript = directory.map { Transcript(directory: $0, sessionId: options.sessionId, meta: [:]) }
        return (
            Session(
                options: options, providers: ProviderRegistry([codex]), credentials: creds, history: history,
                transcript: transcript), pool
        )
    }

    func turn(_ s: Session, _ prompt: String) async -> Turn {
        await s.send(prompt, attachments: [])
        var events: [EngineEvent] = []
        for await e in s.events {
            events.append(e)
            if case .turnDone = e { break }
        }
        return Turn(events: events)
    }

    static let earlier: [Message] = [
        .user("set up the parser"), Message(role: .assistant, parts: [.text("done: Parser.swift written")]),
        .user("now the tests"), Message(role: .assistant, parts: [.text("ParserTests.swift added, 12 pass")])
    ]

    /// The `input` items of a recorded Responses request.
    func input(_ r: RecordedRequest) -> [JSONValue] {
        (try? JSONParser.parse(r.body))?["input"]?.arrayValue ?? []
    }

    func text(_ item: JSONValue) -> String {
        (item["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    }

    func isSummaryRequest(_ r: RecordedRequest) -> Bool {
        input(r).last.map { text($0).contains("write a handoff note") } == true
    }

    @Test func anOverflowIsCompactedAndTheRequestSentAgain() async throws {
        let mock = try CodexMock(replies: [
            CodexMock.contextLengthExceeded,
            .sse(CodexSSE.reply("Goal: a parser. Next step: run the tests.")),
            .sse(CodexSSE.reply("the answer"))
        ])
        defer { mock.stop() }
        let (s, pool) = try session(mock, history: Self.earlier)
        let t = await turn(s, "and the docs?")
        await s.close()
        await pool.shutdown()

        #expect(t.outcome == .completed, "\(t.error ?? "")")
        #expect(t.text == "the answer", "the summary is not shown as an answer")
        let requests = mock.requests
        #expect(requests.count == 3)
        #expect(isSummaryRequest(requests[1]))
        #expect(input(requests[1]).count == Self.earlier.count + 1, "the summary request carries the earlier history")
        // The replayed request: one message with the kept prompts and the summary, then the new prompt.
        let replay = input(requests[2])
        #expect(replay.count == 2)
        #expect(text(replay[0]).contains(Compaction.summaryHeading))
        #expect(text(replay[0]).contains("Goal: a parser. Next step: run the tests."))
        #expect(text(replay[0]).contains("now the tests") && text(replay[0]).contains("set up the parser"))
        #expect(text(replay[1]) == "and the docs?")
        #expect(t.notices.contains { $0.hasPrefix("compacting the conversation (codex refused it as too long") })
        #expect(t.compactions.count == 1)
        let history = await s.history()
        #expect(history.count == 3 && history.last?.text == "the answer")
    }

    @Test func aSecondOverflowAfterCompactingIsAClearError() async throws {
        let mock = try CodexMock(replies: [
            CodexMock.contextLengthExceeded, .sse(CodexSSE.reply("a summary")),
            CodexMock.contextLengthExceeded
        ])
        defer { mock.stop() }
        let (s, pool) = try session(mock, history: Self.earlier)
        let t = await turn(s, "and the docs?")
        await s.close()
        await pool.shutdown()
        #expect(t.outcome == .failed)
        #expect(mock.requests.count == 3, "one replay, not a loop")
        #expect(t.error?.contains("does not fit the model's context window") == true, "\(t.error ?? "")")
    }

    @Test func anEmptySummaryKeepsTheHistoryAndSaysSo() async throws {
        let mock = try CodexMock(replies: [
            CodexMock.contextLengthExceeded, .sse(CodexSSE.reply("", deltas: 1)),
            CodexMock.contextLengthExceeded
        ])
        defer { mock.stop() }
        let (s, pool) = try session(mock, history: Self.earlier)
        let t = await turn(s, "and the docs?")
        await s.close()
        await pool.shutdown()
        #expect(t.notices.contains("the summary came back empty; the conversation is kept as it was"))
        let history = await s.history()
        #expect(Array(history.prefix(4)) == Self.earlier, "nothing was lost")
        #expect(history[4].text == "and the docs?")
    }

    @Test func compactNowSendsTheFocusAndTheMeterGoesBackUp() async throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("Goal: tests first."))])
        defer { mock.stop() }
        let long = String(repeating: "a long exchange about parsers ", count: 400)
        let history: [Message] = [
            .user(long), Message(role: .assistant, parts: [.text(long)]), .user("and?"),
            Message(role: .assistant, parts: [.text("done")])
        ]
        let (s, pool) = try session(mock, window: 16_000, history: history)
        await s.compact(focus: "focus on the tests")
        var events: [EngineEvent] = []
        for await e in s.events {
            events.append(e)
            if case .turnDone = e { break }
        }
        await s.close()
        await pool.shutdown()
        #expect(mock.requests.count == 1, "the summary request only")
        let last = try #require(input(mock.requests[0]).last)
        #expect(text(last).hasSuffix("pay most attention to: focus on the tests"))
        let report = try #require(events.compactMap { if case .compacted(let r) = $0 { r } else { nil } }.first)
        #expect(report.after < report.before && report.summary == "Goal: tests first.")
        let meter = try #require(events.compactMap { if case .context(let c) = $0 { c } else { nil } }.last)
        #expect(meter.tokens == report.after && meter.window == 15_200)
        #expect(meter.percentLeft > ContextUsage(tokens: report.before, window: 15_200).percentLeft)
        if case .turnDone(let t) = events.last { #expect(t.outcome == .completed) } else { Issue.record("no turnDone") }
        let after = await s.history()
        #expect(after.count == 1 && after[0].text.contains("Goal: tests first."))
    }

    /// A long conversation against a 16k window: compacted before it overflows, every request fits, and the
    /// conversation goes on from the summary.
    @Test func aLongConversationCompactsBeforeItOverflows() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.enforceContextWindow(16_000)
        mock.setResponder { req in
            let isSummary =
                (try? JSONParser.parse(req.body))?["input"]?.arrayValue?.last?["content"]?.arrayValue?
                .contains { $0["text"]?.stringValue?.contains("write a handoff note") == true } == true
            return .sse(CodexSSE.reply(isSummary ? "Goal: fill the window. Next step: turn on." : "ok"))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-compact-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, pool) = try session(mock, window: 16_000, transcriptIn: dir)
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 150)  // ~1,000 tokens
        var turns: [Turn] = []
        for i in 0..<30 { turns.append(await turn(s, "turn \(i): \(filler)")) }
        let transcript = try #require(await s.transcript?.url)
        await s.close()
        await pool.shutdown()

        let requests = mock.requests
        if ProcessInfo.processInfo.environment["SX_DEBUG_COMPACT"] != nil {
            for (i, t) in turns.enumerated() { print("turn", i, t.outcome as Any, t.notices, t.error ?? "") }
            print(requests.map { (CodexMock.inputTokens($0), isSummaryRequest($0)) })
        }
        #expect(turns.allSatisfy { $0.outcome == .completed }, "\(turns.compactMap(\.error))")
        let summaries = requests.filter(isSummaryRequest)
        #expect(summaries.count >= 1)
        #expect(requests.allSatisfy { CodexMock.inputTokens($0) <= 16_000 * 95 / 100 }, "no request overflowed")
        // After the first compaction, the next turn starts from the summary.
        let first = try #require(requests.firstIndex(where: isSummaryRequest))
        let next = input(requests[first + 1])
        #expect(text(next[0]).contains("Goal: fill the window."))
        #expect(turns.flatMap(\.compactions).count == summaries.count)
        // The meter fell as the conversation grew, and rose after each compaction.
        let meter = turns.flatMap(\.events).compactMap { if case .context(let c) = $0 { c.percentLeft } else { nil } }
        #expect(meter.first! > 90 && meter.min()! < 15)
        // Resuming continues from the last compaction.
        let resumed = try Transcript.loadHistory(transcript)
        #expect(resumed.first?.text.contains(Compaction.summaryHeading) == true)
        #expect(resumed.last?.text == "ok")
    }
}

/// Failing over from Codex's large window to a fallback whose window the conversation does not fit.
@Suite struct SmallerFallbackTests {
    @Test func theHistoryIsCompactedForTheFallbacksWindowFirstWithOneNotice() async throws {
        let codexMock = try CodexMock(replies: [
            CodexSSE.usageLimitReply(resetsAt: Int(Date().timeIntervalSince1970) + 17000)
        ])
        defer { codexMock.stop() }
        let routerMock = try ProviderMock(
            replies: ProviderScenarios.replies(.router, scenario: "ok", text: "Goal: small.")
                + ProviderScenarios.replies(.router, scenario: "ok", text: "answered on the router"))
        defer { routerMock.stop() }
        let (codex, pool) = try makeCodex(codexMock)
        let router = RouterProvider.make(
            routerURL: URL(string: routerMock.baseURL)!, transport: Transport(pool: pool),
            userAgent: "sx/test")
        let creds = StaticCredentials([
            ResolvedCredential(
                profileId: "openai-codex:a", provider: .openaiCodex, kind: .oauth,
                secret: "token-a", accountId: "acct")
        ])
        var options = SessionOptions(
            provider: .openaiCodex, model: "gpt-5.5", systemPrompt: "sys", retryBaseMs: 5,
            fallbacks: [ModelRef(provider: .router, model: "qwen2.5-coder")])
        options.catalogs = LiveCatalogs([
            .router: LiveCatalog(
                provider: .router, fetchedAt: Date(),
                models: [
                    LiveModel(id: "qwen2.5-coder", contextWindow: 16_000)
                ])
        ])
        let long = String(repeating: "the parser keeps every token ", count: 2_800)  // ~20k tokens
        let history: [Message] = [.user(long), Message(role: .assistant, parts: [.text("noted")])]
        let s = Session(
            options: options, providers: ProviderRegistry([codex, router]), credentials: creds, history: history)
        let t = await CompactionSessionTests().turn(s, "go on")
        await s.close()
        await pool.shutdown()

        #expect(t.outcome == .completed, "\(t.error ?? "")")
        #expect(t.text == "answered on the router")
        #expect(codexMock.requests.count == 1)
        #expect(routerMock.requests.count == 2, "the summary request, then the turn")
        let compacting = t.notices.filter { $0.hasPrefix("compacting the conversation") }
        #expect(compacting == ["compacting the conversation (20k tokens do not fit qwen2.5-coder's window of 16k)"])
        #expect(routerMock.requests.allSatisfy { $0.body.count / 4 < 16_000 })
        #expect(String(decoding: routerMock.requests[1].body, as: UTF8.self).contains("Goal: small."))
    }
}
