import Foundation
import SXCore
import Testing
import SXTestSupport

/// Through the real binary and a loopback Anthropic API: finishing a turn that changes nothing in the store leaves
/// `auth-profiles.json` as it was (same inode, mtime and bytes; no lock or temp file), while a rate limit's
/// cooldown is on disk when `sx exec` returns.
@Suite struct StoreWritesCLITests {
    static let key = "sk-ant-api03-store-writes-cli-000001"

    struct FileState: Equatable {
        var inode: UInt64
        var mtimeSec: Int
        var mtimeNsec: Int
        var bytes: Data

        init(_ url: URL) throws {
            var st = stat()
            guard stat(url.path, &st) == 0 else { throw CocoaError(.fileNoSuchFile) }
            inode = UInt64(st.st_ino)
            mtimeSec = Int(st.st_mtim.tv_sec)
            mtimeNsec = Int(st.st_mtim.tv_nsec)
            bytes = try Data(contentsOf: url)
        }
    }

    func stats(_ cli: CLI) throws -> [String: Any] {
        let data = try Data(contentsOf: cli.home.appendingPathComponent("auth-profiles.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (root["usageStats"] as? [String: [String: Any]])?["anthropic:main"] ?? [:]
    }

    @Test func aTurnThatChangesNothingLeavesTheStoreAloneAndACooldownIsWrittenAtOnce() async throws {
        let cli = CLI()
        let reset = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3600).rounded(.down))
        let added = try await cli.runAsync(
            ["auth", "add-key", "--provider", "anthropic", "main"], stdin: Self.key + "\n")
        #expect(added.status == 0, "\(added.stderr)")
        let mock = try ProviderMock(replies: [
            .sse(AnthropicSSE.reply("first answer")), .sse(AnthropicSSE.reply("second answer")),
            .sse(AnthropicSSE.reply("third answer")),
            AnthropicSSE.rateLimitReply(requestsReset: UTCTime.iso8601(reset), retryAfter: 3600)
        ])
        defer { mock.stop() }
        let env = ["ANTHROPIC_BASE_URL": mock.baseURL, "PROVIDER": "anthropic", "RETRY_WAIT_MAX": "0"]
        let file = cli.home.appendingPathComponent("auth-profiles.json")

        // The first success is news (lastGood, lastUsed, a zero failure count): written.
        let one = try await cli.runAsync(["exec", "one"], extraEnv: env)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "first answer\n")
        let afterFirst = try FileState(file)
        #expect(try stats(cli)["lastUsed"] != nil)

        // The next successes change nothing but lastUsed, seconds later: the file is not touched.
        for expected in ["second answer", "third answer"] {
            let r = try await cli.runAsync(["exec", "again"], extraEnv: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == expected + "\n")
        }
        #expect(try FileState(file) == afterFirst)
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.home.path)
        #expect(!left.contains { $0.hasPrefix(".auth-profiles.json.tmp-") || $0.hasSuffix(".lock") }, "\(left)")

        // A rate limit sets a cooldown: on disk when the run is over.
        let limited = try await cli.runAsync(["exec", "more"], extraEnv: env)
        #expect(limited.status == 1)
        #expect(limited.stderr.contains("rate limited"), "\(limited.stderr)")
        #expect(try FileState(file).inode != afterFirst.inode)
        let s = try stats(cli)
        #expect(s["cooldownReason"] as? String == "rate_limit")
        #expect(s["cooldownUntil"] as? Int64 == reset.epochMillis)
        #expect(s["errorCount"] as? Int == 1)
        #expect(mock.requests.count == 4)
        for r in [one, limited] { #expect(!r.stdout.contains(Self.key) && !r.stderr.contains(Self.key)) }
    }
}
