import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

extension Providers.Anthropic {
    /// Anthropic's refusal of a subscription login outside Claude Code is about the kind of login, not the token:
    /// no refresh, no second request, one line naming the profile.
    @Test(arguments: [400, 403])
    func aSubscriptionRefusalIsNotRefreshedAndNamesTheProfile(_ status: Int) async throws {
        let mock = try ProviderMock(replies: [AnthropicSSE.subscriptionRefusalReply(status: status)])
        defer { mock.stop() }
        let (p, pool) = try make(mock, id: .claudeCode)
        let login = RefreshingClaudeLogin()
        let options = SessionOptions(
            provider: .claudeCode, model: "claude-sonnet-4-5", maxSteps: 2, systemPrompt: "sys", retryBaseMs: 5)
        let session = Session(options: options, providers: ProviderRegistry([p]), credentials: login)
        await session.send("hi", attachments: [])
        var events: [EngineEvent] = []
        for await e in session.events {
            events.append(e)
            if case .turnDone = e { break }
        }
        await session.close()
        await pool.shutdown()
        #expect(events.outcome == .failed)
        #expect(login.refreshCount == 0)
        #expect(mock.requests.count == 1)
        let message = events.compactMap { if case .error(let m) = $0 { m } else { nil } }.first ?? ""
        #expect(message.hasPrefix("claude-code:me: "))
        #expect(message.contains("outside Claude Code") && !message.contains("\n"))
    }

    @Test func theClassifierReadsTheRefusalAsAnAuthFailureNoRefreshCures() {
        let body = Data(
            #"{"type":"error","error":{"type":"permission_error","message":"This credential is only authorized for use with Claude Code and cannot be used for other API requests."}}"#
                .utf8)
        let f = FailureClassifier.classify(provider: .claudeCode, status: 403, headers: HeaderFields([]), body: body)
        #expect(f.reason == .auth)
        #expect(!f.refreshMayHelp)
        let expired = Data(
            #"{"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired."}}"#.utf8)
        #expect(
            FailureClassifier.classify(provider: .claudeCode, status: 401, headers: HeaderFields([]), body: expired)
                .refreshMayHelp)
    }
}
