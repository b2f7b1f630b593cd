import Foundation
import SXCore
import SXAuth

/// Explicit context caching for Gemini (docs/protocol/gemini.md#context-caching): when the stable prefix of a
/// conversation — system instruction, tools and every turn but the newest — is long enough, it is stored once with
/// `POST /v1beta/cachedContents` and later requests name it in `cachedContent` and leave that prefix out.
///
/// One cache per session and model. It is reused while its prefix is still the start of the conversation and it
/// has not expired; it is replaced (and the old one deleted) when it expires, when the prefix changed, or when the
/// uncached tail has grown as large as the cached part, so that a long tool loop keeps most of its input cached.
/// A creation that fails turns caching off for that session and model: implicit caching still applies.
public actor GeminiContextCache {
    struct Entry {
        var name: String
        var model: String
        var headerKey: String
        var prefixKeys: [String]
        var tokens: Int
        var expiresAt: Date
    }

    /// Below this many (estimated) tokens a prefix is not worth an explicit cache; the API also refuses small ones.
    public let minTokens: Int
    public let ttlSeconds: Int
    private let clock: any SXClock
    private var entries: [String: Entry] = [:]
    private var disabled: Set<String> = []

    public init(minTokens: Int = 4096, ttlSeconds: Int = 300, clock: any SXClock = SystemClock()) {
        self.minTokens = minTokens
        self.ttlSeconds = ttlSeconds
        self.clock = clock
    }

    /// What a request should do: send `body` as is, or with `cachedContent` and the prefix left out.
    public struct Plan: Sendable {
        public var body: Data
        public var cacheName: String?
    }

    /// Rewrites a request body (`whole` is it written) to use a cache, creating one when it pays.
    func plan(
        body: GeminiRequestBody, whole: Data, model: String, sessionId: String,
        create: @Sendable (Data) async -> String?, delete: @escaping @Sendable (String) async -> Void
    ) async -> Plan {
        let slot = sessionId + "|" + model
        guard !disabled.contains(slot), !body.contents.isEmpty else { return Plan(body: whole, cacheName: nil) }
        let prefix = body.contents.dropLast().map(\.json)
        let header = body.header
        let headerKey = Self.key(header)
        let prefixKeys = prefix.map(Self.key)
        let now = clock.now()

        var entry = entries[slot]
        if let e = entry {
            let valid =
                e.model == model && e.headerKey == headerKey && e.expiresAt > now.addingTimeInterval(15)
                && e.prefixKeys.count <= prefixKeys.count
                && Array(prefixKeys.prefix(e.prefixKeys.count)) == e.prefixKeys
            let tailTokens = Self.tokens(.array(Array(prefix.dropFirst(e.prefixKeys.count))))
            if !valid || tailTokens >= max(minTokens, e.tokens) {
                entries[slot] = nil
                entry = nil
                let old = e.name
                Task.detached { await delete(old) }
            }
        }
        if entry == nil {
            let size = Self.tokens(header) + Self.tokens(.array(prefix))
            guard size >= minTokens else { return Plan(body: whole, cacheName: nil) }
            let fields = body.fields
            var request: JSONObject = [
                "model": .string(model.hasPrefix("models/") ? model : "models/\(model)"),
                "contents": .array(prefix), "ttl": .string("\(ttlSeconds)s")
            ]
            for k in ["systemInstruction", "tools", "toolConfig"] { request[k] = fields[k] }
            guard let made = await create(JSONBody.encode(.object(request))) else {
                disabled.insert(slot)
                return Plan(body: whole, cacheName: nil)
            }
            // Expiry by our own clock (the server's `expireTime` is the same instant, on a clock we don't control).
            let e = Entry(
                name: made, model: model, headerKey: headerKey, prefixKeys: prefixKeys, tokens: size,
                expiresAt: now.addingTimeInterval(TimeInterval(ttlSeconds)))
            entries[slot] = e
            entry = e
        }
        guard let e = entry else { return Plan(body: whole, cacheName: nil) }
        var rewritten = body
        rewritten.cachedContent = e.name
        rewritten.systemInstruction = nil
        rewritten.functionDeclarations = []
        rewritten.contents = Array(body.contents.dropFirst(e.prefixKeys.count))
        return Plan(body: JSONBody.encode(rewritten.json), cacheName: e.name)
    }

    /// The server no longer knows the cache (expired early, deleted): forget it so the next request makes a new one.
    func invalidate(sessionId: String, model: String) {
        entries[sessionId + "|" + model] = nil
    }

    /// The cache a session uses for a model, for tests and the status pane.
    public func cacheName(sessionId: String, model: String) -> String? {
        entries[sessionId + "|" + model]?.name
    }

    /// A stable digest of a JSON value (keys sorted), to compare prefixes without keeping them: FNV-1a 64 plus the
    /// length (SXEngine has no crypto dependency, and this only detects edits of our own history).
    static func key(_ value: JSONValue) -> String {
        let data = JSONBody.encode(value)
        var h: UInt64 = 0xcbf29ce484222325
        for b in data { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return String(h, radix: 16) + ":" + String(data.count)
    }

    /// About four bytes of JSON per token: a rough estimate, only used against thresholds.
    static func tokens(_ value: JSONValue) -> Int {
        JSONBody.encode(value).count / 4
    }
}
