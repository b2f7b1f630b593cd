import Foundation
import SXCore

/// A Codex access token obtained from a token owner (remote server or ssh host). sx never gets or keeps the
/// owner's refresh token: spending it would log the owner out.
public struct FetchedToken: Sendable, Equatable {
    public var accessToken: String
    public var accountId: String?
    public var expiresAt: Date?
    public var idToken: String?

    /// Accepts Codex's auth.json shape or `{access_token, account_id, expires_at | expires_in, id_token?}`.
    public static func parse(_ data: Data, source: String, now: Date) throws -> FetchedToken {
        guard let root = (try? JSONParser.parse(data))?.objectValue else {
            throw TokenSourceError.malformed(source: source, why: "the reply is not a JSON object")
        }
        if root["tokens"] != nil {
            let f = try CodexAuthFile.parse(data, source: source)
            return FetchedToken(
                accessToken: f.accessToken, accountId: f.accountId, expiresAt: f.expires, idToken: f.idToken)
        }
        guard let access = root["access_token"]?.stringValue, !access.isEmpty else {
            throw TokenSourceError.malformed(source: source, why: "no access_token")
        }
        let id = root["id_token"]?.stringValue
        var expires: Date?
        if let n = root["expires_at"]?.doubleValue {
            // Seconds are what the spec says; a millisecond value is recognised by its size.
            expires = TimeValue.sane(n > 1e12 ? n / 1000 : n).map { Date(timeIntervalSince1970: $0) }
        } else if let s = root["expires_at"]?.stringValue {
            expires =
                ISO8601DateFormatter().date(from: s)
                ?? TimeValue.sane(Double(s)).map { Date(timeIntervalSince1970: $0) }
        } else if let secs = TimeValue.sane(
            root["expires_in"]?.doubleValue ?? root["expires_in"]?.stringValue.flatMap(Double.init))
        {
            expires = now.addingTimeInterval(secs)
        }
        let claims = JWTClaims.merged(idToken: id, accessToken: access)
        return FetchedToken(
            accessToken: access, accountId: root["account_id"]?.stringValue ?? claims.accountId,
            expiresAt: expires ?? claims.expires, idToken: id)
    }
}

/// Fetches a token from its owner.
public protocol CodexTokenFetcher: Sendable {
    /// `openai-codex:remote` or `openai-codex:ssh`.
    var profileId: String { get }
    func fetch() async throws -> FetchedToken
}

public enum TokenSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    case insecureURL(String)
    case badURL(String)
    case httpStatus(url: String, status: Int, message: String)
    case malformed(source: String, why: String)
    case hostKeyUnknown(host: String, knownHosts: String)
    case hostKeyChanged(host: String, knownHosts: String)
    case sshAuthFailed(host: String)
    case sshFailed(host: String, message: String)
    case timeout(host: String, seconds: Int)
    case expired(source: String)

    public var description: String {
        switch self {
        case .insecureURL(let u):
            "CODEX_REMOTE_URL \(u) is plain http to a non-loopback host; use https (tokens must not cross a network in clear)"
        case .badURL(let u): "CODEX_REMOTE_URL '\(u)' is not a valid http(s) URL"
        case let .httpStatus(url, status, message): "\(url) answered \(status): \(message)"
        case let .malformed(source, why): "\(source): not a usable token reply (\(why))"
        case let .hostKeyUnknown(host, kh):
            "ssh: the host key of \(host) is not in \(kh); verify it and add it (ssh-keyscan) before using it, sx never trusts it blindly"
        case let .hostKeyChanged(host, kh):
            "ssh: the host key of \(host) does NOT match \(kh) (changed host key: possible man-in-the-middle); refused"
        case .sshAuthFailed(let host):
            "ssh: \(host) refused the login (check CODEX_SSH_USER, CODEX_SSH_KEY / CODEX_SSH_PASS)"
        case let .sshFailed(host, message): "ssh to \(host) failed: \(message)"
        case let .timeout(host, s): "ssh to \(host) did not finish within \(s) s"
        case .expired(let source): "the token from \(source) is already expired; its owner must refresh it"
        }
    }
}
