import Foundation
import SXCore
import Testing
@testable import SXEngine

@Suite struct ContextLedgerTests {
    static func text(_ tokens: Int) -> String { String(repeating: "abcd", count: tokens) }

    @Test func estimatesAreIncrementalAndTheServerCountAnchorsThem() {
        var ledger = ContextLedger(fixed: 100)
        var history: [Message] = [.user(Self.text(1000))]
        ledger.sync(history)
        #expect(ledger.tokens == 100 + 1000 + TokenEstimate.perMessage)
        ledger.record(inputTokens: 1500, forMessages: 1)
        #expect(ledger.tokens == 1500, "the server's count replaces the estimate")
        history.append(Message(role: .assistant, parts: [.text(Self.text(200))]))
        ledger.sync(history)
        #expect(ledger.tokens == 1500 + 200 + TokenEstimate.perMessage, "what came after is estimated")
    }

    @Test func anAbsurdServerCountIsIgnored() {
        var ledger = ContextLedger(fixed: 0)
        ledger.sync([.user(Self.text(10_000))])
        let estimate = ledger.tokens
        ledger.record(inputTokens: 0, forMessages: 1)
        ledger.record(inputTokens: 120, forMessages: 1)
        ledger.record(inputTokens: 10_000_000, forMessages: 1)
        #expect(ledger.tokens == estimate)
    }

    @Test func aReplacedHistoryIsCountedAgain() {
        var ledger = ContextLedger()
        ledger.sync([.user(Self.text(500)), .user(Self.text(500)), .user(Self.text(500))])
        ledger.record(inputTokens: 1600, forMessages: 3)
        ledger.sync([.user(Self.text(10))])
        #expect(ledger.tokens == 10 + TokenEstimate.perMessage)
    }

    @Test func theWindowSaysWhatIsLeft() {
        let w = ContextWindow(size: 272_000, usablePercent: 95)
        #expect(w.usable == 258_400)
        #expect(w.threshold(percent: 90) == 232_560)
        #expect(ContextUsage(tokens: 129_200, window: w.usable).percentLeft == 50)
        #expect(ContextUsage(tokens: 300_000, window: w.usable).percentLeft == 0)
    }

    static let call = ToolCall(id: "c1", name: "read_file", arguments: #"{"path":"a"}"#)
    static let result = ToolResult(callId: "c1", name: "read_file", output: Self.text(3000), isError: false)

    @Test func theTailIsThePromptOrTheStepInFlight() {
        let done: [Message] = [.user("a"), Message(role: .assistant, parts: [.text("b")])]
        #expect(Compaction.split(done).tailStart == 2)
        #expect(Compaction.split(done + [.user("next")]).tailStart == 2)
        let step =
            done + [
                .user("c"), Message(role: .assistant, parts: [.toolCall(Self.call)]),
                Message(role: .user, parts: [.toolResult(Self.result)])
            ]
        #expect(Compaction.split(step).tailStart == 3, "the pending tool result keeps its call")
    }

    @Test func theSummaryRequestDropsOldOutputsFirstThenWholeExchanges() {
        let exchange: [Message] = [
            .user("look"), Message(role: .assistant, parts: [.toolCall(Self.call)]),
            Message(role: .user, parts: [.toolResult(Self.result)]),
            Message(role: .assistant, parts: [.text("seen")])
        ]
        let head = exchange + exchange
        let outputsGone = Compaction.input(head, budget: 1000)
        #expect(outputsGone.count == head.count)
        #expect(
            outputsGone.allSatisfy { m in
                m.parts.allSatisfy {
                    if case .toolResult(let r) = $0 { r.output.hasPrefix("[output omitted") } else { true }
                }
            })
        let cut = Compaction.input(head + [.user(Self.text(900))], budget: 950)
        #expect(cut.first?.isPrompt == true, "cut where a prompt begins")
        #expect(cut.count < head.count + 1)
    }

    @Test func theRebuiltHistoryKeepsRecentPromptsTheSummaryAndTheTail() {
        let history: [Message] = [
            .user("first ask"), Message(role: .assistant, parts: [.text("x")]),
            .user("second ask"), Message(role: .assistant, parts: [.text("y")]), .user("now")
        ]
        let split = Compaction.split(history)
        let rebuilt = Compaction.rebuilt(history, split: split, summary: "Goal: g", keptBudget: 100)
        #expect(rebuilt.count == 2)
        #expect(rebuilt[0].text.contains("first ask") && rebuilt[0].text.contains("second ask"))
        #expect(rebuilt[0].text.contains(Compaction.summaryHeading + "\n\nGoal: g"))
        #expect(rebuilt[1] == .user("now"))
        let tight = Compaction.rebuilt(history, split: split, summary: "Goal: g", keptBudget: 3)
        #expect(!tight[0].text.contains("first ask") && tight[0].text.contains("second ask"), "newest kept first")
        #expect(Compaction.prompt(focus: "the tests").hasSuffix("pay most attention to: the tests"))
    }

    @Test func costIsEstimatedFromListPricesOnlyWhereKnown() throws {
        let u = Usage(
            inputTokens: 1_000_000, cachedInputTokens: 400_000, cacheWriteTokens: 100_000, outputTokens: 100_000)
        // 500k plain × $3 + 400k cached × $0.30 + 100k written × $3.75 + 100k out × $15 per million.
        let c = try #require(
            PriceTable.cost(u, on: ModelRef(provider: .anthropic, model: "claude-sonnet-4-5-20250929")))
        #expect(abs(c - (1.5 + 0.12 + 0.375 + 1.5)) < 1e-9)
        #expect(
            PriceTable.price(ModelRef(provider: .openai, model: "gpt-5-mini"))?.input == 0.25, "the longest prefix wins"
        )
        #expect(
            PriceTable.cost(u, on: ModelRef(provider: .openaiCodex, model: "gpt-5")) == nil,
            "a subscription has no price")
        #expect(PriceTable.cost(u, on: ModelRef(provider: .anthropic, model: "claude-unknown-9")) == nil)
    }

    @Test func midTurnTheNewestPromptIsMarkedAsTheRequestBeingWorkedOn() {
        let history: [Message] = [
            .user("old ask"), Message(role: .assistant, parts: [.text("x")]), .user("fix the build"),
            Message(role: .assistant, parts: [.toolCall(Self.call)]),
            Message(role: .user, parts: [.toolResult(Self.result)])
        ]
        let rebuilt = Compaction.rebuilt(history, split: Compaction.split(history), summary: "Goal: g", keptBudget: 100)
        #expect(rebuilt.count == 3, "the compacted message, then the step in flight")
        #expect(rebuilt[0].text.contains("Earlier request from the user:\nold ask"))
        #expect(rebuilt[0].text.contains("The request being worked on now:\nfix the build"))
    }
}
