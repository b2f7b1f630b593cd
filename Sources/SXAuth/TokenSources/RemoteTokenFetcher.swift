import Foundation
import SXCore

/// `CODEX_TOKEN_SOURCE=remote`: `GET CODEX_REMOTE_URL` with an optional bearer.
public struct RemoteTokenFetcher: CodexTokenFetcher {
    public let profileId = "openai-codex:remote"
    public let url: URL
    public let bearer: String?
    public let http: AuthHTTP
    public let clock: any SXClock

    /// Refuses a plain-http URL unless its host is loopback.
    public init(urlString: String, bearer: String?, http: AuthHTTP, clock: any SXClock = SystemClock()) throws {
        guard let u = URL(string: urlString), let scheme = u.scheme?.lowercased(), let host = u.host else {
            throw TokenSourceError.badURL(URL(string: urlString).map(Self.shown) ?? "(unparsable)")
        }
        if scheme == "http" {
            guard Self.isLoopback(host) else { throw TokenSourceError.insecureURL(Self.shown(u)) }
        } else if scheme != "https" {
            throw TokenSourceError.badURL(Self.shown(u))
        }
        url = u
        self.bearer = bearer
        self.http = http
        self.clock = clock
    }

    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }

    public func fetch() async throws -> FetchedToken {
        let r = try await http.get(url, headers: bearer.map { [("authorization", "Bearer \($0)")] } ?? [])
        guard (200..<300).contains(r.status) else {
            throw TokenSourceError.httpStatus(
                url: Self.shown(url), status: r.status,
                message: OAuthError.errorMessage(r, secrets: [bearer].compactMap { $0 }))
        }
        return try FetchedToken.parse(r.body, source: Self.shown(url), now: clock.now())
    }

    /// The URL as errors show it: without user info or query, where a secret could hide.
    static func shown(_ url: URL) -> String {
        var c = URLComponents(url: url, resolvingAgainstBaseURL: false)
        c?.user = nil
        c?.password = nil
        c?.query = nil
        return c?.string ?? (url.host ?? "the token server")
    }
}
