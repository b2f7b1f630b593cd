import Foundation
import Testing
import SXTestSupport

/// Usage snapshots, several real `sx exec` processes on one store, and an OpenClaw store, through the real binary.
@Suite struct UsageCLITests {
    static func b64(_ s: String) -> String {
        Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(
            of: "+", with: "-"
        )
        .replacingOccurrences(of: "/", with: "_")
    }

    /// Codex logins `openai-codex:<name>` in this explicit order, each with its own JWT bearer (returned by name),
    /// optional usage stats, and fields sx does not know at every level.
    @discardableResult
    static func store(_ cli: CLI, _ names: [String], usage: [String: String] = [:], extraProfiles: String = "") throws
        -> [String: String]
    {
        let exp = Int(Date().timeIntervalSince1970) + 86400
        var tokens: [String: String] = [:]
        var profiles: [String] = []
        for n in names {
            let t =
                b64(#"{"alg":"none"}"#) + "."
                + b64(#"{"exp":\#(exp),"https://api.openai.com/auth":{"chatgpt_account_id":"acct-\#(n)"}}"#) + ".c2ln"
            tokens[n] = t
            profiles.append(
                #""openai-codex:\#(n)":{"type":"oauth","provider":"openai-codex","access":"\#(t)","refresh":"rt-\#(n)-0000000001","expires":\#(exp * 1000),"accountId":"acct-\#(n)","email":"\#(n)@example.com","keepMe":{"x":1}}"#
            )
        }
        let stats = usage.map { #""openai-codex:\#($0.key)":\#($0.value)"# }.joined(separator: ",")
        let order = names.map { #""openai-codex:\#($0)""# }.joined(separator: ",")
        let json =
            #"{"version":1,"profiles":{\#(profiles.joined(separator: ","))\#(extraProfiles)},"order":{"openai-codex":[\#(order)]},"usageStats":{\#(stats)},"extraTopLevel":"kept"}"#
        let file = cli.home.appendingPathComponent("auth-profiles.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        chmod(cli.home.path, 0o700)
        chmod(file.path, 0o600)
        return tokens
    }

    static func readStore(_ cli: CLI) throws -> [String: Any] {
        let data = try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func stats(_ doc: [String: Any], _ name: String) -> [String: Any] {
        ((doc["usageStats"] as? [String: Any])?["openai-codex:\(name)"] as? [String: Any]) ?? [:]
    }

    static func number(_ v: Any?) -> Int64? { (v as? NSNumber)?.int64Value }

    @Test func headerUsageIsStoredAndShownByModelsStatus() throws {
        let cli = CLI()
        let now = Int(Date().timeIntervalSince1970)
        let resetA = now + 3 * 3600, primaryReset = now + 4000, weeklyReset = now + 5 * 86400
        let tokens = try Self.store(cli, ["a", "b"])
        let server = try MockHTTPServer { req in
            req.header("authorization") == "Bearer \(tokens["a"]!)"
                ? CodexSSE.usageLimitReply(resetsAt: resetA)
                : .sse(
                    CodexSSE.reply("answered by b"),
                    headers: CodexSSE.rateLimitHeaders(
                        primaryUsed: 42, secondaryUsed: 12,
                        primaryResetAt: primaryReset, secondaryResetAt: weeklyReset))
        }
        defer { server.stop() }
        let r = try cli.run(
            ["exec", "--provider", "codex", "hi"], extraEnv: ["CODEX_BASE_URL": server.baseURL + "/backend-api/codex"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try Self.readStore(cli)
        let b = try #require(Self.stats(doc, "b")["rateLimits"] as? [String: Any])
        #expect((b["primary"] as? [String: Any])?["usedPercent"] as? Int == 42)
        #expect(Self.number((b["primary"] as? [String: Any])?["resetsAt"]) == Int64(primaryReset) * 1000)
        #expect((b["secondary"] as? [String: Any])?["windowMinutes"] as? Int == 10080)
        #expect(b["source"] as? String == "headers")
        // The 429's own headers are remembered too: a is at 100 % until its reset.
        let a = try #require(Self.stats(doc, "a")["rateLimits"] as? [String: Any])
        #expect((a["primary"] as? [String: Any])?["usedPercent"] as? Int == 100)

        let text = try cli.run(["models", "status", "--provider", "codex"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let bLine = try #require(lines.firstIndex { $0.hasPrefix("  openai-codex:b ") })
        #expect(lines[bLine + 1].hasPrefix("    usage: 5h 42% · resets "))
        #expect(lines[bLine + 1].contains("week 12% · resets "))
        let aLine = try #require(lines.firstIndex { $0.hasPrefix("  openai-codex:a ") })
        #expect(lines[aLine].contains("[cooldown "))
        #expect(lines[aLine + 1].hasPrefix("    usage: 5h 100% · resets "))

        let json = try cli.run(["models", "status", "--json", "--provider", "codex"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let codex = try #require(
            (report["providers"] as? [[String: Any]])?.first { $0["provider"] as? String == "openai-codex" })
        let rows = try #require(codex["profiles"] as? [[String: Any]])
        let usage = try #require(
            rows.first { $0["profileId"] as? String == "openai-codex:b" }?["usage"] as? [String: Any])
        let primary = try #require(usage["primary"] as? [String: Any])
        #expect(primary["usedPercent"] as? Int == 42 && primary["name"] as? String == "5h")
        #expect(Self.number(primary["resetsAtMs"]) == Int64(primaryReset) * 1000)
        #expect((usage["secondary"] as? [String: Any])?["name"] as? String == "week")
        for t in tokens.values { #expect(!json.stdout.contains(t) && !text.stdout.contains(t)) }
    }

    /// Six `sx exec` processes at once on one store, against a backend that answers per bearer: a and d are at
    /// their usage limit (429 with real headers and body, different resets), c is out of credits (402), b works.
    @Test func concurrentProcessesRotateToTheHealthyProfileWithoutLosingUpdates() async throws {
        let cli = CLI()
        let now = Int(Date().timeIntervalSince1970)
        let resetA = now + 3600, resetD = now + 7200
        let tokens = try Self.store(cli, ["a", "d", "c", "b"])
        let server = try MockHTTPServer { req in
            switch req.header("authorization") {
            case "Bearer \(tokens["a"]!)": CodexSSE.usageLimitReply(resetsAt: resetA)
            case "Bearer \(tokens["d"]!)": CodexSSE.usageLimitReply(resetsAt: resetD, plan: "pro")
            case "Bearer \(tokens["c"]!)":
                .json(402, ["error": ["type": "billing_error", "message": "Your credit balance is too low"]])
            default: .sse(CodexSSE.reply("answered by b"), headers: CodexSSE.rateLimitHeaders(primaryUsed: 30))
            }
        }
        defer { server.stop() }
        let env = cli.env.merging(["CODEX_BASE_URL": server.baseURL + "/backend-api/codex"]) { $1 }
        let binary = CLI.binary.path, workdir = cli.workdir.path
        let outputs = await withTaskGroup(of: SpawnResult.self) { group in
            for i in 0..<6 {
                group.addTask {
                    await Spawn.processAsync(
                        binary, ["exec", "--provider", "codex", "question \(i)"], env: env, cwd: workdir)
                }
            }
            var all: [SpawnResult] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(outputs.count == 6)
        for o in outputs {
            #expect(o.status == 0, "\(o.stderr)")
            #expect(o.stdout == "answered by b\n")
            for t in tokens.values { #expect(!o.stderr.contains(t)) }
        }

        // Model requests only: the background read of the model list (GET …/models) counts no failure.
        let sent = { (n: String) in
            server.requests.filter { $0.method == "POST" && $0.header("authorization") == "Bearer \(tokens[n]!)" }.count
        }
        #expect(sent("b") == 6)
        #expect(sent("a") >= 1 && sent("d") >= 1 && sent("c") >= 1)
        let doc = try Self.readStore(cli)
        // Cooldowns are the servers' own reset times; every process's failure was counted (no lost update).
        let a = Self.stats(doc, "a"), d = Self.stats(doc, "d"), c = Self.stats(doc, "c"), b = Self.stats(doc, "b")
        #expect(
            Self.number(a["cooldownUntil"]) == Int64(resetA) * 1000 && a["cooldownReason"] as? String == "rate_limit")
        #expect(Self.number(d["cooldownUntil"]) == Int64(resetD) * 1000)
        #expect((a["failureCounts"] as? [String: Int])?["rate_limit"] == sent("a"))
        #expect((d["failureCounts"] as? [String: Int])?["rate_limit"] == sent("d"))
        #expect(a["errorCount"] as? Int == sent("a") && d["errorCount"] as? Int == sent("d"))
        #expect(
            c["disabledReason"] as? String == "billing"
                && (c["failureCounts"] as? [String: Int])?["billing"] == sent("c"))
        #expect(Self.number(c["disabledUntil"]).map { $0 > Int64(now + 4 * 3600) * 1000 } == true)
        #expect(b["errorCount"] as? Int == 0 && Self.number(b["lastUsed"]) != nil)
        #expect(((b["rateLimits"] as? [String: Any])?["primary"] as? [String: Any])?["usedPercent"] as? Int == 30)
        #expect(((a["rateLimits"] as? [String: Any])?["primary"] as? [String: Any])?["usedPercent"] as? Int == 100)
        #expect((doc["lastGood"] as? [String: String])?["openai-codex"] == "openai-codex:b")
        #expect(doc["extraTopLevel"] as? String == "kept")
        #expect(
            ((doc["profiles"] as? [String: [String: Any]])?["openai-codex:d"]?["keepMe"] as? [String: Int])?["x"] == 1)

        let status = try cli.run(["models", "status", "--json", "--provider", "codex"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let unusable = try #require(report["unusableProfiles"] as? [[String: Any]])
        #expect(unusable.map { $0["profileId"] as? String } == ["openai-codex:a", "openai-codex:d", "openai-codex:c"])
        #expect(unusable.map { Self.number($0["untilMs"]) }.prefix(2) == [Int64(resetA) * 1000, Int64(resetD) * 1000])
    }

    /// Must show: an OpenClaw `auth-profiles.json` with usage stats, copied in, is read and written back without
    /// losing any field.
    @Test func anOpenClawStoreIsReadAndWrittenBackWithEveryField() throws {
        let cli = CLI()
        let exp = (Int(Date().timeIntervalSince1970) + 86400) * 1000
        let until = exp - 3600_000
        let text = """
            {
              "version": 1,
              "profiles": {
                "openai-codex:busy": {"type": "oauth", "provider": "openai-codex", "access": "eyJ.busy.token", "refresh": "rt-busy-0000000001",
                                      "expires": \(exp), "accountId": "acct-busy", "email": "busy@example.com", "plan": "pro", "openclawNote": {"ratio": 2.50, "tags": ["a", null, true]}},
                "openai-codex:free": {"type": "oauth", "provider": "openai-codex", "access": "eyJ.free.token", "refresh": "rt-free-0000000001",
                                      "expires": \(exp), "accountId": "acct-free"},
                "anthropic:work": {"type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-openclaw-000000000001", "email": "w@example.com"},
                "anthropic:sub": {"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-openclaw-0000000001"},
                "mystery:x": {"type": "passkey", "provider": "mystery", "blob": "??"}
              },
              "order": {"openai-codex": ["openai-codex:busy", "openai-codex:free"], "anthropic": ["anthropic:work"]},
              "usageStats": {
                "openai-codex:busy": {"lastUsed": 1799999000000, "cooldownUntil": \(until), "cooldownReason": "rate_limit", "cooldownModel": "gpt-5.5",
                                      "errorCount": 2, "failureCounts": {"rate_limit": 2, "openclaw_only_reason": 7}, "lastFailureAt": 1799999500000,
                                      "openclawCounter": 12.0},
                "anthropic:work": {"lastUsed": 1799990000000, "disabledUntil": 1700000000000, "disabledReason": "billing", "errorCount": 0}
              },
              "openclawSettings": {"cooldowns": {"billingBackoffHours": 5}}
            }
            """
        let file = cli.home.appendingPathComponent("auth-profiles.json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        let original = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        // Read: the cooling profile is reported with the store's own time.
        let status = try cli.run(["models", "status", "--json", "--provider", "codex"])
        #expect(status.status == 0, "\(status.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let unusable = try #require(report["unusableProfiles"] as? [[String: Any]])
        #expect(unusable.map { $0["profileId"] as? String } == ["openai-codex:busy"])
        #expect(Self.number(unusable.first?["untilMs"]) == Int64(until))

        // Written: a turn on the free profile records its success (lastGood, its usage) and keeps everything else.
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("ok"), headers: CodexSSE.rateLimitHeaders())])
        defer { mock.stop() }
        let r = try cli.run(["exec", "--provider", "codex", "hi"], extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(mock.requests.map { $0.header("authorization") } == ["Bearer eyJ.free.token"])
        let rewritten = try String(contentsOf: file, encoding: .utf8)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(rewritten.utf8)) as? [String: Any])
        #expect((after["lastGood"] as? [String: String])?["openai-codex"] == "openai-codex:free")
        #expect(Self.stats(after, "free")["rateLimits"] != nil)
        var missing: [String] = []
        Self.compare(original, after, path: "", missing: &missing)
        #expect(missing.isEmpty, "lost or changed: \(missing)")
        #expect(rewritten.contains("2.50") && rewritten.contains("12.0"), "number literals are kept as written")
    }

    @Test func aBadWatchIntervalIsOneClearLine() throws {
        let cli = CLI()
        for args in [["models", "watch", "--once"], ["models", "status"], ["--plain"]] {
            let r = try cli.run(args, stdin: "", extraEnv: ["WATCH_INTERVAL": "soon"])
            #expect(r.status != 0)
            #expect(r.stderr.contains("WATCH_INTERVAL=soon is not valid"), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    /// The watcher counts an API key given as configuration (the profile `anthropic:env` the session uses).
    @Test func watchCountsAConfiguredApiKey() throws {
        let cli = CLI()
        let until = (Int(Date().timeIntervalSince1970) + 3600) * 1000
        try Self.store(cli, ["a"], usage: ["a": #"{"cooldownUntil":\#(until),"cooldownReason":"rate_limit"}"#])
        let env = [
            "PROVIDER": "codex", "FALLBACK_MODELS": "anthropic/claude-sonnet-4-5",
            "ANTHROPIC_API_KEY": "sk-ant-env-watch-0000000001"
        ]
        let r = try cli.run(["models", "watch", "--once"], extraEnv: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "model: (none) → anthropic/claude-sonnet-4-5\n")
        #expect(!r.stdout.contains("sk-ant-env") && !r.stderr.contains("sk-ant-env"))
        let state = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: cli.home.appendingPathComponent("model-switch.json"))) as? [String: Any])
        #expect((state["profileStatuses"] as? [String: String])?["anthropic:env"] == "ok")
    }

    /// Every key path of `a` is in `b` with the same value.
    static func compare(_ a: Any, _ b: Any?, path: String, missing: inout [String]) {
        switch a {
        case let o as [String: Any]:
            guard let p = b as? [String: Any] else { missing.append(path); return }
            for (k, v) in o { compare(v, p[k], path: path + "/" + k, missing: &missing) }
        case let arr as [Any]:
            guard let q = b as? [Any], q.count == arr.count else { missing.append(path); return }
            for (i, v) in arr.enumerated() { compare(v, q[i], path: path + "[\(i)]", missing: &missing) }
        case is NSNull:
            if !(b is NSNull) { missing.append(path) }
        default:
            guard let b, String(describing: a) == String(describing: b) else { missing.append(path); return }
        }
    }
}
