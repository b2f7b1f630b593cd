import ArgumentParser
import Foundation
import SXCore
import SXAuth

struct AuthLoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in with a ChatGPT (Codex) or Claude subscription and store the login as a profile.")
    @Flag(help: "Use the device-code flow (enter a code on another device) instead of a browser redirect.") var device =
        false
    @Option(help: "codex (default) or claude.") var provider: ProviderID = .openaiCodex
    @Argument(help: "Profile name (default: default).") var name: String = "default"

    func run() async throws {
        try await AuthContext.run { ctx in
            let tokens: OAuthTokens
            let saveAs: ProviderID
            switch provider {
            case .openaiCodex:
                tokens = try await device ? codexDevice(ctx) : codexBrowser(ctx)
                saveAs = .openaiCodex
            case .claudeCode, .anthropic:
                tokens = try await claude(ctx)
                saveAs = .claudeCode
            default:
                throw ValidationError(
                    "\(provider.displayName) uses API keys: run `sx auth add-key --provider \(provider.displayName) \(name)`"
                )
            }
            let id = try await ctx.store.saveOAuthLogin(provider: saveAs, name: name, tokens: tokens)
            let email = JWTClaims.merged(idToken: tokens.idToken, accessToken: tokens.accessToken).email
            print("Successfully logged in as \(email ?? "unknown account") (profile \(id))")
        }
    }

    private func codexDevice(_ ctx: AuthContext) async throws -> OAuthTokens {
        let oauth = OpenAIOAuth(issuer: ctx.settings.issuer, http: ctx.http, originator: ctx.settings.originator)
        let code = try await oauth.startDeviceLogin()
        errLine(
            "Open \(code.verificationURL.absoluteString) and enter the code \(code.userCode) (expires in 15 minutes).")
        return try await oauth.completeDeviceLogin(code)
    }

    private func codexBrowser(_ ctx: AuthContext) async throws -> OAuthTokens {
        let oauth = OpenAIOAuth(issuer: ctx.settings.issuer, http: ctx.http, originator: ctx.settings.originator)
        if let server = try? LoopbackCallbackServer(port: OpenAIOAuth.callbackPort) {
            return try await oauth.browserLogin(server: server) { url in
                errLine("Open this URL in a browser on this machine to sign in:\n\(url.absoluteString)")
            }
        }
        return try await oauth.pastedLogin(
            show: { url in
                errLine(
                    "Port \(OpenAIOAuth.callbackPort) is busy. Open this URL, sign in, then paste the address the "
                        + "browser was sent to (it starts with \(OpenAIOAuth.redirectURI())):\n\(url.absoluteString)")
            }, readLine: { Swift.readLine() })
    }

    private func claude(_ ctx: AuthContext) async throws -> OAuthTokens {
        let oauth = ClaudeOAuth(authBase: ctx.settings.claudeAuthURL, http: ctx.http)
        let pkce = PKCE()
        errLine(
            "Open this URL, sign in with your Claude subscription, then paste the code shown (code#state):\n"
                + oauth.authorizeURL(pkce: pkce).absoluteString)
        guard let pasted = LoopbackCallbackServer.parsePasted(readLine() ?? "") else {
            throw ValidationError("no code pasted")
        }
        return try await oauth.exchangeCode(pasted.code, state: pasted.state, pkce: pkce)
    }
}
