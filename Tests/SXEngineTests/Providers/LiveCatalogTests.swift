import Foundation
import SXCore
import Testing
import SXAuth
import SXTestSupport
@testable import SXEngine

/// A fresh `$SX_HOME/models` for one test.
func catalogDir() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-catalog-\(UUID().uuidString)/models")
    return dir
}

/// A refresher that reads the Codex mock's list with `testCredential`.
func codexRefresher(_ mock: CodexMock, pool: HTTPClientPool, cache: CatalogCache, timeout: TimeInterval = 5)
    -> CatalogRefresher
{
    let codex = CodexProvider(
        baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), originator: "sx_test",
        userAgent: "sx/test")
    return CatalogRefresher(
        registry: ProviderRegistry([codex]), credentials: StaticCredentials([testCredential]), cache: cache,
        fetcher: CatalogFetcher(transport: Transport(pool: pool), timeout: timeout))
}

extension Providers {
    @Suite struct LiveCatalogs {
        typealias Catalogs = SXEngine.LiveCatalogs

        static func codexList(_ models: [LiveModel]) -> Catalogs {
            Catalogs([.openaiCodex: LiveCatalog(provider: .openaiCodex, fetchedAt: Date(), models: models)])
        }

        @Test func serverFactsWinAndTheFamilyFillsTheRest() {
            let list = Self.codexList([
                LiveModel(
                    id: "gpt-6-sol", priority: 1, defaultEffort: "medium", efforts: ["low", "medium"],
                    contextWindow: 372_000, usablePercent: 90, imageInput: false)
            ])
            let (caps, src) = list.merged(provider: .openaiCodex, model: "gpt-6-sol")
            #expect(caps.efforts == ["low", "medium"])
            #expect(caps.defaultEffort == "medium")
            #expect(caps.contextWindow == 372_000)
            #expect(caps.usablePercent == 90)
            #expect(caps.vision == false)
            #expect(caps.thinkingForm == .openAIEffort)
            #expect(
                caps.maxOutputTokens == ModelCatalog.family(provider: .openaiCodex, model: "gpt-6-sol").maxOutputTokens)
            #expect(src["efforts"] == .server && src["window"] == .server && src["image input"] == .server)
            // A model the list does not have keeps the family rules whole.
            let other = list.merged(provider: .openaiCodex, model: "gpt-6-luna")
            #expect(other.capabilities == ModelCatalog.family(provider: .openaiCodex, model: "gpt-6-luna"))
            #expect(other.sources.values.allSatisfy { $0 == .builtIn })
            // Gemini says whether a model thinks; the level form comes from the family.
            let g = Catalogs([
                .google: LiveCatalog(
                    provider: .google, fetchedAt: Date(),
                    models: [
                        LiveModel(id: "gemini-3.5-flash", contextWindow: 2_000_000, thinking: true),
                        LiveModel(id: "gemini-2.0-flash", thinking: false)
                    ])
            ])
            #expect(g.capabilities(provider: .google, model: "gemini-3.5-flash").thinkingForm == .geminiLevel)
            #expect(g.capabilities(provider: .google, model: "gemini-3.5-flash").contextWindow == 2_000_000)
            #expect(g.capabilities(provider: .google, model: "gemini-2.0-flash").efforts.isEmpty)
        }

        @Test func defaultsAliasesAndRefusals() throws {
            let codex = Self.codexList([
                LiveModel(id: "gpt-6.1-sol", priority: 1), LiveModel(id: "gpt-next", hidden: true, priority: 0),
                LiveModel(id: "gpt-6-sol", priority: 3), LiveModel(id: "gpt-5.5", priority: 13)
            ])
            #expect(codex.defaultModel(.openaiCodex) == "gpt-6.1-sol")
            #expect(Catalogs().defaultModel(.openaiCodex) == nil)
            let claude = Catalogs([
                .anthropic: LiveCatalog(
                    provider: .anthropic, fetchedAt: Date(),
                    models: [
                        LiveModel(id: "claude-opus-4-8", createdAt: "2026-11-01T00:00:00Z"),
                        LiveModel(id: "claude-sonnet-5"),
                        LiveModel(id: "claude-opus-4-6"), LiveModel(id: "claude-opus-4-5")
                    ])
            ])
            #expect(claude.defaultModel(.anthropic) == "claude-opus-4-8")
            let builtIn = try ModelCatalog()
            #expect(claude.resolve("opus", current: .anthropic, catalog: builtIn).model == "claude-opus-4-8")
            #expect(claude.resolve("opus-4.5", current: .anthropic, catalog: builtIn).model == "claude-opus-4-5")
            #expect(claude.resolve("claude-opus-4-6", current: .anthropic, catalog: builtIn).model == "claude-opus-4-6")
            #expect(Catalogs().resolve("opus", current: .anthropic, catalog: builtIn).model == "claude-opus-4-6")
            #expect(codex.resolve("sol", current: .openaiCodex, catalog: builtIn).model == "gpt-6.1-sol")
            // `sonnet` → claude-sonnet-4-5 is not listed: the family's newest listed model instead.
            #expect(claude.resolve("sonnet", current: .anthropic, catalog: builtIn).model == "claude-sonnet-5")
            #expect(throws: Never.self) { try codex.check(provider: .openaiCodex, model: "gpt-next") }
            #expect(throws: Never.self) { try Catalogs().check(provider: .openaiCodex, model: "anything") }
            // The same family's newest, else the closest spelling.
            #expect(throws: ModelNotListed(provider: .openaiCodex, model: "gpt-7-sol", suggestion: "gpt-6.1-sol")) {
                try codex.check(provider: .openaiCodex, model: "gpt-7-sol")
            }
            #expect(throws: ModelNotListed(provider: .openaiCodex, model: "gpt-6-solar", suggestion: "gpt-6-sol")) {
                try codex.check(provider: .openaiCodex, model: "gpt-6-solar")
            }
            let e = ModelNotListed(
                provider: .openaiCodex, model: "nope-1",
                suggestion: Catalogs.nearest("nope-1", in: codex.lists[.openaiCodex]!))
            #expect(e.suggestion != nil && e.suggestion != "gpt-next")
            #expect(!e.description.contains("\n") && e.description.contains("nope-1"))
        }

        @Test func cacheRoundTripAndAFileThatDoesNotParse() throws {
            let cache = CatalogCache(directory: catalogDir())
            #expect(cache.load(.openaiCodex) == nil)
            let c = LiveCatalog(
                provider: .openaiCodex, fetchedAt: Date(timeIntervalSince1970: 1_790_000_000), etag: "W/\"1\"",
                models: [LiveModel(id: "gpt-6-sol", priority: 3, efforts: ["low"], upgrade: "gpt-7")])
            try cache.save(c)
            #expect(cache.load(.openaiCodex) == c)
            let mode =
                try FileManager.default.attributesOfItem(atPath: cache.url(.openaiCodex).path)[.posixPermissions]
                as? Int
            #expect(mode == 0o600)
            try Data("{\"provider\": tru".utf8).write(to: cache.url(.openaiCodex))
            #expect(cache.load(.openaiCodex) == nil)
            #expect(cache.isCorrupt(.openaiCodex))
            #expect(cache.markShown("codex/gpt-5.5->gpt-6-sol"))
            #expect(!cache.markShown("codex/gpt-5.5->gpt-6-sol"))
        }

        @Test func refreshReadsTheListThen304RenewsItsTime() async throws {
            let mock = try CodexMock(replies: [])
            defer { mock.stop() }
            let pool = try testPool()
            defer { try? pool.syncShutdownForExit() }
            let cache = CatalogCache(directory: catalogDir())
            let refresher = codexRefresher(mock, pool: pool, cache: cache)
            guard
                case .updated(let first) = await refresher.refresh(
                    .openaiCodex, now: Date(timeIntervalSince1970: 1_790_000_000))
            else {
                Issue.record("no list read"); return
            }
            #expect(first.models.first?.id == "gpt-6.1-sol")
            #expect(first.models.map(\.id).contains("gpt-daybreak-red-latest"))
            #expect(first.model("gpt-5.5")?.upgrade == "gpt-6-sol")
            #expect(first.model("gpt-6-luna")?.efforts == ["low", "medium", "high", "xhigh", "max"])
            let etag = try #require(first.etag)
            let req = try #require(mock.catalogRequests.first)
            #expect(req.uri.hasSuffix("/models?client_version=\(SXVersion.version)"))
            #expect(req.header("authorization") == "Bearer \(testCredential.secret)")
            #expect(req.header("chatgpt-account-id") == "acct-mock-0001")
            // Young enough: nothing asked.
            guard case .current = await refresher.refresh(.openaiCodex, now: Date(timeIntervalSince1970: 1_790_000_600))
            else {
                Issue.record("a young cache was read again"); return
            }
            #expect(mock.catalogRequests.count == 1)
            let later = Date(timeIntervalSince1970: 1_790_007_200)
            guard case .confirmed(let renewed) = await refresher.refresh(.openaiCodex, now: later) else {
                Issue.record("no 304"); return
            }
            #expect(mock.catalogRequests.count == 2)
            #expect(mock.catalogRequests.last?.header("if-none-match") == etag)
            #expect(renewed.models == first.models)
            #expect(cache.load(.openaiCodex)?.fetchedAt == later)
        }

        @Test(arguments: ["garbage", "empty", "error", "stall"])
        func aBadListKeepsTheCachedOne(_ kind: String) async throws {
            let mock = try CodexMock(replies: [])
            defer { mock.stop() }
            let pool = try testPool()
            defer { try? pool.syncShutdownForExit() }
            let cache = CatalogCache(directory: catalogDir())
            let refresher = codexRefresher(mock, pool: pool, cache: cache, timeout: 0.5)
            _ = await refresher.refresh(.openaiCodex)
            let good = try #require(cache.load(.openaiCodex))
            let reply: MockReply =
                switch kind {
                case "garbage":
                    .full(status: 200, headers: [("content-type", "application/json")], body: Data("<html>oops".utf8))
                case "empty": .json(200, ["models": [Any]()])
                case "error": .json(401, ["detail": "Unauthorized"])
                default:
                    .stream(
                        status: 200, headers: [("content-type", "application/json")], chunks: [.init("{\"models\":[")],
                        ending: .stall)
                }
            mock.setCatalog(.reply(reply, accepting: []))
            guard case .failed(let why, let kept) = await refresher.refresh(.openaiCodex, force: true) else {
                Issue.record("a \(kind) list was taken"); return
            }
            #expect(kept?.models == good.models)
            #expect(!why.isEmpty && !why.contains("\n") && !why.contains(testCredential.secret))
            let after = try #require(cache.load(.openaiCodex))
            #expect(after.models == good.models)
            #expect(after.lastError == why)
            if kind == "stall" { #expect(why.contains("no reply within")) }
        }

        @Test func pagedListsAreReadWhole() async throws {
            let ids = (1...5).map { "claude-opus-4-\($0)" }
            let mock = try ProviderMock(
                replies: [], models: ids + ["gemini-3.5-flash", "gemini-3.1-pro-preview", "gemini-2.5-pro"])
            defer { mock.stop() }
            let pool = try testPool()
            defer { try? pool.syncShutdownForExit() }
            let fetcher = CatalogFetcher(transport: Transport(pool: pool))
            let anthropic = AnthropicProvider(
                baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), userAgent: "sx/test")
            var ep = try #require(anthropic.catalogEndpoint(credential: apiKey(.anthropic, "sk-ant-test-000000001")))
            ep.query = [URLQueryItem(name: "limit", value: "2")]
            guard case .models(let a, _) = await fetcher.fetch(.anthropic, endpoint: ep, etag: nil) else {
                Issue.record("no claude list"); return
            }
            #expect(a.map(\.id) == ids)
            #expect(a.first?.createdAt == Self.created(0) && a.first?.displayName == ids[0])
            let gemini = GeminiProvider(
                baseURL: URL(string: mock.baseURL)!, transport: Transport(pool: pool), userAgent: "sx/test")
            var gep = try #require(gemini.catalogEndpoint(credential: apiKey(.google, "AIza-test-00000000001")))
            gep.query = [URLQueryItem(name: "pageSize", value: "2")]
            guard case .models(let g, _) = await fetcher.fetch(.google, endpoint: gep, etag: nil) else {
                Issue.record("no gemini list"); return
            }
            #expect(g.map(\.id) == ["gemini-3.5-flash", "gemini-3.1-pro-preview", "gemini-2.5-pro"])
            #expect(g.first?.contextWindow == 1_048_576 && g.first?.thinking == true)
            #expect(mock.server.requests.filter { $0.method == "GET" }.count == 3 + 2)
        }

        @Test func theSessionClampsTheEffortToTheListedLevels() async throws {
            let mock = try CodexMock(replies: [.sse(CodexSSE.reply("ok"))])
            defer { mock.stop() }
            let (codex, pool) = try makeCodex(mock)
            defer { try? pool.syncShutdownForExit() }
            let cases: [(String?, String?)] = [
                ("ultra", "xhigh"), ("minimal", "low"), ("high", "high"), (nil, "medium")
            ]
            for (wanted, sent) in cases {
                var options = SessionOptions(
                    provider: .openaiCodex, model: "gpt-5.5", reasoningEffort: wanted, maxSteps: 2)
                options.catalogs = Self.codexList([
                    LiveModel(
                        id: "gpt-5.5", defaultEffort: "medium",
                        efforts: ["low", "medium", "high", "xhigh"])
                ])
                let session = Session(
                    options: options, providers: ProviderRegistry([codex]),
                    credentials: StaticCredentials([testCredential]))
                await session.send("hi")
                for await e in session.events { if case .turnDone = e { break } }
                await session.close()
                let reasoning = mock.requests.last?.json?["reasoning"] as? [String: Any]
                #expect(reasoning?["effort"] as? String == sent, "\(wanted ?? "nil")")
            }
            #expect(mock.requests.count == cases.count)
        }

        @Test func everyMockRefusesAModelItDoesNotListInItsProvidersShape() async throws {
            let mock = try ProviderMock(replies: [.sse("unused")])
            let gemini = try GeminiMock(replies: [.sse("unused")])
            let codexMock = try CodexMock(replies: [.sse(CodexSSE.reply("unused"))])
            defer { mock.stop(); gemini.stop(); codexMock.stop() }
            let pool = try testPool()
            defer { try? pool.syncShutdownForExit() }
            let t = Transport(pool: pool), url = URL(string: mock.baseURL)!
            let cases: [(any Provider, ResolvedCredential?, String)] = [
                (
                    AnthropicProvider(baseURL: url, transport: t, userAgent: "sx/test"),
                    apiKey(.anthropic, "sk-ant-test-000000001"), "model: nope-1"
                ),
                (
                    OpenAIProvider(baseURL: url.appendingPathComponent("v1"), transport: t, userAgent: "sx/test"),
                    apiKey(.openai, "sk-proj-test-0000001"),
                    "The model `nope-1` does not exist"
                ),
                (
                    GeminiProvider(
                        baseURL: URL(string: gemini.baseURL)!, transport: t, userAgent: "sx/test", contextCache: nil),
                    apiKey(.google, "AIza-test-00000000001"), "models/nope-1 is not found"
                ),
                (
                    CodexProvider(
                        baseURL: URL(string: codexMock.baseURL)!, transport: t, originator: "sx_test",
                        userAgent: "sx/test"),
                    testCredential, "The 'nope-1' model is not supported when using Codex with a ChatGPT account."
                )
            ]
            for (provider, credential, message) in cases {
                let (events, error) = await collect(
                    provider.stream(providerRequest(model: "nope-1"), credential: credential))
                let f = try #require(error as? ProviderFailure, "\(provider.id)")
                #expect(events.isEmpty)
                #expect(f.message.contains(message), "\(provider.id): \(f.message)")
                #expect(f.status == (provider.id == .openaiCodex ? 400 : 404))
            }
            // Each refusal came from the mock over HTTP, not from sx: no list was known to sx here.
            #expect(mock.requests.count == 2 && gemini.generateRequests.count == 1 && codexMock.requests.count == 1)
        }

        static func created(_ i: Int) -> String {
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_790_000_000 - Double(i) * 86_400))
        }
    }
}
