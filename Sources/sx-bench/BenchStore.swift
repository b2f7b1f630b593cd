import Foundation

/// A profile store with one Codex OAuth login whose access token stays valid for the whole run, so that `sx exec`
/// talks to the mock without refreshing.
enum BenchStore {
    static func b64(_ s: String) -> String {
        Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(
            of: "+", with: "-"
        )
        .replacingOccurrences(of: "/", with: "_")
    }

    /// An unsigned access token with the claims sx reads (expiry, email, ChatGPT account and plan).
    static func jwt(exp: Int, email: String = "bench@example.com") -> String {
        let claims =
            #"{"exp":\#(exp),"email":"\#(email)","https://api.openai.com/auth":{"chatgpt_account_id":"acct-bench","chatgpt_plan_type":"plus"}}"#
        return b64(#"{"alg":"none","typ":"JWT"}"#) + "." + b64(claims) + ".sig"
    }

    static func write(home: URL) throws {
        let exp = Int(Date().timeIntervalSince1970) + 86400
        let store: [String: Any] = [
            "version": 1,
            "profiles": [
                "openai-codex:bench": [
                    "type": "oauth", "provider": "openai-codex", "access": jwt(exp: exp),
                    "refresh": "bench-refresh-token", "expires": Int64(exp) * 1000,
                    "accountId": "acct-bench", "email": "bench@example.com"
                ]
            ]
        ]
        let data = try JSONSerialization.data(withJSONObject: store, options: [.prettyPrinted])
        let url = home.appendingPathComponent("auth-profiles.json")
        try data.write(to: url)
        chmod(url.path, 0o600)
        chmod(home.path, 0o700)
    }
}
