import Foundation

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
            throw TokenSourceError.badURL(urlString)
        }
        if scheme == "http" {
            guard Self.isLoopback(host) else { throw TokenSourceError.insecureURL(urlString) }
        } else if scheme != "https" {
            throw TokenSourceError.badURL(urlString)
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
            throw TokenSourceError.httpStatus(url: url.absoluteString, status: r.status,
                                              message: OAuthError.errorMessage(r, secrets: [bearer].compactMap { $0 }))
        }
        return try FetchedToken.parse(r.body, source: url.absoluteString, now: clock.now())
    }
}
