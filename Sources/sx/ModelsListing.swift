import Foundation
import SXCore
import SXAuth
import SXEngine

/// `sx models list`: the cached lists as they are, a missing one (or all with `--refresh`) read from the server;
/// a list that could not be read is said once, on stderr, and the cached or built-in list shown instead.
enum ModelsListing {
    static let order: [ProviderID] = [.openaiCodex, .claudeCode, .anthropic, .openai, .google, .router]

    static func reports(engine: Engine, only: String?, refresh: Bool) async throws -> [ModelListReport] {
        var providers: [ProviderID]
        if let only {
            guard let p = ProviderID(userInput: only), p != .demo else {
                throw CLIError(
                    "--provider \(only): not a provider with a model list (codex, claude-code, anthropic, openai, google, router)"
                )
            }
            guard engine.registry.available.contains(p) else {
                throw CLIError("--provider \(only): not configured (the router needs ROUTER_URL)")
            }
            providers = [p]
        } else {
            providers = order.filter { engine.registry.available.contains($0) && engine.hasLogin($0) }
        }
        let refresher = engine.catalogRefresher
        var out: [ModelListReport] = []
        for p in providers {
            // The engine read every cache file once already; a file there that it could not read is corrupt.
            let cached = engine.catalogs.lists[p]
            let corrupt = cached == nil && FileManager.default.fileExists(atPath: refresher.cache.url(p).path)
            if !refresh, let cached, cached.isKnown {
                let warning = cached.lastError.map {
                    "the last read failed (\($0)); showing the list cached \(stamp(cached.fetchedAt))"
                }
                out.append(.build(provider: p, list: cached, origin: .cache, warning: warning))
                continue
            }
            switch await refresher.refresh(p, force: true) {
            case .updated(let c), .confirmed(let c), .current(let c):
                out.append(
                    .build(
                        provider: p, list: c, origin: .server,
                        warning: corrupt ? "the cached list did not parse; replaced by the server's" : nil))
            case .failed(let why, let kept):
                let shown = kept.map { "the list cached \(stamp($0.fetchedAt))" } ?? "the built-in list"
                out.append(
                    .build(
                        provider: p, list: kept, origin: .cache,
                        warning: "could not read the model list (\(why)); showing \(shown)"))
            }
        }
        return out
    }

    static func stamp(_ d: Date) -> String { UTCTime.minute(d) + " UTC" }

    static func print(_ reports: [ModelListReport], json: Bool) {
        for r in reports { if let w = r.warning { Terminal.err("sx: \(r.provider.displayName): \(w)") } }
        if json {
            let data = JSONBody.encodePretty(
                ["providers": .array(reports.map { .object($0.json) })], trailingNewline: false)
            Swift.print(String(decoding: data, as: UTF8.self))
        } else if reports.isEmpty {
            Swift.print("no provider with a login: `sx auth login` (or --provider router with ROUTER_URL)")
        } else {
            Swift.print(reports.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }
}
