import Foundation
import Testing
import SXCore
import SXTestSupport

struct InboxTestError: Error, Equatable {}

/// The queue behind "write what arrived together in one go": nothing lost, nothing reordered, nothing held back.
@Suite struct InboxTests {
    @Test func drainHandsOverEverythingThatArrivedInOrder() async throws {
        let inbox = Inbox<Int>()
        for n in 1...5 { inbox.push(n) }
        #expect(inbox.hasPending)
        #expect(try await inbox.drain() == [1, 2, 3, 4, 5])
        #expect(!inbox.hasPending)
        inbox.push(6)
        #expect(try await inbox.next() == 6)
        inbox.push(7)
        inbox.push(8)
        #expect(try await inbox.next() == 7)
        #expect(try await inbox.drain() == [8])
    }

    @Test func aWaitingReaderGetsThePushAndTheEnd() async throws {
        let inbox = Inbox<String>()
        let reader = Task { () -> [[String]] in
            var batches: [[String]] = []
            while true {
                let b = try await inbox.drain()
                if b.isEmpty { return batches }
                batches.append(b)
            }
        }
        // A producer on a thread of its own, as the HTTP body reader is.
        try await onOwnThread {
            for n in 0..<1000 { inbox.push("d\(n)") }
            inbox.finish()
        }
        let batches = try await reader.value
        #expect(batches.flatMap { $0 } == (0..<1000).map { "d\($0)" })
        #expect(batches.allSatisfy { !$0.isEmpty })
    }

    @Test func anErrorComesAfterWhatArrivedBeforeIt() async throws {
        let inbox = Inbox<Int>()
        inbox.push(1)
        inbox.push(2)
        inbox.finish(throwing: InboxTestError())
        inbox.push(3)  // after the end: dropped
        #expect(try await inbox.next() == 1)
        #expect(try await inbox.drain() == [2])
        await #expect(throws: InboxTestError.self) { try await inbox.drain() }
        await #expect(throws: InboxTestError.self) { try await inbox.next() }
    }

    @Test func theEndIsEmptyOrNil() async throws {
        let inbox = Inbox<Int>()
        inbox.finish()
        #expect(try await inbox.drain() == [])
        #expect(try await inbox.next() == nil)
    }

    @Test func cancellingAWaitingReaderEndsItsWait() async throws {
        let inbox = Inbox<Int>()
        let reader = Task { try await inbox.drain() }
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
        // The inbox itself is still usable.
        inbox.push(4)
        #expect(try await inbox.drain() == [4])
    }
}
