import Foundation
import SXAuth
import SXEngine
import SXTestSupport

/// SSE throughput per provider wire format: the parser alone, then parser + that provider's decoder, over a
/// stream of short text deltas built with the test-support generators (the same shapes the providers send).
enum ParseBench {
    static let words = [
        "Hello", " world", ", this", " is", " a", " streamed", " answer", " with", " ünïcode", " ✓", "\n"
    ]

    struct Format {
        var name: String
        var bytes: [UInt8]
        var decode: ([UInt8]) -> Int
    }

    static func formats(megabytes: Double) -> [Format] {
        let target = Int(megabytes * 1_048_576)
        func fill(_ add: (Int) -> Int) { var size = 0, i = 0; while size < target { size += add(i); i += 1 } }

        var codex = CodexSSE()
        codex.reasoning(["Thinking"])
        var deltas: [String] = []
        fill { i in
            deltas.append(words[i % words.count]); return 150
        }
        codex.message(deltas)
        codex.completed()

        // The OpenAI platform's Responses stream: the same events with sequence numbers and logprobs.
        var responses = ""
        fill { i in
            let ev =
                "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":\(i + 4),\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"\(words[i % words.count].replacingOccurrences(of: "\n", with: "\\n"))\",\"logprobs\":[]}\n\n"
            responses += ev
            return ev.utf8.count
        }
        var tail = CodexSSE(responseId: "resp_1")
        tail.completed()
        let responsesText = CodexSSE(responseId: "resp_1").text + responses + tail.events.last!

        var anthropic = AnthropicSSE()
        var adeltas: [String] = []
        fill { i in
            adeltas.append(words[i % words.count]); return 110
        }
        anthropic.text(adeltas)
        anthropic.messageDelta()
        anthropic.messageStop()

        var chat = OpenAIChatSSE()
        fill { i in
            chat.content(words[i % words.count], role: i == 0); return 95
        }
        chat.finish("stop")
        chat.usage()
        chat.done()

        var gemini = GeminiSSE()
        fill { i in
            gemini.chunk([GeminiSSE.text(words[i % words.count])]); return 190
        }
        gemini.chunk([GeminiSSE.text("end")], finishReason: "STOP", usage: GeminiSSE.usage())

        return [
            Format(name: "Codex", bytes: Array(codex.text.utf8)) { decode($0, CodexStreamDecoder()) },
            Format(name: "OpenAI responses", bytes: Array(responsesText.utf8)) {
                decode($0, CodexStreamDecoder(provider: .openai))
            },
            Format(name: "Anthropic", bytes: Array(anthropic.text.utf8)) { decode($0, AnthropicStreamDecoder()) },
            Format(name: "OpenAI chat", bytes: Array(chat.text.utf8)) {
                decode($0, ChatStreamDecoder(provider: .openai))
            },
            Format(name: "Gemini", bytes: Array(gemini.text.utf8)) { decode($0, GeminiStreamDecoder()) }
        ]
    }

    /// Feeds `bytes` in 64 KB reads through the parser and `decoder`; returns the characters of text decoded.
    static func decode<D: StreamDecoder>(_ bytes: [UInt8], _ decoder: D) -> Int {
        var p = SSEParser()
        var d = decoder
        var chars = 0
        let now = Date()
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = min(65536, raw.count - off)
                p.feed(UnsafeRawBufferPointer(rebasing: raw[off..<(off + n)])) { ev in
                    try? d.handle(ev, now: now) { if case .textDelta(let t) = $0 { chars += t.utf8.count } }
                }
                off += n
            }
        }
        p.finish { ev in try? d.handle(ev, now: now) { if case .textDelta(let t) = $0 { chars += t.utf8.count } } }
        precondition(d.completed, "the decoder did not see the end of the stream")
        return chars
    }

    static func parseOnly(_ bytes: [UInt8]) -> Int {
        var p = SSEParser()
        var events = 0
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = min(65536, raw.count - off)
                p.feed(UnsafeRawBufferPointer(rebasing: raw[off..<(off + n)])) { _ in events += 1 }
                off += n
            }
        }
        p.finish { _ in events += 1 }
        return events
    }

    static func rows(runs: Int) -> [Row] {
        var parse: [Row] = []
        var decoded: [Row] = []
        for f in formats(megabytes: 16) {
            let mb = Double(f.bytes.count) / 1_048_576
            var a: [Double] = []
            for _ in 0..<runs {
                let t0 = now()
                precondition(parseOnly(f.bytes) > 1000)
                a.append(mb / (now() - t0))
            }
            parse.append(
                Row(
                    name: "SSE parser alone, \(f.name) format", unit: "MB/s", samples: a, budget: 600,
                    higherIsBetter: true))
            var b: [Double] = []
            for _ in 0..<max(1, runs / 2) {
                let t0 = now()
                precondition(f.decode(f.bytes) > 1000)
                b.append(mb / (now() - t0))
            }
            decoded.append(
                Row(name: "SSE parser + \(f.name) decoder", unit: "MB/s", samples: b, budget: nil, higherIsBetter: true)
            )
        }
        return parse + decoded
    }
}
