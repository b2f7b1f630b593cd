import Foundation
import Testing
import SXTestSupport
@testable import SXEngine

/// The Gemini decoder reads plain text chunks with FlatJSON and everything else with Foundation: on generated
/// chunks the fast reader must agree with Foundation exactly, and decline every chunk that is not plain text.
@Suite struct GeminiFastPathTests {
    static let alphabet: [String] = [
        "a", "Z", " ", "\n", "\t", "\"", "\\", "/", "é", "✓", "😀", "\u{1}", "\u{7f}", "{", "}", "[", "]", ",", ":"
    ]

    static func randomText(_ rng: inout SplitMix) -> String {
        (0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
    }

    /// Texts and usage as Foundation reads them, for a chunk whose parts are all text.
    static func foundation(_ data: String) -> (texts: [String], id: String?, usage: [String: Int])? {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any],
            let candidate = (obj["candidates"] as? [[String: Any]])?.first,
            let parts = (candidate["content"] as? [String: Any])?["parts"] as? [[String: Any]]
        else { return nil }
        let texts = parts.compactMap { $0["text"] as? String }
        let usage = (obj["usageMetadata"] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
        return (texts, obj["responseId"] as? String, usage)
    }

    @Test func plainTextChunksReadLikeFoundationAndOthersAreDeclined() throws {
        var rng = SplitMix(seed: 0x6E6D)
        var fast = 0, declined = 0
        for round in 0..<3_000 {
            var sse = GeminiSSE(responseId: "r\(round)")
            let texts = (0..<(1 + Int(rng.next() % 3))).map { _ in Self.randomText(&rng) }
            var parts = texts.map { GeminiSSE.text($0) }
            let kind = rng.next() % 6
            switch kind {
            case 0: parts.append(GeminiSSE.thought(Self.randomText(&rng)))
            case 1: parts.append(GeminiSSE.functionCall(name: "read_file", args: #"{"path":"a"}"#))
            case 2: parts[0] = String(parts[0].dropLast()) + #","thoughtSignature":"sig"}"#
            default: break
            }
            sse.chunk(
                parts, finishReason: kind == 3 ? "STOP" : nil,
                usage: GeminiSSE.usage(prompt: round, candidates: round % 7))
            let data = String(sse.events[0].dropFirst("data: ".count).dropLast(2))
            let plain = kind >= 4
            guard let chunk = GeminiStreamDecoder.plainTextChunk(data) else {
                #expect(!plain, "a plain text chunk was declined: \(data)")
                declined += 1
                continue
            }
            #expect(plain, "a chunk that is not plain text was read by the fast path: \(data)")
            let reference = try #require(Self.foundation(data))
            #expect(chunk.texts == reference.texts)
            #expect(chunk.responseId == reference.id)
            #expect((chunk.usage ?? [:]) == reference.usage)
            fast += 1
        }
        #expect(fast > 500 && declined > 1_500)
    }

    /// The whole decoder gives the same events whichever reader took each chunk.
    @Test func aReplyDecodesToTheSameEventsAsItsText() throws {
        let stream = GeminiSSE.reply("Hello \"world\" — ünïcode ✓\nsecond line", thoughts: ["thinking first"])
        var parser = SSEParser()
        var decoder = GeminiStreamDecoder()
        var text = "", thinking = "", completed = false
        var usage: Usage?
        let now = Date()
        Array(stream.utf8).withUnsafeBytes { raw in
            parser.feed(raw) { event in
                try? decoder.handle(event, now: now) { e in
                    switch e {
                    case .textDelta(let t): text += t
                    case .thinkingDelta(let t): thinking += t
                    case .usage(let u): usage = u
                    case .completed: completed = true
                    default: break
                    }
                }
            }
        }
        #expect(text == "Hello \"world\" — ünïcode ✓\nsecond line")
        #expect(thinking == "thinking first")
        #expect(completed)
        #expect(usage?.inputTokens == 4000)
    }
}
