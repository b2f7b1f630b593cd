import Foundation
import SXCore
import Testing
@testable import SXAuth

@Suite struct ProfileStoreTests {
    let openClawStore = """
        {
          "version": 1,
          "profiles": {
            "openai-codex:work": {
              "type": "oauth", "provider": "openai-codex", "access": "eyJaccess-token-aaaa", "refresh": "rt-work-0001",
              "expires": 1800000000000, "accountId": "acct-1", "email": "w@example.com", "openclawExtra": {"keep": [1, 2.50, true]}
            },
            "anthropic:key": {"type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-zzzzzzzzzzzz"},
            "mystery:x": {"type": "passkey", "provider": "mystery", "blob": "??"},
            "nopro:y": {"type": "api_key", "key": "sk-nothing-here-0000"}
          },
          "order": {"openai-codex": ["openai-codex:work"]},
          "usageStats": {"openai-codex:work": {"lastUsed": 1799999000000, "futureField": "x"}},
          "topLevelFuture": {"a": null}
        }
        """

    @Test func unknownFieldsSurviveARewrite() async throws {
        let h = try TempHome()
        try h.write(openClawStore, to: h.paths.authProfiles)
        let store = ProfileStore(paths: h.paths, clock: ManualClock())
        try await store.markSuccess("openai-codex:work")
        let text = try String(contentsOf: h.paths.authProfiles, encoding: .utf8)
        let root = try #require(try JSONParser.parse(text).objectValue)
        #expect(root["topLevelFuture"]?.objectValue?["a"] == .null)
        let work = try #require(root["profiles"]?.objectValue?["openai-codex:work"]?.objectValue)
        #expect(work["openclawExtra"]?.serialized().contains("2.50") == true, "number literal kept as written")
        #expect(root["profiles"]?.objectValue?["mystery:x"]?.objectValue?["blob"]?.stringValue == "??")
        let stats = try #require(root["usageStats"]?.objectValue?["openai-codex:work"]?.objectValue)
        #expect(stats["futureField"]?.stringValue == "x")
        #expect(stats["lastUsed"]?.int64Value == ManualClock().now().epochMillis)
        #expect(root["lastGood"]?.objectValue?["openai-codex"]?.stringValue == "openai-codex:work")
        #expect(TempHome.mode(h.paths.authProfiles.path) == 0o600)
        #expect(TempHome.mode(h.home.path) == 0o700)
    }

    @Test func unknownTypesAreKeptButIgnoredWithAWarning() throws {
        let h = try TempHome()
        try h.write(openClawStore, to: h.paths.authProfiles)
        let doc = try ProfileStore(paths: h.paths).load()
        #expect(doc.profiles.map(\.id).sorted() == ["anthropic:key", "openai-codex:work"])
        #expect(doc.allProfiles.count == 4)
        #expect(doc.warnings.count == 2)
        #expect(doc.warnings.contains { $0.contains("mystery:x") && $0.contains("passkey") })
        #expect(doc.warnings.contains { $0.contains("nopro:y") && $0.contains("no provider") })
    }

    @Test func corruptStoreNamesFileLineColumnAndNewestBackupAndIsNotOverwritten() async throws {
        let h = try TempHome()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = ProfileStore(paths: h.paths, clock: clock)
        _ = try await store.addKey(provider: .openai, name: "a", key: "sk-proj-aaaaaaaaaaaaaaaa")
        _ = try await store.addKey(provider: .openai, name: "a", key: "sk-proj-bbbbbbbbbbbbbbbb")  // backup 1
        clock.advance(by: 5)
        _ = try await store.addKey(provider: .openai, name: "a", key: "sk-proj-cccccccccccccccc")  // backup 2
        let newest = try #require(store.newestBackup())
        #expect(newest.lastPathComponent == "auth-profiles.json.20270115-080005")
        let broken = "{\n  \"version\": 1,\n  \"profiles\": {\n    \"x\": {\"type\": \"oauth\",,}\n  }\n}\n"
        try h.write(broken, to: h.paths.authProfiles)
        do {
            _ = try await store.addKey(provider: .openai, name: "b", key: "sk-proj-dddddddddddddddd")
            Issue.record("a corrupt store must not be written")
        } catch let e as StoreError {
            guard case let .corrupt(file, line, column, _, backup) = e else { Issue.record("wrong error \(e)"); return }
            #expect(file == h.paths.authProfiles.path)
            #expect(line == 4)
            #expect(column == 27)
            #expect(backup == newest.path)
            #expect(e.description.contains(newest.lastPathComponent))
            #expect(e.description.contains("auth-profiles.json:4:27"))
        }
        #expect(try String(contentsOf: h.paths.authProfiles, encoding: .utf8) == broken)
        #expect(throws: StoreError.self) { try ProfileStore(paths: h.paths).load() }
    }

    @Test func emptyFileIsCorruptNotEmptyStore() throws {
        let h = try TempHome()
        try h.write("", to: h.paths.authProfiles)
        #expect { try ProfileStore(paths: h.paths).load() } throws: { e in
            (e as? StoreError)?.description.contains("empty") == true
        }
    }

    @Test func backupsAreTimestamped0600AndPrunedTo20() async throws {
        let h = try TempHome()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = ProfileStore(paths: h.paths, clock: clock)
        for i in 0..<25 {
            clock.advance(by: 1)
            _ = try await store.addKey(provider: .google, name: "k", key: "AIzaSy-key-number-\(i)-xxxx")
        }
        let files = store.backupFiles()
        #expect(files.count == 20)
        #expect(files.allSatisfy { TempHome.mode($0.path) == 0o600 })
        // The newest backup holds the key written just before the last change.
        let newest = try String(contentsOf: files.last!, encoding: .utf8)
        #expect(newest.contains("AIzaSy-key-number-23-xxxx"))
        #expect(TempHome.mode(h.paths.backups.path) == 0o700)
    }

    @Test func lockTimeoutIsAClearError() throws {
        let h = try TempHome()
        let store = ProfileStore(paths: h.paths, lockTimeout: 0.3)
        do {
            let held = try store.lockSync()
            let start = Date()
            #expect { try store.update { _ in } } throws: { e in
                guard let s = e as? StoreError, case .lockTimeout = s else { return false }
                return s.description.contains("auth-profiles.json.lock") && s.description.contains("0.3 s")
            }
            #expect(Date().timeIntervalSince(start) < 10)
            withExtendedLifetime(held) {}
        }
        // Released with its holder: the next writer gets it at once.
        try store.update { doc in doc.setOrder(["openai:x"], for: .openai) }
        #expect(try store.load().order(for: .openai) == ["openai:x"])
    }

    @Test func logoutRemovesProfileStatsOrderAndKeepsABackup() async throws {
        let h = try TempHome()
        try h.write(openClawStore, to: h.paths.authProfiles)
        let store = ProfileStore(paths: h.paths)
        try await store.logout("openai-codex:work")
        let doc = try store.load()
        #expect(doc.profile("openai-codex:work") == nil)
        #expect(doc.order(for: .openaiCodex) == nil)
        #expect(doc.usageStats("openai-codex:work").raw.isEmpty)
        #expect(try String(contentsOf: store.newestBackup()!, encoding: .utf8) == openClawStore)
        await #expect(throws: StoreError.unknownProfile("openai-codex:nope")) {
            try await store.logout("openai-codex:nope")
        }
    }

    @Test func noTempFilesAreLeftBehind() async throws {
        let h = try TempHome()
        let store = ProfileStore(paths: h.paths)
        for i in 0..<5 {
            _ = try await store.addKey(provider: .openai, name: "k\(i)", key: "sk-proj-0000000000000\(i)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: h.home.path)
        // Nor the lock file: OpenClaw's lock is held while its file exists, so releasing it deletes it.
        #expect(Set(names) == ["auth-profiles.json"])
    }
}
