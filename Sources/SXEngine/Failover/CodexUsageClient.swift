import Foundation
import SXCore
import NIOCore
import SXAuth

/// Why a usage read gave nothing: one line, no secrets. The status pane shows "usage unknown", never "exhausted".
public struct UsageReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `GET {chatgpt base}/wham/usage` for one Codex profile (docs/protocol/codex.md#usage-endpoint): read-only, with
/// the profile's own bearer and `ChatGPT-Account-Id`. It never refreshes a token and never touches cooldowns.
public struct CodexUsageClient: Sendable {
    public let url: URL
    public let transport: Transport
    public let userAgent: String
    /// The whole request, connect to last byte: a usage read is small, and a slow one must not pile up.
    public static let timeout: TimeAmount = .seconds(20)

    public init(url: URL, transport: Transport, userAgent: String = SXVersion.userAgent) {
        self.url = url
        var t = transport
        t.deadline = Self.timeout
        self.transport = t
        self.userAgent = userAgent
    }

    /// `https://chatgpt.com/backend-api/codex` → `https://chatgpt.com/backend-api/wham/usage`: the usage endpoint
    /// sits next to the Codex responses base (a base without a trailing `/codex` is taken as the backend root).
    public static func usageURL(codexBase: URL) -> URL {
        var base = codexBase.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/codex") { base.removeLast("/codex".count) }
        return URL(string: base + "/wham/usage") ?? codexBase.appendingPathComponent("wham/usage")
    }

    public func fetch(bearer: String, accountId: String?, now: Date) async -> Result<ObservedUsage, UsageReadError> {
        // What Codex itself sends to `/wham/*` (docs/protocol/codex.md#usage-endpoint): the bearer, the account id
        // and a user agent.
        var headers = [("authorization", "Bearer \(bearer)"), ("user-agent", userAgent)]
        if let accountId { headers.append(("ChatGPT-Account-Id", accountId)) }
        do {
            let response = try await transport.send(url: url, method: .GET, headers: headers, body: nil)
            let body = try await Transport.collect(response, limit: 64 * 1024, url: url)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else { return .failure(UsageReadError("HTTP \(status)")) }
            return Self.parse(body, now: now).map {
                ObservedUsage(snapshot: $0.0, observedAt: now, source: .usageEndpoint, plan: $0.plan)
            }
        } catch let e as TransportError {
            return .failure(UsageReadError(e.message))
        } catch is CancellationError {
            return .failure(UsageReadError("cancelled"))
        } catch {
            return .failure(UsageReadError("network error"))
        }
    }

    /// The reply's windows as a snapshot. Any field may be missing; a window without `used_percent` is left out
    /// (a guess would show a wrong bar), and a reply with no window at all is an error ("unknown").
    public static func parse(_ data: Data, now: Date) -> Result<(RateLimitSnapshot, plan: String?), UsageReadError> {
        guard let root = (try? JSONParser.parse(data))?.objectValue else {
            return .failure(UsageReadError("the usage reply is not a JSON object"))
        }
        let limits = root["rate_limit"]?.objectValue ?? JSONObject()
        func window(_ key: String) -> RateLimitWindow? {
            guard let w = limits[key]?.objectValue, let used = FailureClassifier.number(w["used_percent"]),
                used.isFinite
            else { return nil }
            let seconds = FailureClassifier.number(w["limit_window_seconds"])
            let reset =
                FailureClassifier.number(w["reset_at"]).map { Date(timeIntervalSince1970: $0) }
                ?? FailureClassifier.number(w["reset_after_seconds"]).map { now.addingTimeInterval($0) }
            return RateLimitWindow(
                usedPercent: max(0, used), windowMinutes: seconds.map { Int(($0 / 60).rounded()) },
                resetsAt: reset)
        }
        var primary = window("primary_window"), secondary = window("secondary_window")
        // A weekly-only plan reports its one window as primary; it belongs in the weekly slot.
        if secondary == nil, let m = primary?.windowMinutes, m >= 6 * 1440 { (primary, secondary) = (nil, primary) }
        var snap = RateLimitSnapshot(primary: primary, secondary: secondary)
        if let credits = root["credits"]?.objectValue {
            snap.hasCredits = credits["has_credits"]?.boolValue
            snap.unlimitedCredits = credits["unlimited"]?.boolValue
            snap.creditBalance =
                FailureClassifier.number(credits["balance"]).map { String(format: "%.2f", $0) }
                ?? credits["balance"]?.stringValue
        }
        guard snap.primary != nil || snap.secondary != nil else {
            return .failure(UsageReadError("the usage reply has no usage window"))
        }
        return .success((snap, root["plan_type"]?.stringValue))
    }
}
