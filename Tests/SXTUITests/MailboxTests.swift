import Foundation
import SXProtocol
import Testing
@testable import SXTUI

@Suite struct MailboxTests {
    @Test func takesEverythingQueuedInOneBatch() async {
        let box = Mailbox<Int>(isUrgent: { $0 < 0 })
        for i in 1...5 { box.post(i) }
        #expect(await box.take() == [1, 2, 3, 4, 5])
        box.post(6)
        #expect(await box.take() == [6])
    }

    @Test func urgentOnlyWaitsForSomethingUrgentOrAKick() async {
        let box = Mailbox<Int>(isUrgent: { $0 < 0 })
        box.post(1)
        let waiting = Task { await box.take(urgentOnly: true) }
        // Not urgent: the taker keeps waiting; an urgent one wakes it with everything queued, in order.
        box.post(2)
        box.post(-1)
        #expect(await waiting.value == [1, 2, -1])

        let taken = Flag()
        let kicked = Task {
            let batch = await box.take(urgentOnly: true)
            taken.set()
            return batch
        }
        box.post(3)
        // A kick before the taker waits does nothing, so kick until it has taken (bounded, not timed).
        for _ in 0..<100_000 where !taken.isSet {
            box.kick()
            await Task.yield()
        }
        #expect(await kicked.value == [3])
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test func closeEndsAWaitingTake() async {
        let box = Mailbox<Int>(isUrgent: { _ in false })
        let waiting = Task { await box.take() }
        await Task.yield()
        box.close()
        #expect(await waiting.value == nil)
        box.post(1)
        #expect(await box.take() == nil)
    }

    @Test func coalescingMergesRunsOfDeltasOnly() {
        typealias M = TUIApp.Message
        let batch: [M] = [
            .action(.engine(.thinkingDelta("a"))), .action(.engine(.thinkingDelta("b"))),
            .action(.engine(.textDelta("Hel"))), .action(.engine(.textDelta("lo\n"))),
            .action(.engine(.textDelta("wor"))),
            .terminal(.key(.char("x"))),
            .action(.engine(.textDelta("ld")))
        ]
        let out = TUIApp.coalesce(batch)
        #expect(out.count == 4)
        guard case .action(.engine(.thinkingDelta("ab"))) = out[0],
            case .action(.engine(.textDelta("Hello\nwor"))) = out[1],
            case .terminal(.key(.char("x"))) = out[2],
            case .action(.engine(.textDelta("ld"))) = out[3]
        else {
            Issue.record("unexpected \(out)")
            return
        }
    }

    @Test func aLongRunOfDeltasBecomesOneDeltaWithTheWholeText() {
        typealias M = TUIApp.Message
        let pieces = (0..<20_000).map { "d\($0) " }
        let out = TUIApp.coalesce(pieces.map { M.action(.engine(.textDelta($0))) })
        #expect(out.count == 1)
        guard case .action(.engine(.textDelta(let text))) = out.first else {
            Issue.record("unexpected \(out)")
            return
        }
        #expect(text == pieces.joined())
    }
}
