import Foundation
import SXCore
import SXAuth
import SXEngine
import SXTUI

/// What each libFuzzer harness does with one input (`sx-fuzz`, built by `bench/fuzz.sh`). A regular target so the
/// test suite replays the seed corpus and every input that ever crashed through exactly the same code
/// (`Tests/sxTests/FuzzRegressionTests`). Every function must return normally for any input: errors are fine,
/// traps and broken invariants (checked with `precondition`) are findings.
public enum FuzzTargets {
    public static let names = [
        "sse", "codex", "responses", "anthropic", "chat", "gemini", "envfile", "jwt", "store", "markdown"
    ]

    public static func run(_ name: String, _ data: [UInt8]) {
        switch name {
        case "sse": sse(data)
        case "codex": decode(data, CodexStreamDecoder())
        case "responses": decode(data, CodexStreamDecoder(provider: .openai))
        case "anthropic": decode(data, AnthropicStreamDecoder())
        case "chat": decode(data, ChatStreamDecoder(provider: .openai))
        case "gemini": decode(data, GeminiStreamDecoder())
        case "envfile": envFile(data)
        case "jwt": jwt(data)
        case "store": store(data)
        case "markdown": markdown(data)
        default: preconditionFailure("unknown fuzz target \(name)")
        }
    }

    /// The SSE parser, differentially: the whole input in one read, then cut into reads whose sizes come from the
    /// input itself, must give the same events (a server may split a stream anywhere).
    public static func sse(_ data: [UInt8]) {
        var whole: [SSEEvent] = []
        var p = SSEParser()
        p.feed(data) { whole.append($0) }
        p.finish { whole.append($0) }

        var split: [SSEEvent] = []
        var q = SSEParser()
        var i = 0
        var step = 0
        while i < data.count {
            let n = min(data.count - i, Int(data[step % data.count] % 17) + 1)
            q.feed(Array(data[i..<(i + n)])) { split.append($0) }
            i += n
            step += 1
        }
        q.finish { split.append($0) }
        precondition(whole == split, "SSE events differ when the same bytes arrive in other reads")
    }

    /// A provider's decoder behind the SSE parser, as `SSEStreaming.run` drives it.
    public static func decode<D: StreamDecoder>(_ data: [UInt8], _ decoder: D) {
        var p = SSEParser()
        var d = decoder
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var failed = false
        let handle: (SSEEvent) -> Void = { ev in
            guard !failed else { return }
            do { try d.handle(ev, now: now) { _ in } } catch { failed = true }
        }
        p.feed(data, handle)
        p.finish(handle)
    }

    /// The config file parser; and what `sx config set` writes (`EnvFile.quote`) must read back unchanged.
    public static func envFile(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? EnvFile.parse(text, path: "fuzz.txt")
        let line = "KEY=" + EnvFile.quote(text)
        guard let back = try? EnvFile.parse(line, path: "fuzz.txt") else {
            preconditionFailure("a quoted value does not parse: \(line.debugDescription)")
        }
        precondition(
            back.entries.count == 1 && back.entries[0].value == text,
            "a quoted value reads back changed: \(text.debugDescription) → \(back.entries.map(\.value))")
    }

    /// JWT payload decoding, on the raw input and on the input as a payload segment.
    public static func jwt(_ data: [UInt8]) {
        _ = JWTClaims(jwt: String(decoding: data, as: UTF8.self))
        let seg = Data(data).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        _ = JWTClaims(jwt: "eyJhbGciOiJub25lIn0.\(seg).sig")
    }

    /// The profile store loader (`ProfileStore.load` minus the file): parse, read every profile, and a store sx
    /// writes back must parse to the same tree.
    public static func store(_ data: [UInt8]) {
        guard let value = try? JSONParser.parse(Data(data)) else { return }
        let text = value.serialized()
        guard let again = try? JSONParser.parse(text) else {
            preconditionFailure("serialized JSON does not parse: \(text.debugDescription)")
        }
        precondition(again == value, "JSON changes on a write/read round trip: \(text.debugDescription)")
        guard let root = value.objectValue else { return }
        let doc = AuthStoreDocument(root: root)
        for p in doc.allProfiles {
            _ = p.isUsable(now: Date(timeIntervalSince1970: 1_800_000_000))
            _ = doc.usageStats(p.id).blockedUntil(now: Date(timeIntervalSince1970: 1_800_000_000))
        }
        _ = doc.warnings
        for provider in ProviderID.allCases { _ = doc.order(for: provider); _ = doc.lastGood(for: provider) }
        let reparsed = try? JSONParser.parse(doc.serialized())
        precondition(reparsed?.objectValue == doc.root, "the store changes on a write/read round trip")
    }

    /// The markdown renderer at a width taken from the first byte, as a whole answer and as a stream.
    public static func markdown(_ data: [UInt8]) {
        guard let first = data.first else { return }
        let width = Int(first % 120) + 1
        let source = String(decoding: data.dropFirst(), as: UTF8.self)
        _ = MarkdownRenderer.render(source, width: width)
    }
}
