import Foundation
import SXCore
import SXAuth
import NIOConcurrencyHelpers

/// A loopback OpenAI-style issuer: a token endpoint with rotating refresh tokens that rejects reuse
/// (`refresh_token_reused`, 401), the device-code endpoints (403 pending, then success), and a remote token
/// endpoint (`GET /codex`). Every request is recorded.
public final class OAuthMockServer: Sendable {
    public struct Config: Sendable {
        public var accountId = "acct-mock-0001"
        public var email = "mock.user@example.com"
        public var plan = "plus"
        /// Life of issued access tokens, seconds.
        public var tokenLifetime: TimeInterval = 3600
        /// Device polls answered 403 before success.
        public var pendingPolls = 1
        /// Delay of refresh replies, to widen race windows.
        public var refreshDelayMillis: Int64 = 0
        /// Refresh requests get headers and then nothing (a token endpoint that times out).
        public var refreshStall = false
        /// Refresh replies are held (headers sent, body not) until `releaseRefreshReplies()`.
        public var holdRefreshReplies = false
        /// `GET /codex` requires `Authorization: Bearer <this>` when set.
        public var remoteBearer: String?
        public init() {}
    }

    struct State {
        var config: Config
        var requests: [RecordedRequest] = []
        var validRefresh: Set<String> = []
        var usedRefresh: Set<String> = []
        var serial = 0
        var polls = 0
        var lastIssuedAccess: String?
        var authCode = "authcode-mock-0000000000001"
        var verifier = "verifier-mock-" + String(repeating: "v", count: 41)
        var remoteReply: String?
        /// Browser-flow codes and the PKCE challenge each was issued for.
        var pkceCodes: [String: String] = [:]
        /// Refresh token → family: tokens issued for a family's refresh carry `acct-<family>` as their account id,
        /// so a backend mock can tell which login a bearer belongs to.
        var family: [String: String] = [:]
        var reuseRejections = 0
        var refreshesServed = 0
    }

    /// A class around the lock so the routing closure and the server share one state.
    final class Box: Sendable {
        let mutex: NIOLockedValueBox<State>
        init(_ s: State) { mutex = NIOLockedValueBox(s) }
    }

    private let box: Box
    private let http: MockHTTPServer
    private let gate: Gate
    public var port: Int { http.port }
    public var issuer: URL { URL(string: http.baseURL)! }

    public init(config: Config = Config()) async throws {
        let box = Box(State(config: config))
        let gate = Gate()
        self.box = box
        self.gate = gate
        http = try MockHTTPServer { req in
            let reply = OAuthMockServer.handle(req, box: box)
            guard config.holdRefreshReplies, req.path.hasSuffix("/oauth/token"),
                case .full(let status, let headers, let body) = reply
            else {
                return reply
            }
            return .deferred(status: status, headers: headers) {
                gate.wait()
                return body
            }
        }
    }

    public func shutdown() async { http.stop() }

    public var requests: [RecordedRequest] { box.mutex.withLockedValue { $0.requests } }
    public func requests(path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }
    /// The access token handed out last (what every refreshing client should end up with).
    public var lastIssuedAccess: String? { box.mutex.withLockedValue { $0.lastIssuedAccess } }

    /// Makes `token` a valid refresh token (as if issued earlier).
    public func registerRefreshToken(_ token: String) {
        _ = box.mutex.withLockedValue { $0.validRefresh.insert(token) }
    }
    /// Makes `token` valid and ties it (and every token issued from it, down the chain) to `family`.
    public func registerRefreshToken(_ token: String, family: String) {
        box.mutex.withLockedValue {
            $0.validRefresh.insert(token)
            $0.family[token] = family
        }
    }
    /// Sends the held refresh replies (and every later one at once).
    public func releaseRefreshReplies() { gate.open() }

    /// Refresh requests answered `refresh_token_reused` (a client spent a refresh token twice).
    public var reuseRejections: Int { box.mutex.withLockedValue { $0.reuseRejections } }
    /// Successful refreshes.
    public var refreshesServed: Int { box.mutex.withLockedValue { $0.refreshesServed } }
    /// Whether `token` is a live refresh token (issued and not yet spent).
    public func isLiveRefreshToken(_ token: String) -> Bool {
        box.mutex.withLockedValue { $0.validRefresh.contains(token) }
    }
    /// Plays the issuer's authorize page: a code bound to `challenge` (S256), as the browser redirect carries it.
    public func authorize(challenge: String) -> String {
        let code = "pkce-code-\(UUID().uuidString.prefix(8))"
        box.mutex.withLockedValue { $0.pkceCodes[code] = challenge }
        return code
    }

    /// What `GET /codex` returns.
    public func setRemoteReply(_ json: String) { box.mutex.withLockedValue { $0.remoteReply = json } }

    /// A JWT with the OpenAI claims (unsigned: sx does not check signatures).
    public static func makeJWT(exp: Date, accountId: String, email: String, plan: String) -> String {
        let payload = """
            {"iss":"https://auth.openai.com","sub":"auth0|mock-user","exp":\(Int64(exp.timeIntervalSince1970)),\
            "email":"\(email)","https://api.openai.com/auth":{"chatgpt_account_id":"\(accountId)",\
            "chatgpt_plan_type":"\(plan)","chatgpt_user_id":"user-mock123","user_id":"user-mock123"},\
            "https://api.openai.com/profile":{"email":"\(email)","email_verified":true},"nonce":"\(UUID().uuidString)"}
            """
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return b64(#"{"alg":"RS256","typ":"JWT"}"#) + "." + b64(payload) + ".c2lnbmF0dXJl"
    }

    private static func issue(_ s: inout State, family: String? = nil) -> String {
        s.serial += 1
        let c = s.config
        let exp = Date().addingTimeInterval(c.tokenLifetime)
        let account = family.map { "acct-\($0)" } ?? c.accountId
        let access = makeJWT(exp: exp, accountId: account, email: c.email, plan: c.plan)
        let id = makeJWT(exp: exp, accountId: account, email: c.email, plan: c.plan)
        let refresh = "rt-mock-rotated-\(s.serial)-\(UUID().uuidString.prefix(8))"
        s.validRefresh.insert(refresh)
        if let family { s.family[refresh] = family }
        s.lastIssuedAccess = access
        return
            #"{"id_token":"\#(id)","access_token":"\#(access)","refresh_token":"\#(refresh)","token_type":"Bearer","expires_in":\#(Int(c.tokenLifetime))}"#
    }

    static func handle(_ req: RecordedRequest, box: Box) -> MockReply {
        box.mutex.withLockedValue { s in
            s.requests.append(req)
            let json = (try? JSONParser.parse(req.body))?.objectValue
            switch (req.method, req.path) {
            case ("POST", "/oauth/token"), ("POST", "/v1/oauth/token"):
                if req.header("content-type")?.hasPrefix("application/json") == true,
                    json?["grant_type"]?.stringValue == "refresh_token"
                {
                    let rt = json?["refresh_token"]?.stringValue ?? ""
                    if s.config.refreshStall {
                        return .stream(
                            status: 200, headers: [("content-type", "application/json")], chunks: [], ending: .stall)
                    }
                    if s.usedRefresh.contains(rt) {
                        s.reuseRejections += 1
                        return reply(
                            401,
                            #"{"error":{"code":"refresh_token_reused","message":"Your refresh token has already been used to generate a new access token. Please try signing in again."}}"#
                        )
                    }
                    guard s.validRefresh.remove(rt) != nil else {
                        return reply(400, #"{"error":"invalid_grant","error_description":"unknown refresh token"}"#)
                    }
                    s.usedRefresh.insert(rt)
                    s.refreshesServed += 1
                    return reply(200, issue(&s, family: s.family[rt]), delayMs: Int(s.config.refreshDelayMillis))
                }
                // Claude's code exchange is JSON (docs/protocol/anthropic.md#subscription-login).
                if req.header("content-type")?.hasPrefix("application/json") == true,
                    json?["grant_type"]?.stringValue == "authorization_code"
                {
                    guard let code = json?["code"]?.stringValue, let challenge = s.pkceCodes[code],
                        PKCE(verifier: json?["code_verifier"]?.stringValue ?? "", state: "").challenge == challenge,
                        json?["state"]?.stringValue?.isEmpty == false, json?["client_id"] != nil
                    else {
                        return reply(400, #"{"error":"invalid_grant"}"#)
                    }
                    s.pkceCodes[code] = nil
                    return reply(200, issue(&s))
                }
                let form = parseForm(String(decoding: req.body, as: UTF8.self))
                if let code = form["code"], let challenge = s.pkceCodes[code] {
                    let verifier = form["code_verifier"] ?? ""
                    guard form["grant_type"] == "authorization_code",
                        PKCE(verifier: verifier, state: "").challenge == challenge,
                        form["redirect_uri"]?.hasPrefix("http://localhost:") == true
                    else {
                        return reply(400, #"{"error":"invalid_grant","error_description":"PKCE check failed"}"#)
                    }
                    s.pkceCodes[code] = nil
                    return reply(200, issue(&s))
                }
                guard form["grant_type"] == "authorization_code", form["code"] == s.authCode,
                    form["code_verifier"] == s.verifier, form["client_id"] == "app_EMoamEEZ73f0CkXaXp7hrann"
                else {
                    return reply(400, #"{"error":"invalid_grant"}"#)
                }
                return reply(200, issue(&s))
            case ("POST", "/api/accounts/deviceauth/usercode"):
                return reply(
                    200,
                    #"{"device_auth_id":"deviceauth_mock_1","user_code":"MOCK-CODE","interval":"1","expires_at":"2099-01-01T00:00:00Z"}"#
                )
            case ("POST", "/api/accounts/deviceauth/token"):
                guard json?["device_auth_id"]?.stringValue == "deviceauth_mock_1",
                    json?["user_code"]?.stringValue == "MOCK-CODE"
                else {
                    return reply(400, #"{"error":{"code":"bad_request","message":"unknown device code"}}"#)
                }
                s.polls += 1
                if s.polls <= s.config.pendingPolls {
                    return reply(403, #"{"error":{"code":"deviceauth_authorization_unknown","message":"pending"}}"#)
                }
                return reply(
                    200,
                    #"{"authorization_code":"\#(s.authCode)","code_challenge":"mock_code_challenge_S256","code_verifier":"\#(s.verifier)"}"#
                )
            case ("GET", "/codex"):
                if let b = s.config.remoteBearer, req.header("authorization") != "Bearer \(b)" {
                    return reply(401, #"{"error":"unauthorized"}"#)
                }
                return reply(200, s.remoteReply ?? #"{"error":"no token configured"}"#)
            default:
                return reply(404, #"{"error":"not found"}"#)
            }
        }
    }

    public static func parseForm(_ s: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in s.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let dec = { (x: String) in x.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? x }
            out[dec(kv[0])] = kv.count > 1 ? dec(kv[1]) : ""
        }
        return out
    }

    /// A JSON reply; with a delay the body is held back (headers go out at once) to widen race windows.
    static func reply(_ status: Int, _ json: String, delayMs: Int = 0) -> MockReply {
        guard delayMs > 0 else {
            return .full(status: status, headers: [("content-type", "application/json")], body: Data(json.utf8))
        }
        return .stream(
            status: status, headers: [("content-type", "application/json")],
            chunks: [.init(json, delayMs: delayMs)], ending: .end)
    }
}

/// Closed until `open()`; `wait()` blocks its thread (a reply thread of the mock, never the cooperative pool)
/// until it is open.
public final class Gate: @unchecked Sendable {
    // NSCondition guards `isOpen`; every access holds it.
    private let condition = NSCondition()
    private var isOpen = false

    public init() {}

    public func wait() {
        condition.lock()
        while !isOpen { condition.wait() }
        condition.unlock()
    }

    public func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }
}
