import ArgumentParser
import Foundation
import SXCore
import SXAuth

struct AuthListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List stored profiles (secrets masked).")
    @Flag(help: "One JSON object with a `profiles` array.") var json = false

    func run() async throws {
        try await AuthContext.run { ctx in
            let doc = try ctx.store.load()
            for w in doc.warnings { errLine("warning: \(w)") }
            let now = Date()
            var rows: [JSONValue] = []
            for p in doc.allProfiles where p.type != nil && p.providerRaw != nil {
                let stats = doc.usageStats(p.id)
                var o = JSONObject()
                o["profileId"] = .string(p.id)
                o["provider"] = .string(p.providerRaw ?? "")
                o["type"] = .string(p.type?.rawValue ?? "")
                o["email"] = p.email.map(JSONValue.string) ?? .null
                o["accountId"] = p.accountId.map(JSONValue.string) ?? .null
                o["secret"] = .string(Redact.mask(p.secret))
                o["expiresAt"] = p.expires.map { JSONValue.int(Int64($0.timeIntervalSince1970)) } ?? .null
                o["status"] = .string(status(p, stats, now))
                rows.append(.object(o))
            }
            if json {
                var root = JSONObject()
                root["profiles"] = .array(rows)
                print(JSONValue.object(root).serialized())
                return
            }
            if rows.isEmpty { print("No profiles. Run `sx auth login` or `sx auth add-key`."); return }
            for r in rows {
                guard let o = r.objectValue else { continue }
                let who = o["email"]?.stringValue ?? o["secret"]?.stringValue ?? ""
                print(
                    "\(o["profileId"]!.stringValue!)  \(o["type"]!.stringValue!)  \(who)  \(o["status"]!.stringValue!)")
            }
        }
    }

    private func status(_ p: AuthProfile, _ s: UsageStats, _ now: Date) -> String {
        if s.needsRelogin { return "re-login needed" }
        if let until = s.blockedUntil(now: now) {
            let reason =
                (s.disabledUntil.map { $0 > now } ?? false ? s.disabledReason : s.cooldownReason)?.rawValue ?? "?"
            return "[blocked \(Int(until.timeIntervalSince(now)))s \(reason)]"
        }
        guard let e = p.expires, p.type != .apiKey else { return "ok" }
        let left = e.timeIntervalSince(now)
        if left <= 0 { return p.type == .oauth && p.refresh != nil ? "expired (refreshes on use)" : "expired" }
        return left < 3600 ? "expiring in \(Int(left / 60))m" : "ok"
    }
}
