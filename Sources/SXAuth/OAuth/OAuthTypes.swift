import Foundation
import SXCore

/// What a token endpoint returned; every field but the access token is optional (a refresh may omit them).
public struct OAuthTokens: Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String?
    public var idToken: String?
    /// Seconds, when the endpoint says (`expires_in`).
    public var expiresIn: Double?

    public init(accessToken: String, refreshToken: String? = nil, idToken: String? = nil, expiresIn: Double? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.idToken = idToken
        self.expiresIn = expiresIn
    }

    /// Parses `{access_token, refresh_token?, id_token?, expires_in?}`; `endpoint` names the source in errors.
    static func parse(_ json: JSONObject?, endpoint: String) throws -> OAuthTokens {
        guard let json, let access = json["access_token"]?.stringValue, !access.isEmpty else {
            throw OAuthError.malformedReply(endpoint: endpoint)
        }
        let expiresIn = TimeValue.sane(
            json["expires_in"]?.doubleValue ?? json["expires_in"]?.stringValue.flatMap(Double.init))
        return OAuthTokens(
            accessToken: access, refreshToken: json["refresh_token"]?.stringValue,
            idToken: json["id_token"]?.stringValue, expiresIn: expiresIn)
    }

    /// Expiry: the access token's JWT `exp`, else `expires_in` from `now`.
    public func expiry(now: Date) -> Date? {
        JWTClaims(jwt: accessToken)?.expires ?? expiresIn.map { now.addingTimeInterval($0) }
    }
}

/// Token endpoint failures. `permanent` ones need a new login; retrying them only burns requests.
public enum OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    case permanent(code: String?, status: Int)
    case transient(status: Int, message: String)
    case malformedReply(endpoint: String)
    case deviceLoginDisabled
    case deviceLoginExpired
    case deviceLoginFailed(status: Int, message: String)
    case stateMismatch
    case authorizationDenied(String)

    public var description: String {
        switch self {
        case let .permanent(code, status):
            "the login can no longer be refreshed (\(code ?? "HTTP \(status)")); run `sx auth login` to sign in again"
        case let .transient(status, message):
            "failed to refresh token: \(status): \(message)"
        case .malformedReply(let endpoint):
            "\(endpoint) answered without an access_token"
        case .deviceLoginDisabled:
            "device code login is not enabled for this issuer; use `sx auth login` without --device"
        case .deviceLoginExpired:
            "the device code expired before it was confirmed (15 minutes); run the login again"
        case let .deviceLoginFailed(status, message):
            "device login failed: \(status): \(message)"
        case .stateMismatch:
            "the login callback's state does not match this login attempt; start the login again"
        case .authorizationDenied(let why):
            "the authorization was refused: \(why)"
        }
    }

    /// Refresh-token errors that mean the refresh chain is dead (docs/protocol/codex-login.md#token-refresh).
    static let permanentCodes: Set<String> = [
        "refresh_token_expired", "refresh_token_reused", "refresh_token_invalidated", "invalid_grant"
    ]

    /// `error.code`, else an `error` string, else a top-level `code`.
    static func errorCode(_ json: JSONObject?) -> String? {
        guard let json else { return nil }
        if let e = json["error"]?.objectValue { return e["code"]?.stringValue ?? e["type"]?.stringValue }
        return json["error"]?.stringValue ?? json["code"]?.stringValue
    }

    /// A short message from an error body, with secrets it might echo removed.
    static func errorMessage(_ r: AuthHTTPResponse, secrets: [String]) -> String {
        let j = r.json
        let m =
            j?["error"]?.objectValue?["message"]?.stringValue ?? j?["error_description"]?.stringValue
            ?? j?["message"]?.stringValue ?? errorCode(j)
            ?? String(decoding: r.body.prefix(200), as: UTF8.self)
        return Redact.scrub(m.replacingOccurrences(of: "\n", with: " "), secrets: secrets)
    }

    /// Classifies a non-2xx refresh reply.
    static func refreshFailure(_ r: AuthHTTPResponse, secrets: [String]) -> OAuthError {
        let code = errorCode(r.json)
        if r.status == 401 || code.map(permanentCodes.contains) == true {
            return .permanent(code: code, status: r.status)
        }
        return .transient(status: r.status, message: errorMessage(r, secrets: secrets))
    }
}
