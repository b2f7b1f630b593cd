import Foundation
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// The loopback mocks refuse what the hosted servers refuse, with their status codes and error bodies, over real
/// HTTP; a refused request does not use up a scripted reply.
@Suite struct StrictMockTests {
    /// POSTs `body` to `url` and returns the status and the JSON reply.
    func post(_ url: String, _ body: [String: Any], headers: [(String, String)] = []) async throws -> (Int, [String: Any]) {
        let pool = try testPool()
        let transport = Transport(pool: pool)
        let target = URL(string: url)!
        do {
            let response = try await transport.send(url: target, headers: [("content-type", "application/json")] + headers,
                                                     body: try JSONSerialization.data(withJSONObject: body))
            let data = try await Transport.collect(response, url: target)
            await pool.shutdown()
            return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    func message(_ reply: [String: Any]) -> String {
        ((reply["error"] as? [String: Any])?["message"] as? String) ?? (reply["detail"] as? String) ?? ""
    }

    @Test func codexRefusesARequestWithoutInstructionsOrWithAWrongRequiredField() async throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("ok"))])
        defer { mock.stop() }
        let url = mock.baseURL + "/responses"
        let good: [String: Any] = ["model": "gpt-5.5", "instructions": "You are sx.", "input": [], "stream": true, "store": false]
        var cases: [([String: Any], String)] = []
        for bad in [nil, "", 7] as [Any?] {
            var b = good
            b["instructions"] = bad
            cases.append((b, "Instructions are required"))
        }
        cases.append((good.merging(["model": ""]) { $1 }, "Model is required"))
        cases.append((good.merging(["input": "hi"]) { $1 }, "Input must be a list"))
        cases.append((good.merging(["stream": false]) { $1 }, "Stream must be set to true"))
        cases.append((good.merging(["store": true]) { $1 }, "Store must be set to false"))
        for (body, detail) in cases {
            let (status, reply) = try await post(url, body)
            #expect(status == 400)
            #expect(reply as NSDictionary == ["detail": detail] as NSDictionary)
        }
        let (status, _) = try await post(url, good)
        #expect(status == 200, "the first accepted request gets the first scripted reply")
    }
}
