import Foundation
import SXCore

/// OpenAI's OAuth endpoints as Codex uses them (docs/protocol/codex-login.md#token-refresh,
/// docs/protocol/codex-login.md#device-login, docs/protocol/codex-login.md#browser-login): refresh, device code,
/// PKCE browser login.
public struct OpenAIOAuth: Sendable {
    public static let clientId = "app_EMoamEEZ73f0CkXaXp7hrann"
    public static let defaultIssuer = SettingKeys.defaultValue("CODEX_AUTH_ISSUER")
    /// Codex's callback port; its registered redirect URI is `http://localhost:1455/auth/callback`.
    public static let callbackPort: UInt16 = 1455

    public let issuer: URL
    public let http: AuthHTTP
    /// `originator` header of the refresh call (Codex sends its own; sx says `CODEX_ORIGINATOR` or `sx`).
    public var originator: String
    public var userAgent: String

    public init(issuer: URL, http: AuthHTTP, originator: String = "sx", userAgent: String = "sx") {
        self.issuer = issuer
        self.http = http
        self.originator = originator
        self.userAgent = userAgent
    }

    var tokenURL: URL { issuer.appendingPathComponent("oauth/token") }

    // MARK: refresh (docs/protocol/codex-login.md#token-refresh)

    /// JSON `{client_id, grant_type, refresh_token}`, no scope. Permanent errors throw `OAuthError.permanent`.
    public func refresh(refreshToken: String) async throws -> OAuthTokens {
        var body = JSONObject()
        body["client_id"] = .string(Self.clientId)
        body["grant_type"] = .string("refresh_token")
        body["refresh_token"] = .string(refreshToken)
        let r = try await http.postJSON(
            tokenURL, body, headers: [("originator", originator), ("user-agent", userAgent)])
        guard (200..<300).contains(r.status) else { throw OAuthError.refreshFailure(r, secrets: [refreshToken]) }
        return try OAuthTokens.parse(r.json, endpoint: tokenURL.absoluteString)
    }

    // MARK: device code (docs/protocol/codex-login.md#device-login)

    public struct DeviceCode: Sendable, Equatable {
        public var deviceAuthId: String
        public var userCode: String
        public var interval: Double
        /// Where the person enters the code.
        public var verificationURL: URL
    }

    public func startDeviceLogin() async throws -> DeviceCode {
        var body = JSONObject()
        body["client_id"] = .string(Self.clientId)
        let url = issuer.appendingPathComponent("api/accounts/deviceauth/usercode")
        let r = try await http.postJSON(url, body)
        if r.status == 404 { throw OAuthError.deviceLoginDisabled }
        guard (200..<300).contains(r.status), let j = r.json, let id = j["device_auth_id"]?.stringValue,
            let code = j["user_code"]?.stringValue ?? j["usercode"]?.stringValue
        else {
            if (200..<300).contains(r.status) { throw OAuthError.malformedReply(endpoint: url.absoluteString) }
            throw OAuthError.deviceLoginFailed(status: r.status, message: OAuthError.errorMessage(r, secrets: []))
        }
        // `interval` arrives as a string of seconds; a number is tolerated. At least 1 s, so we never hammer, and
        // at most a minute (a code lives 15 minutes).
        let interval =
            TimeValue.sane(j["interval"]?.stringValue.flatMap(Double.init) ?? j["interval"]?.doubleValue) ?? 5
        return DeviceCode(
            deviceAuthId: id, userCode: code, interval: min(60, max(1, interval)),
            verificationURL: issuer.appendingPathComponent("codex/device"))
    }

    /// Polls until the person confirmed the code (403/404 = pending), then exchanges the authorization code.
    /// `timeout` is the device code's life (15 min).
    public func completeDeviceLogin(_ code: DeviceCode, timeout: TimeInterval = 900) async throws -> OAuthTokens {
        let url = issuer.appendingPathComponent("api/accounts/deviceauth/token")
        var body = JSONObject()
        body["device_auth_id"] = .string(code.deviceAuthId)
        body["user_code"] = .string(code.userCode)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            try Task.checkCancellation()
            let r = try await http.postJSON(url, body)
            if (200..<300).contains(r.status) {
                guard let j = r.json, let authCode = j["authorization_code"]?.stringValue,
                    let verifier = j["code_verifier"]?.stringValue
                else {
                    throw OAuthError.malformedReply(endpoint: url.absoluteString)
                }
                return try await exchangeCode(
                    authCode, verifier: verifier,
                    redirectURI: issuer.appendingPathComponent("deviceauth/callback").absoluteString)
            }
            guard r.status == 403 || r.status == 404 else {
                throw OAuthError.deviceLoginFailed(status: r.status, message: OAuthError.errorMessage(r, secrets: []))
            }
            if Date() >= deadline { throw OAuthError.deviceLoginExpired }
            try await Task.sleep(nanoseconds: UInt64(code.interval * 1_000_000_000))
        }
    }

    // MARK: authorization code (device and browser)

    /// Form-encoded `authorization_code` exchange, as in device-4-code-exchange.json.
    public func exchangeCode(_ code: String, verifier: String, redirectURI: String) async throws -> OAuthTokens {
        let r = try await http.postForm(
            tokenURL,
            [
                ("grant_type", "authorization_code"), ("client_id", Self.clientId), ("code", code),
                ("redirect_uri", redirectURI), ("code_verifier", verifier)
            ])
        guard (200..<300).contains(r.status) else {
            throw OAuthError.authorizationDenied(
                "\(r.status): \(OAuthError.errorMessage(r, secrets: [code, verifier]))")
        }
        return try OAuthTokens.parse(r.json, endpoint: tokenURL.absoluteString)
    }

    // MARK: browser (PKCE)

    public static func redirectURI(port: UInt16 = callbackPort) -> String { "http://localhost:\(port)/auth/callback" }

    /// The whole browser login over a bound callback server: shows the authorize URL through `show`, waits for
    /// the redirect, checks `state`, exchanges the code with the PKCE verifier.
    public func browserLogin(
        server: LoopbackCallbackServer, timeout: TimeInterval = 600,
        show: @Sendable (URL) -> Void
    ) async throws -> OAuthTokens {
        let pkce = PKCE()
        let redirect = Self.redirectURI(port: server.port)
        show(authorizeURL(pkce: pkce, redirectURI: redirect))
        let q = try await server.waitForCallback(path: "/auth/callback", timeout: timeout)
        if let err = q["error"] { throw OAuthError.authorizationDenied(q["error_description"] ?? err) }
        guard let code = q["code"], !code.isEmpty else {
            throw OAuthError.authorizationDenied("the callback carried no code")
        }
        guard q["state"] == pkce.state else { throw OAuthError.stateMismatch }
        return try await exchangeCode(code, verifier: pkce.verifier, redirectURI: redirect)
    }

    /// The fallback when the callback port is busy: the person pastes the address the browser was sent to.
    public func pastedLogin(show: @Sendable (URL) -> Void, readLine: @Sendable () -> String?) async throws
        -> OAuthTokens
    {
        let pkce = PKCE()
        let redirect = Self.redirectURI()
        show(authorizeURL(pkce: pkce, redirectURI: redirect))
        guard let pasted = LoopbackCallbackServer.parsePasted(readLine() ?? "") else {
            throw OAuthError.authorizationDenied("no redirect URL was pasted")
        }
        guard pasted.state == pkce.state else { throw OAuthError.stateMismatch }
        return try await exchangeCode(pasted.code, verifier: pkce.verifier, redirectURI: redirect)
    }

    /// The page the person opens; the issuer redirects to `redirectURI` with `code` and `state`.
    public func authorizeURL(pkce: PKCE, redirectURI: String) -> URL {
        var c = URLComponents(url: issuer.appendingPathComponent("oauth/authorize"), resolvingAgainstBaseURL: false)!
        c.queryItems = [
            .init(name: "response_type", value: "code"),
            .init(name: "client_id", value: Self.clientId),
            .init(name: "redirect_uri", value: redirectURI),
            .init(name: "scope", value: "openid profile email offline_access"),
            .init(name: "code_challenge", value: pkce.challenge),
            .init(name: "code_challenge_method", value: "S256"),
            .init(name: "id_token_add_organizations", value: "true"),
            .init(name: "codex_cli_simplified_flow", value: "true"),
            .init(name: "state", value: pkce.state),
            .init(name: "originator", value: originator)
        ]
        return c.url!
    }
}
