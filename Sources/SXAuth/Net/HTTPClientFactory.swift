import AsyncHTTPClient
import Foundation
import Synchronization
import SXCore
import NIOCore
import NIOSSL

/// Network settings shared by every HTTP call sx makes (providers, OAuth, token sources).
public struct NetworkSettings: Sendable, Equatable {
    /// PEM file with extra CA certificates trusted on top of the system roots (`SX_CA_CERTIFICATE`).
    public var extraCAFile: String?
    /// `HTTPS_PROXY` / `https_proxy` (also used for plain http when `HTTP_PROXY` is absent).
    public var httpsProxy: String?
    public var httpProxy: String?
    /// `NO_PROXY` entries: host names, `.suffix` domains, `*`.
    public var noProxy: [String]
    public var connectTimeout: TimeAmount
    /// Longest silence between two reads of a body before the request fails (a stalled stream).
    public var readTimeout: TimeAmount
    /// Most bytes read from one streamed reply (`SX_MAX_RESPONSE_MB`): a runaway or hostile server cannot make sx
    /// buffer without bound. Real replies (text, tool calls, encrypted reasoning) are a few MB at most.
    public var maxResponseBytes: Int = megabytes(defaultNumber("SX_MAX_RESPONSE_MB"))

    /// The defaults are the settings table's (`SettingKeys`), written there once.
    public static func defaultNumber(_ key: String) -> Double { Double(SettingKeys.defaultValue(key)) ?? 1 }
    public static func seconds(_ s: Double) -> TimeAmount { .milliseconds(Int64(s * 1000)) }
    /// At least 1 KB, so a tiny setting cannot cut off every reply.
    public static func megabytes(_ m: Double) -> Int { max(1024, Int(m * 1_048_576)) }

    public init(
        extraCAFile: String? = nil, httpsProxy: String? = nil, httpProxy: String? = nil, noProxy: [String] = [],
        connectTimeout: TimeAmount = seconds(defaultNumber("SX_CONNECT_TIMEOUT")),
        readTimeout: TimeAmount = seconds(defaultNumber("SX_READ_TIMEOUT"))
    ) {
        self.extraCAFile = extraCAFile
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.noProxy = noProxy
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// Reads the conventional variables from a key/value lookup (config merged with the environment).
    public static func from(_ value: (String) -> String?) -> NetworkSettings {
        func nonEmpty(_ k: String) -> String? { value(k).flatMap { $0.isEmpty ? nil : $0 } }
        var s = NetworkSettings()
        s.extraCAFile = nonEmpty("SX_CA_CERTIFICATE")
        s.httpsProxy = nonEmpty("HTTPS_PROXY") ?? nonEmpty("https_proxy")
        s.httpProxy = nonEmpty("HTTP_PROXY") ?? nonEmpty("http_proxy")
        let np = nonEmpty("NO_PROXY") ?? nonEmpty("no_proxy") ?? ""
        s.noProxy = np.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
            !$0.isEmpty
        }
        // A value the table's check refuses was reported by `Config.validate()`; a lookup without a config keeps the default.
        func number(_ k: String) -> Double? {
            guard let raw = nonEmpty(k), SettingKeys[k]?.kind.accepts(raw) == true else { return nil }
            return Double(raw)
        }
        if let t = number("SX_CONNECT_TIMEOUT") { s.connectTimeout = seconds(t) }
        if let t = number("SX_READ_TIMEOUT") { s.readTimeout = seconds(t) }
        if let m = number("SX_MAX_RESPONSE_MB") { s.maxResponseBytes = megabytes(m) }
        return s
    }

    /// Whether a request to `host` bypasses the proxy. Loopback always does.
    public func bypassesProxy(host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h.hasPrefix("127.") || h == "::1" { return true }
        for entry in noProxy {
            if entry == "*" { return true }
            let e = entry.hasPrefix("*.") ? String(entry.dropFirst(1)) : entry
            if e.hasPrefix(".") {
                if h.hasSuffix(e) || h == String(e.dropFirst()) { return true }
            } else if h == e || h.hasSuffix("." + e) {
                return true
            }
        }
        return false
    }
}

public enum NetworkSetupError: Error, Equatable, CustomStringConvertible {
    case badCAFile(path: String, reason: String)
    case badProxy(String)

    public var description: String {
        switch self {
        case .badCAFile(let path, let reason): "SX_CA_CERTIFICATE: cannot load \(path): \(reason)"
        case .badProxy(let p): "proxy setting '\(p)' is not a valid URL (expected http://host:port)"
        }
    }
}

/// Builds and owns the `HTTPClient`s: one direct, one through the proxy when one is configured.
///
/// Clients are expensive (an event loop group, TLS contexts), so one pool serves a whole process; call `shutdown()`
/// before exit.
public final class HTTPClientPool: Sendable {
    public let settings: NetworkSettings
    private let direct: HTTPClient
    private let proxied: HTTPClient?
    private let closed = Atomic(false)
    /// Clients that return a redirect instead of following it (`web_fetch` checks every hop itself), made on first
    /// use: most sessions never fetch a page.
    private let manual = Mutex<(direct: HTTPClient, proxied: HTTPClient?)?>(nil)
    private let makeManual: @Sendable () -> (direct: HTTPClient, proxied: HTTPClient?)

    public init(settings: NetworkSettings) throws {
        self.settings = settings
        var tls = TLSConfiguration.makeClientConfiguration()
        if let path = settings.extraCAFile {
            do {
                let certs = try NIOSSLCertificate.fromPEMFile(path)
                guard !certs.isEmpty else {
                    throw NetworkSetupError.badCAFile(path: path, reason: "no certificate in the file")
                }
                tls.additionalTrustRoots = [.certificates(certs)]
            } catch let e as NetworkSetupError {
                throw e
            } catch {
                let reason = FileManager.default.fileExists(atPath: path) ? "not a PEM certificate" : "no such file"
                throw NetworkSetupError.badCAFile(path: path, reason: reason)
            }
        }
        let trust = tls
        @Sendable func config(proxy: HTTPClient.Configuration.Proxy?, follow: Bool = true) -> HTTPClient.Configuration {
            var c = HTTPClient.Configuration(
                tlsConfiguration: trust,
                redirectConfiguration: follow ? .follow(max: 5, allowCycles: false) : .disallow,
                timeout: .init(connect: settings.connectTimeout, read: settings.readTimeout),
                proxy: proxy,
                decompression: .enabled(limit: .size(settings.maxResponseBytes))
            )
            c.httpVersion = .automatic
            // A failed connect (DNS, refused, TLS) fails the request at once instead of being retried by the pool
            // until the connect timeout; the session's own retry (with backoff) decides what to try again.
            c.connectionPool.retryConnectionEstablishment = false
            return c
        }
        direct = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config(proxy: nil))
        var proxy: HTTPClient.Configuration.Proxy? = nil
        if let p = settings.httpsProxy ?? settings.httpProxy {
            guard let u = URL(string: p.contains("://") ? p : "http://" + p), let host = u.host else {
                try? direct.syncShutdown()
                throw NetworkSetupError.badProxy(p)
            }
            proxy = .server(host: host, port: u.port ?? 80)
            if let user = u.user, let pass = u.password {
                proxy = .server(host: host, port: u.port ?? 80, authorization: .basic(username: user, password: pass))
            }
            proxied = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config(proxy: proxy))
        } else {
            proxied = nil
        }
        let chosenProxy = proxy
        makeManual = {
            (
                HTTPClient(eventLoopGroupProvider: .singleton, configuration: config(proxy: nil, follow: false)),
                chosenProxy.map {
                    HTTPClient(eventLoopGroupProvider: .singleton, configuration: config(proxy: $0, follow: false))
                }
            )
        }
    }

    /// Like `client(for:)`, but a redirect comes back as the reply (3xx and `Location`) instead of being followed.
    public func nonRedirectingClient(for url: URL) -> HTTPClient {
        let pair = manual.withLock { pair in
            if let pair { return pair }
            let made = makeManual()
            pair = made
            return made
        }
        guard let proxied = pair.proxied, let host = url.host, !settings.bypassesProxy(host: host) else {
            return pair.direct
        }
        return proxied
    }

    /// The client to use for `url`: direct for loopback and `NO_PROXY` hosts, else through the proxy if any.
    public func client(for url: URL) -> HTTPClient {
        guard let proxied, let host = url.host, !settings.bypassesProxy(host: host) else { return direct }
        return proxied
    }

    /// For error paths before any async context exists.
    public func syncShutdownForExit() throws {
        closed.store(true, ordering: .releasing)
        try direct.syncShutdown()
        try proxied?.syncShutdown()
        let pair = manual.withLock { $0 }
        try pair?.direct.syncShutdown()
        try pair?.proxied?.syncShutdown()
    }

    public func shutdown() async {
        closed.store(true, ordering: .releasing)
        try? await direct.shutdown()
        try? await proxied?.shutdown()
        let pair = manual.withLock { $0 }
        try? await pair?.direct.shutdown()
        try? await pair?.proxied?.shutdown()
    }

    /// A pool dropped without `shutdown` (a path that threw before reaching it) still closes its connections, in
    /// the background; async-http-client would otherwise stop a debug build for a client freed while running.
    deinit {
        guard !closed.load(ordering: .acquiring) else { return }
        direct.shutdown { _ in }
        proxied?.shutdown { _ in }
        let pair = manual.withLock { $0 }
        pair?.direct.shutdown { _ in }
        pair?.proxied?.shutdown { _ in }
    }
}
