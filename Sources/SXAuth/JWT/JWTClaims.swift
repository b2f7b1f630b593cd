import Foundation
import SXCore

/// The claims sx reads from OpenAI's id and access tokens. Signatures are not checked: the token came from the
/// issuer over TLS, and sx only uses the claims to label and schedule, never to grant anything.
public struct JWTClaims: Sendable, Equatable {
    public var expires: Date?
    public var email: String?
    public var accountId: String?
    public var planType: String?
    public var userId: String?

    public init(
        expires: Date? = nil, email: String? = nil, accountId: String? = nil, planType: String? = nil,
        userId: String? = nil
    ) {
        self.expires = expires
        self.email = email
        self.accountId = accountId
        self.planType = planType
        self.userId = userId
    }

    /// Parses the payload of a three-segment JWT; `nil` when it is not one.
    public init?(jwt: String) {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Self.base64URLDecode(String(parts[1])),
            let payload = try? JSONParser.parse(data).objectValue
        else { return nil }
        if let exp = TimeValue.sane(payload["exp"]?.doubleValue) { expires = Date(timeIntervalSince1970: exp) }
        email =
            payload["email"]?.stringValue
            ?? payload["https://api.openai.com/profile"]?.objectValue?["email"]?.stringValue
        if let auth = payload["https://api.openai.com/auth"]?.objectValue {
            accountId = auth["chatgpt_account_id"]?.stringValue
            planType = auth["chatgpt_plan_type"]?.stringValue
            userId = auth["chatgpt_user_id"]?.stringValue ?? auth["user_id"]?.stringValue
        }
    }

    /// Claims of the id token, with the access token's `exp` (the one that says when requests stop working).
    public static func merged(idToken: String?, accessToken: String?) -> JWTClaims {
        var c = idToken.flatMap(JWTClaims.init(jwt:)) ?? JWTClaims()
        let a = accessToken.flatMap(JWTClaims.init(jwt:))
        c.expires = a?.expires ?? c.expires
        c.email = c.email ?? a?.email
        c.accountId = c.accountId ?? a?.accountId
        c.planType = c.planType ?? a?.planType
        c.userId = c.userId ?? a?.userId
        return c
    }

    static func base64URLDecode(_ s: String) -> Data? {
        var b = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        return Data(base64Encoded: b)
    }

    static func base64URLEncode(_ d: Data) -> String {
        d.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
