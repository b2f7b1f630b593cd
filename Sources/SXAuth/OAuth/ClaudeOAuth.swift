import Foundation
import SXCore

/// Claude Pro/Max subscription OAuth (docs/protocol/anthropic.md#subscription-login): PKCE with a pasted
/// `code#state`, JSON token calls.
/// Unofficial and opt-in; the facts come from Claude Code's public clients.
public struct ClaudeOAuth: Sendable {
    public static let clientId = "9d1c250a-e61b-44d9-88ed-5944d1962f5e"
    public static let defaultAuthBase = "https://platform.claude.com"
    public static let scopes = "org:create_api_key user:profile user:inference user:sessions:claude_code"

    /// `CLAUDE_AUTH_URL`: the token endpoint is `{base}/v1/oauth/token`, the callback page `{base}/oauth/code/callback`.
    public let authBase: URL
    /// The authorize page; claude.ai unless `CLAUDE_AUTH_URL` points elsewhere (tests).
    public let authorizeBase: URL
    public let http: AuthHTTP

    public init(authBase: URL?, http: AuthHTTP) {
        self.authBase = authBase ?? URL(string: Self.defaultAuthBase)!
        authorizeBase = authBase ?? URL(string: "https://claude.ai")!
        self.http = http
    }

    var tokenURL: URL { authBase.appendingPathComponent("v1/oauth/token") }
    public var redirectURI: String { authBase.appendingPathComponent("oauth/code/callback").absoluteString }

    public func authorizeURL(pkce: PKCE) -> URL {
        var c = URLComponents(
            url: authorizeBase.appendingPathComponent("oauth/authorize"), resolvingAgainstBaseURL: false)!
        c.queryItems = [
            .init(name: "code", value: "true"),
            .init(name: "client_id", value: Self.clientId),
            .init(name: "response_type", value: "code"),
            .init(name: "redirect_uri", value: redirectURI),
            .init(name: "scope", value: Self.scopes),
            .init(name: "code_challenge", value: pkce.challenge),
            .init(name: "code_challenge_method", value: "S256"),
            .init(name: "state", value: pkce.state)
        ]
        return c.url!
    }

    /// Exchanges the pasted `code#state`.
    public func exchangeCode(_ code: String, state: String?, pkce: PKCE) async throws -> OAuthTokens {
        if let state, state != pkce.state { throw OAuthError.stateMismatch }
        var body = JSONObject()
        body["grant_type"] = .string("authorization_code")
        body["client_id"] = .string(Self.clientId)
        body["code"] = .string(code)
        body["state"] = .string(pkce.state)
        body["redirect_uri"] = .string(redirectURI)
        body["code_verifier"] = .string(pkce.verifier)
        let r = try await http.postJSON(tokenURL, body)
        guard (200..<300).contains(r.status) else {
            throw OAuthError.authorizationDenied(
                "\(r.status): \(OAuthError.errorMessage(r, secrets: [code, pkce.verifier]))")
        }
        return try OAuthTokens.parse(r.json, endpoint: tokenURL.absoluteString)
    }

    /// `{grant_type: refresh_token, client_id, refresh_token}`; refresh tokens rotate.
    public func refresh(refreshToken: String) async throws -> OAuthTokens {
        var body = JSONObject()
        body["grant_type"] = .string("refresh_token")
        body["client_id"] = .string(Self.clientId)
        body["refresh_token"] = .string(refreshToken)
        let r = try await http.postJSON(tokenURL, body)
        guard (200..<300).contains(r.status) else { throw OAuthError.refreshFailure(r, secrets: [refreshToken]) }
        return try OAuthTokens.parse(r.json, endpoint: tokenURL.absoluteString)
    }
}
