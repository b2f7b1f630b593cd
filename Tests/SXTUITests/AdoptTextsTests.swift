import Foundation
import SXProtocol
import Testing
@testable import SXTUI

/// After a turn the screen swaps its own copies of the turn's texts for the engine's, so the conversation is kept
/// once however long the session runs.
@Suite struct AdoptTextsTests {
    /// Where a string's bytes live; two strings sharing one buffer give the same address.
    static func storage(_ s: String) -> UnsafeRawPointer? {
        s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    static func streamTurn(_ s: inout AppState, prompt: String, thinking: String, answer: String) {
        _ = Reducer.reduce(&s, .engine(.requestStarted(provider: .openaiCodex, model: "m", profileId: nil, step: 1)))
        s.conversation.append(.user(prompt))
        for chunk in thinking.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            _ = Reducer.reduce(&s, .engine(.thinkingDelta((chunk.offset > 0 ? " " : "") + chunk.element)))
        }
        for chunk in answer.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            _ = Reducer.reduce(&s, .engine(.textDelta((chunk.offset > 0 ? " " : "") + chunk.element)))
        }
        _ = Reducer.reduce(
            &s,
            .engine(
                .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "codex", model: "m"))))
    }

    @Test func theTurnsAnswerAndThinkingTakeTheEnginesStrings() throws {
        var s = AppState(width: 80, height: 24)
        let answer = String(repeating: "an answer long enough to live on the heap ", count: 20)
        let thinking = String(repeating: "weighing the options ", count: 10)
        Self.streamTurn(&s, prompt: "first", thinking: thinking, answer: answer)
        // The engine's copies: the same texts in buffers of their own.
        let engineAnswer = String(decoding: Array(answer.utf8), as: UTF8.self)
        let engineThinking = String(decoding: Array(thinking.utf8), as: UTF8.self)
        let history: [Message] = [
            .user("first"),
            Message(role: .assistant, parts: [.thinking(Thinking(text: engineThinking)), .text(engineAnswer)])
        ]
        guard case .assistant(let before, false)? = s.conversation.items.last?.kind else {
            Issue.record("no answer"); return
        }
        #expect(Self.storage(before) != Self.storage(engineAnswer))
        let revisions = s.conversation.items.map(\.revision)

        _ = Reducer.reduce(&s, .turnHistory(history))

        guard case .assistant(let after, false)? = s.conversation.items.last?.kind,
            case .thinking(let thought, false, _)? = s.conversation.items.dropLast().last?.kind
        else { Issue.record("items changed kind"); return }
        #expect(after == answer && thought == thinking)
        #expect(Self.storage(after) == Self.storage(engineAnswer))
        #expect(Self.storage(thought) == Self.storage(engineThinking))
        // Same text: nothing to re-render.
        #expect(s.conversation.items.map(\.revision) == revisions)
    }

    @Test func onlyTheLastTurnAndOnlyEqualTextsAreTouched() {
        var s = AppState(width: 80, height: 24)
        let old = String(repeating: "the earlier answer stays as it was ", count: 10)
        Self.streamTurn(&s, prompt: "one", thinking: "hm", answer: old)
        Self.streamTurn(&s, prompt: "two", thinking: "hm hm", answer: String(repeating: "screen text ", count: 10))
        let oldItemStorage: UnsafeRawPointer? = {
            if case .assistant(let t, _) = s.conversation.items[2].kind { return Self.storage(t) }
            return nil
        }()
        let engineOld = String(decoding: Array(old.utf8), as: UTF8.self)
        let history: [Message] = [
            .user("one"), Message(role: .assistant, parts: [.text(engineOld)]),
            .user("two"),
            Message(role: .assistant, parts: [.text(String(repeating: "what the engine kept differs ", count: 10))])
        ]
        _ = Reducer.reduce(&s, .turnHistory(history))
        guard case .assistant(let last, false)? = s.conversation.items.last?.kind,
            case .assistant(let first, false) = s.conversation.items[2].kind
        else {
            Issue.record("unexpected items"); return
        }
        #expect(last == String(repeating: "screen text ", count: 10))
        #expect(first == old)
        #expect(Self.storage(first) == oldItemStorage)
    }
}
