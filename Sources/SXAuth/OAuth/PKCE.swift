import Crypto
import Foundation

/// An RFC 7636 verifier/challenge pair (S256) and a CSRF state for one browser login.
public struct PKCE: Sendable, Equatable {
    public let verifier: String
    public let challenge: String
    public let state: String

    public init() {
        self.init(verifier: Self.randomURLSafe(bytes: 64), state: Self.randomURLSafe(bytes: 32))
    }

    public init(verifier: String, state: String) {
        self.verifier = verifier
        self.state = state
        challenge = JWTClaims.base64URLEncode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    static func randomURLSafe(bytes n: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return JWTClaims.base64URLEncode(Data((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }))
    }
}
