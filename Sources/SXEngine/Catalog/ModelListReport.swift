import Foundation
import SXCore
import SXAuth

/// What `sx models list` shows for one provider: its models with capabilities and where each fact came from.
public struct ModelListReport: Sendable {
    public enum Origin: String, Sendable { case server, cache, builtIn = "built-in" }

    public var provider: ProviderID
    public var origin: Origin
    public var fetchedAt: Date?
    /// Said once: why the list shown is not a fresh one from the server.
    public var warning: String?
    public var rows: [Row]

    public struct Row: Sendable {
        public var id: String
        public var hidden: Bool
        public var isDefault: Bool
        public var capabilities: ModelCapabilities
        public var sources: [String: FactSource]
        public var upgrade: String?
    }

    /// From a list (server or cache), or the built-in table when `list` is nil.
    public static func build(provider: ProviderID, list: LiveCatalog?, origin: Origin, warning: String?)
        -> ModelListReport
    {
        let catalogs = LiveCatalogs(list.map { [provider: $0] } ?? [:])
        let def = catalogs.defaultModel(provider) ?? ModelCatalog.builtInDefaultModel(for: provider)
        let rows: [Row]
        if let list, list.isKnown {
            rows = list.models.map { m in
                let (caps, src) = catalogs.merged(provider: provider, model: m.id)
                return Row(
                    id: m.id, hidden: m.hidden, isDefault: m.id == def, capabilities: caps, sources: src,
                    upgrade: m.upgrade)
            }
        } else {
            rows = ModelCatalog.builtIn.filter { $0.providers.contains(provider) }.map { m in
                let (caps, src) = catalogs.merged(provider: provider, model: m.id)
                return Row(
                    id: m.id, hidden: false, isDefault: m.id == def, capabilities: caps, sources: src, upgrade: nil)
            }
        }
        return ModelListReport(
            provider: provider, origin: list?.isKnown == true ? origin : .builtIn,
            fetchedAt: list?.isKnown == true ? list?.fetchedAt : nil, warning: warning, rows: rows)
    }

    static func form(_ f: ThinkingForm) -> String {
        switch f {
        case .none: "none"
        case .openAIEffort: "effort"
        case .anthropicBudget: "budget"
        case .anthropicAdaptive: "adaptive"
        case .geminiBudget: "budget"
        case .geminiLevel: "level"
        }
    }

    public var text: String {
        var head = "\(provider.displayName): "
        switch origin {
        case .server: head += "server list, read now"
        case .cache: head += "server list, cached " + (fetchedAt.map { UTCTime.minute($0) + " UTC" } ?? "")
        case .builtIn: head += "built-in list (no server list read)"
        }
        var lines = [head]
        let width = max(12, rows.map(\.id.count).max() ?? 0) + 2
        let effortList = { (c: ModelCapabilities) in
            c.efforts.isEmpty ? "-" : c.efforts.map { $0 == c.defaultEffort ? $0 + "*" : $0 }.joined(separator: ",")
        }
        let effortWidth = rows.map { effortList($0.capabilities).count }.max() ?? 1
        for r in rows {
            let c = r.capabilities
            let efforts = effortList(c).padding(toLength: effortWidth, withPad: " ", startingAt: 0)
            let window = "\(c.contextWindow / 1000)k" + (c.usablePercent < 100 ? "·\(c.usablePercent)%" : "")
            let fromServer = r.sources.filter { $0.value == .server }.keys.sorted()
            var line = (r.isDefault ? "* " : "  ") + r.id.padding(toLength: width, withPad: " ", startingAt: 0)
            line +=
                "efforts \(efforts)  window \(window)  image \(c.vision ? "yes" : "no")  thinking \(Self.form(c.thinkingForm))"
            line +=
                fromServer.isEmpty
                ? "  (all built-in)" : "  (server: \(fromServer.joined(separator: ", ")); rest built-in)"
            if r.hidden { line += "  [hidden]" }
            if let u = r.upgrade { line += "  [upgrade: \(u)]" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONObject {
        var o: JSONObject = ["provider": .string(provider.displayName), "source": .string(origin.rawValue)]
        if let fetchedAt { o["fetchedAt"] = .string(UTCTime.iso8601(fetchedAt)) }
        if let warning { o["warning"] = .string(warning) }
        o["models"] = .array(
            rows.map { r -> JSONValue in
                let c = r.capabilities
                var sources = JSONObject()
                for key in r.sources.keys.sorted() { sources[key] = .string(r.sources[key]!.rawValue) }
                var m: JSONObject = [
                    "id": .string(r.id), "hidden": .bool(r.hidden), "default": .bool(r.isDefault),
                    "efforts": .array(c.efforts.map { .string($0) }), "contextWindow": .int(c.contextWindow),
                    "usablePercent": .int(c.usablePercent), "imageInput": .bool(c.vision),
                    "thinkingForm": .string(Self.form(c.thinkingForm)), "sources": .object(sources)
                ]
                if let d = c.defaultEffort { m["defaultEffort"] = .string(d) }
                if let u = r.upgrade { m["upgrade"] = .string(u) }
                return .object(m)
            })
        return o
    }
}
