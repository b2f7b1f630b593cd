import Foundation

/// The time source for everything that expires or cools down, injected so that tests never sleep.
public protocol SXClock: Sendable {
    func now() -> Date
}

public struct SystemClock: SXClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that tests move by hand.
public final class ManualClock: SXClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    public func now() -> Date { lock.withLock { current } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    public func set(_ date: Date) { lock.withLock { current = date } }
}

extension Date {
    /// Milliseconds since the epoch, the unit of `auth-profiles.json`.
    public var epochMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    public init(epochMillis: Int64) { self.init(timeIntervalSince1970: Double(epochMillis) / 1000) }
}
