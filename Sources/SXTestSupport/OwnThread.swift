import Foundation

/// Runs blocking work (a child process, a wait) on a thread of its own and suspends until it is done: the waiting
/// holds no thread of Swift's cooperative pool, which has one per core and which every other test needs
/// (DECISIONS 37).
public func onOwnThread<T: Sendable>(stackSize: Int = 1 << 20, _ body: @escaping @Sendable () throws -> T) async throws
    -> T
{
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, Error>) in
        let t = Thread { c.resume(with: Result { try body() }) }
        t.stackSize = stackSize
        t.start()
    }
}
