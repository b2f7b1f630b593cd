import Foundation
import SXCore
import SXAuth

/// The auth store with 50 profiles (40 Codex logins, 10 Anthropic keys; a third of the Codex ones cooling down):
/// how long choosing the profile for a turn takes (read + parse the store, order the candidates, resolve the
/// first one's still-valid token) and how long one bookkeeping write takes (flock, re-read, change, temp file,
/// fsync, rename, fsync the folder) — what every turn pays before and after its request.
enum StoreBench {
    static func write(home: URL) throws {
        let now = Date().timeIntervalSince1970
        let exp = Int(now) + 86400
        var profiles: [String: Any] = [:]
        var usage: [String: Any] = [:]
        var order: [String] = []
        for i in 0..<40 {
            let id = "openai-codex:user\(i)"
            profiles[id] = [
                "type": "oauth", "provider": "openai-codex",
                "access": BenchStore.jwt(exp: exp, email: "user\(i)@example.com"),
                "refresh": "refresh-\(i)", "expires": Int64(exp) * 1000, "accountId": "acct-\(i)",
                "email": "user\(i)@example.com"
            ]
            order.append(id)
            if i % 3 == 0 {
                usage[id] = [
                    "lastUsed": Int64(now * 1000) - 60_000, "errorCount": 1,
                    "cooldownUntil": Int64(now * 1000) + 3_600_000,
                    "lastFailureAt": Int64(now * 1000) - 60_000
                ]
            } else {
                usage[id] = ["lastUsed": Int64(now * 1000) - Int64(i) * 1000, "errorCount": 0]
            }
        }
        for i in 0..<10 {
            profiles["anthropic:key\(i)"] = ["type": "api_key", "provider": "anthropic", "key": "sk-ant-bench-\(i)"]
        }
        let store: [String: Any] = [
            "version": 1, "profiles": profiles, "order": ["openai-codex": order], "usageStats": usage
        ]
        let data = try JSONSerialization.data(withJSONObject: store, options: [.prettyPrinted, .sortedKeys])
        let url = home.appendingPathComponent("auth-profiles.json")
        try data.write(to: url)
        chmod(url.path, 0o600)
        chmod(home.path, 0o700)
    }

    static func rows(runs: Int) async throws -> [Row] {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-store-\(getpid())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try write(home: home)
        let paths = SXPaths(home: home)
        let pool = try HTTPClientPool(settings: NetworkSettings())
        do {
            let rows = try await measure(paths: paths, pool: pool, runs: runs)
            await pool.shutdown()
            return rows
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    static func measure(paths: SXPaths, pool: HTTPClientPool, runs: Int) async throws -> [Row] {
        let settings = try AuthSettings.from { _ in nil }
        let creds = CredentialStore(paths: paths, settings: settings, pool: pool)
        let store = ProfileStore(paths: paths)
        let n = max(50, runs * 20)

        var select: [Double] = []
        for _ in 0..<n {
            let t0 = now()
            let ids = try await creds.profileIds(for: .openaiCodex)
            guard let first = ids.first, ids.count == 40 else {
                throw BenchError("expected 40 Codex candidates, got \(ids.count)")
            }
            _ = try await creds.credential(profileId: first, forceRefresh: false)
            select.append((now() - t0) * 1000)
        }
        var update: [Double] = []
        for i in 0..<n {
            let id = "openai-codex:user\((i * 7) % 40)"
            let t0 = now()
            if i % 2 == 0 {
                try await store.markFailure(
                    id, reason: .rateLimit, until: Date().addingTimeInterval(600), model: "gpt-5.5")
            } else {
                try await store.markSuccess(id)
            }
            update.append((now() - t0) * 1000)
        }
        let doc = try store.load()
        guard doc.profiles.count == 50 else { throw BenchError("the store lost profiles: \(doc.profiles.count)") }
        return [
            Row(
                name: "profile selection, 50 profiles (read+order+token)", unit: "ms", samples: select, budget: nil,
                higherIsBetter: false),
            Row(
                name: "store update, 50 profiles (lock+write+fsync)", unit: "ms", samples: update, budget: nil,
                higherIsBetter: false)
        ]
    }
}
