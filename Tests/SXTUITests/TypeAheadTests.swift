import Foundation
import SXProtocol
import Testing

@testable import SXTUI

/// Type-ahead, steering and `!` commands through the reducer.
@Suite struct TypeAheadTests {
    func typed(_ s: inout AppState, _ text: String) { for c in text { _ = Reducer.reduce(&s, .key(.char(c))) } }

    func done(_ outcome: TurnSummary.Outcome) -> Action {
        .engine(.turnDone(TurnSummary(outcome: outcome, usage: Usage(), steps: 1, provider: "codex", model: "m")))
    }

    @Test func enterWhileBusyQueuesAndTheEndOfTheTurnSendsInOrder() {
        var s = AppState(models: [])
        typed(&s, "first")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.send("first", images: [])])
        #expect(s.engine.busy, "busy from the moment it is sent")
        typed(&s, "second")
        #expect(Reducer.reduce(&s, .key(.enter)).isEmpty)
        typed(&s, "third")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.composer.queue.map(\.text) == ["second", "third"])
        #expect(Reducer.reduce(&s, done(.completed)) == [.send("second", images: [])])
        #expect(Reducer.reduce(&s, done(.completed)) == [.send("third", images: [])])
        #expect(Reducer.reduce(&s, done(.completed)).isEmpty, "never sent twice")
    }

    @Test func anInterruptedTurnKeepsTheQueueUntilEnterOrEscEsc() {
        var s = AppState(models: [])
        typed(&s, "a")
        _ = Reducer.reduce(&s, .key(.enter))
        typed(&s, "queued")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(Reducer.reduce(&s, done(.interrupted)).isEmpty)
        #expect(s.composer.queue.count == 1)
        #expect(Reducer.reduce(&s, .key(.enter)) == [.send("queued", images: [])])
        typed(&s, "later")
        _ = Reducer.reduce(&s, .key(.enter))
        _ = Reducer.reduce(&s, done(.interrupted))
        _ = Reducer.reduce(&s, .key(.escape))
        _ = Reducer.reduce(&s, .key(.escape))
        #expect(s.composer.queue.isEmpty)
    }

    @Test func aPromptTheSessionRefusedWaitsAtTheHeadOfTheQueue() {
        var s = AppState(models: [])
        typed(&s, "first")
        _ = Reducer.reduce(&s, .key(.enter))
        typed(&s, "second")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(Reducer.reduce(&s, done(.completed)) == [.send("second", images: [])])
        // A late steer started another turn first: the session refused "second".
        _ = Reducer.reduce(&s, .sendRefused(.init(text: "second", images: [], names: [])))
        #expect(s.composer.queue.map(\.text) == ["second"])
        #expect(s.engine.busy, "the turn that won still ends with turnDone")
        #expect(
            s.conversation.items.filter { if case .user = $0.kind { true } else { false } }.count == 1,
            "shown once it is really sent, not twice")
        #expect(Reducer.reduce(&s, done(.completed)) == [.send("second", images: [])])
    }

    @Test func upTakesTheLastQueuedBackForEditing() {
        var s = AppState(models: [])
        typed(&s, "a")
        _ = Reducer.reduce(&s, .key(.enter))
        typed(&s, "fix typo")
        _ = Reducer.reduce(&s, .key(.enter))
        _ = Reducer.reduce(&s, .key(.up))
        #expect(s.composer.text == "fix typo")
        #expect(s.composer.queue.isEmpty)
    }

    @Test func altEnterSteersAndBangRunsACommand() {
        var s = AppState(models: [])
        typed(&s, "a")
        _ = Reducer.reduce(&s, .key(.enter))
        typed(&s, "use the other file")
        #expect(Reducer.reduce(&s, .key(.altEnter)) == [.steer("use the other file")])
        typed(&s, "!ls -la")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.userCommand("ls -la")])
        #expect(s.composer.queue.isEmpty)
    }
}
