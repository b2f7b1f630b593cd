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

/// Numbers from servers, tokens and files that become times (epoch seconds, seconds to wait): only finite values
/// within ±1e12 seconds (31,000 years) are taken, so every date made from them converts to integers. A reply with
/// `"resets_at": 1e300` or a token with `"exp": 1e300` is read as if the field were absent, instead of stopping sx
/// at the first integer conversion.
public enum TimeValue {
    public static let limit = 1e12

    public static func sane(_ value: Double?) -> Double? {
        guard let value, value.isFinite, abs(value) <= limit else { return nil }
        return value
    }
}

extension Date {
    /// Milliseconds since the epoch, the unit of `auth-profiles.json` (saturating: any date can be written).
    public var epochMillis: Int64 {
        let ms = (timeIntervalSince1970 * 1000).rounded()
        if ms.isNaN { return 0 }
        if ms >= 9.2e18 { return .max }
        if ms <= -9.2e18 { return .min }
        return Int64(ms)
    }
    public init(epochMillis: Int64) { self.init(timeIntervalSince1970: Double(epochMillis) / 1000) }
}
