import Foundation
import Testing
import SXTestSupport

/// `sx models list` and what the live catalog does to `sx exec`, through the real binary against the Codex mock.
@Suite struct ModelsListCLITests {
    func setUp(_ mock: CodexMock) throws -> (CLI, [String: String], String) {
        let cli = CLI()
        let access = try CodexExecTests().login(cli)
        return (cli, ["CODEX_BASE_URL": mock.baseURL], access)
    }

    @Test func listsTheServedCatalogAndExecUsesItsFirstModel() throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("Hello from the first listed model"))])
        defer { mock.stop() }
        let (cli, env, access) = try setUp(mock)
        let list = try cli.run(["models", "list", "--provider", "codex"], extraEnv: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("codex: server list, read now"))
        for slug in ["gpt-6.1-sol", "gpt-6-astra", "gpt-5.6-luna", "gpt-5.5"] { #expect(list.stdout.contains(slug)) }
        #expect(list.stdout.contains("* gpt-6.1-sol"))
        #expect(list.stdout.contains("low*,medium,high,xhigh,max,ultra"))
        #expect(list.stdout.contains("server: efforts, image input, thinking, window"))
        #expect(list.stdout.contains("gpt-daybreak-blue-latest") && list.stdout.contains("[hidden]"))
        #expect(!list.stdout.contains(access) && !list.stderr.contains(access))
        #expect(mock.catalogRequests.count == 1)
        #expect(mock.catalogRequests.first?.uri.contains("client_version=0.1.0") == true)
        #expect(
            FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("models/openai-codex.json").path))

        let exec = try cli.run(["exec", "--provider", "codex", "Say hello"], extraEnv: env)
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stdout == "Hello from the first listed model\n")
        let body = try #require(mock.requests.first?.json)
        #expect(body["model"] as? String == "gpt-6.1-sol")
        #expect((body["reasoning"] as? [String: Any])?["effort"] as? String == "low")
        // The cache was young: the run did not read the list again.
        #expect(mock.catalogRequests.count == 1)

        let cached = try cli.run(["models", "list", "--provider", "codex", "--json"], extraEnv: env)
        #expect(cached.status == 0, "\(cached.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cached.stdout.utf8)) as? [String: Any])
        let codex = try #require((json["providers"] as? [[String: Any]])?.first)
        #expect(codex["source"] as? String == "cache")
        let models = try #require(codex["models"] as? [[String: Any]])
        #expect(models.first?["id"] as? String == "gpt-6.1-sol")
        #expect(models.first?["default"] as? Bool == true)
        #expect((models.first?["sources"] as? [String: String])?["efforts"] == "server")
        #expect(mock.catalogRequests.count == 1)
    }

    @Test func aModelTheProviderDoesNotListIsRefusedBeforeAnyRequest() throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("never"))])
        defer { mock.stop() }
        let (cli, env, _) = try setUp(mock)
        #expect(try cli.run(["models", "list", "--provider", "codex"], extraEnv: env).status == 0)
        let r = try cli.run(["exec", "--provider", "codex", "--model", "nope-1", "Say hello"], extraEnv: env)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("nope-1") && r.stderr.contains("did you mean gpt-"))
        #expect(mock.requests.isEmpty)
        // Without a list known, the same model goes to the server, which refuses it the way the backend does.
        let fresh = CLI()
        _ = try CodexExecTests().login(fresh)
        let unknown = try fresh.run(["exec", "--provider", "codex", "--model", "nope-1", "Say hello"], extraEnv: env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("not supported when using Codex with a ChatGPT account"))
    }

    @Test func aFailingListEndpointKeepsTheCachedListAndSaysSoOnce() throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let (cli, env, _) = try setUp(mock)
        // No cache and a broken endpoint: the built-in list, said once.
        mock.setCatalog(.reply(.json(500, ["detail": "Internal error"]), accepting: []))
        let none = try cli.run(["models", "list", "--provider", "codex"], extraEnv: env)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.contains("codex: built-in list"))
        #expect(none.stderr.components(separatedBy: "could not read the model list").count == 2, "\(none.stderr)")
        #expect(none.stderr.contains("HTTP 500"))
        mock.setCatalog(.models(MockModelCatalogs.codex))
        #expect(try cli.run(["models", "list", "--provider", "codex", "--refresh"], extraEnv: env).status == 0)
        mock.setCatalog(.reply(.full(status: 200, headers: [], body: Data("garbage".utf8)), accepting: ["gpt-6.1-sol"]))
        let kept = try cli.run(["models", "list", "--provider", "codex", "--refresh"], extraEnv: env)
        #expect(kept.status == 0)
        #expect(kept.stdout.contains("gpt-6.1-sol") && kept.stdout.contains("server list, cached"))
        #expect(kept.stderr.contains("could not read the model list (unreadable model list"))
        // A cache file that does not parse is replaced, not fatal.
        try Data("{not json".utf8).write(to: cli.home.appendingPathComponent("models/openai-codex.json"))
        mock.setCatalog(.models(MockModelCatalogs.codex))
        let replaced = try cli.run(["models", "list", "--provider", "codex"], extraEnv: env)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stderr.contains("did not parse"))
        #expect(replaced.stdout.contains("server list, read now"))
    }

    @Test func anUpgradeHintIsShownOnceAndEffortsAreClamped() throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("ok"))])
        defer { mock.stop() }
        let (cli, env, _) = try setUp(mock)
        #expect(try cli.run(["models", "list"], extraEnv: env).status == 0)
        let first = try cli.run(
            ["exec", "--provider", "codex", "--model", "gpt-5.5", "hi"],
            extraEnv: env.merging(["REASONING_EFFORT": "ultra"]) { $1 })
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("suggests moving from gpt-5.5 to gpt-6-sol"))
        #expect((mock.requests.last?.json?["reasoning"] as? [String: Any])?["effort"] as? String == "xhigh")
        let second = try cli.run(["exec", "--provider", "codex", "--model", "gpt-5.5", "hi"], extraEnv: env)
        #expect(second.status == 0)
        #expect(!second.stderr.contains("suggests moving"))
    }

    @Test func aMissingCacheIsReadBesideTheFirstTurnNotBeforeIt() throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let (cli, env, _) = try setUp(mock)
        let cacheFile = cli.home.appendingPathComponent("models/openai-codex.json").path
        // The answer waits (at most 10 s) until the list has been read and cached beside the turn.
        mock.setReplies([
            .deferred(
                status: 200, headers: [("content-type", "text/event-stream")],
                body: {
                    for _ in 0..<200 where !FileManager.default.fileExists(atPath: cacheFile) {
                        usleep(50_000)
                    }
                    return Data(CodexSSE.reply("answered before the list was known").utf8)
                })
        ])
        let r = try cli.run(["exec", "--provider", "codex", "hi"], extraEnv: env)
        #expect(r.status == 0, "\(r.stderr)")
        // The request went out with the built-in default: nothing waited for the list.
        #expect(mock.requests.first?.json?["model"] as? String == "gpt-5.5")
        #expect(mock.catalogRequests.count == 1)
        #expect(FileManager.default.fileExists(atPath: cacheFile))
        // The next run starts from the list it left.
        mock.setReplies([.sse(CodexSSE.reply("ok"))])
        #expect(try cli.run(["exec", "--provider", "codex", "hi"], extraEnv: env).status == 0)
        #expect(mock.requests.last?.json?["model"] as? String == "gpt-6.1-sol")
        #expect(mock.catalogRequests.count == 1)
    }
}
