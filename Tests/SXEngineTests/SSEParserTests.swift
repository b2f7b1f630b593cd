import Foundation
import Testing
import SXTestSupport
@testable import SXEngine

@Suite struct SSEParserTests {
    func parse(_ chunks: [[UInt8]], finish: Bool = true) -> [SSEEvent] {
        var p = SSEParser()
        var out: [SSEEvent] = []
        for c in chunks { p.feed(c) { out.append($0) } }
        if finish { p.finish { out.append($0) } }
        return out
    }

    func parse(_ text: String) -> [SSEEvent] { parse([Array(text.utf8)]) }

    @Test func eventAndDataLines() {
        let evs = parse("event: a\ndata: {\"x\":1}\n\nevent: b\ndata: two\n\n")
        #expect(evs == [SSEEvent(event: "a", data: "{\"x\":1}"), SSEEvent(event: "b", data: "two")])
    }

    @Test func multiLineDataJoinedWithNewline() {
        #expect(parse("data: one\ndata: two\ndata:three\n\n") == [SSEEvent(data: "one\ntwo\nthree")])
    }

    @Test func crlfAndLoneCRLineEnds() {
        #expect(parse("event: e\r\ndata: x\r\n\r\n") == [SSEEvent(event: "e", data: "x")])
        #expect(parse("data: x\rdata: y\r\r") == [SSEEvent(data: "x\ny")])
    }

    @Test func commentsAndUnknownFieldsIgnored() {
        #expect(parse(": keep-alive\n\nretry: 100\nfoo: bar\ndata: d\n\n") == [SSEEvent(data: "d")])
    }

    @Test func noEventLinesAndDone() {
        let evs = parse("data: {\"type\":\"t\"}\n\ndata: [DONE]\n\n")
        #expect(evs.map(\.data) == ["{\"type\":\"t\"}", "[DONE]"])
        #expect(evs.allSatisfy { $0.event == nil })
    }

    @Test func idIsKept() {
        #expect(parse("id: 7\ndata: x\n\n").first?.id == "7")
    }

    @Test func eventWithoutDataIsNotDispatched() {
        #expect(parse("event: ping\n\ndata: x\n\n") == [SSEEvent(data: "x")])
    }

    @Test func pendingEventAtEndIsDispatchedOnFinish() {
        #expect(parse([Array("data: tail".utf8)], finish: false).isEmpty)
        #expect(parse("data: tail") == [SSEEvent(data: "tail")])
    }

    @Test func bareJSONLineSurfaced() {
        let evs = parse("{\"error\":{\"code\":429}}\n")
        #expect(evs == [SSEEvent(data: "{\"error\":{\"code\":429}}", isBareJSON: true)])
    }

    @Test func utf8SplitInsideCharacter() {
        let bytes = Array("data: héllo 🌍 世界\n\n".utf8)
        for cut in 1..<bytes.count {
            #expect(parse([Array(bytes[..<cut]), Array(bytes[cut...])]) == [SSEEvent(data: "héllo 🌍 世界")])
        }
    }

    /// The same real stream split at every byte boundary (and in CRLF form) gives the same events.
    @Test func everyByteBoundaryOfRealStreams() {
        var s = CodexSSE()
        s.reasoning(["Thinking ", "about it"])
        s.message(["Hel", "lo, ", "wörld ✓"])
        s.functionCall(name: "shell", arguments: #"{"command":"echo hi"}"#)
        s.completed()
        for text in [
            s.text, s.text.replacingOccurrences(of: "\n", with: "\r\n"),
            s.text.replacingOccurrences(of: "\n", with: "\r")
        ] {
            let bytes = Array(text.utf8)
            let expected = parse([bytes])
            #expect(expected.count == s.events.count)
            for cut in 0...bytes.count {
                #expect(parse([Array(bytes[..<cut]), Array(bytes[cut...])]) == expected, "cut at \(cut)")
            }
            // three pieces at pseudo-random boundaries
            var rng = SplitMix(seed: 42)
            for _ in 0..<200 {
                let a = Int(rng.next() % UInt64(bytes.count + 1))
                let b = Int(rng.next() % UInt64(bytes.count + 1))
                let (x, y) = (min(a, b), max(a, b))
                #expect(parse([Array(bytes[..<x]), Array(bytes[x..<y]), Array(bytes[y...])]) == expected)
            }
            // one byte at a time
            #expect(parse(bytes.map { [$0] }) == expected)
        }
    }
}

extension SSEParserTests {
    /// Events of several data lines (and an empty `data` field) split at every byte boundary: the first line may
    /// wait in the chunk that brought it while the next chunk brings the rest.
    @Test func multiLineEventsAtEveryBoundary() {
        let text =
            "event: a\ndata: first line\ndata: second line\n\ndata\ndata: after empty\n\n: note\ndata: {\"x\":1}\n\ndata: last\n"
        let expected = [
            SSEEvent(event: "a", data: "first line\nsecond line"), SSEEvent(data: "\nafter empty"),
            SSEEvent(data: #"{"x":1}"#), SSEEvent(data: "last")
        ]
        let bytes = Array(text.utf8)
        #expect(parse([bytes]) == expected)
        for cut in 0...bytes.count {
            #expect(parse([Array(bytes[..<cut]), Array(bytes[cut...])]) == expected, "cut at \(cut)")
        }
        #expect(parse(bytes.map { [$0] }) == expected)
    }
}

@Suite struct FlatJSONTests {
    @Test func readsTopLevelStringsAndIntegersAndSkipsTheRest() {
        let f = FlatJSON.parse(
            #"{"type":"response.output_text.delta","delta":"a\"b\\c\n\u00e9\ud83d\ude00 \/","n":-12,"x":1.5,"o":{"k":["]",{"z":"}"}]},"t":true,"nil":null,"arr":[1,2]}"#
        )
        #expect(f?["type"] == .string("response.output_text.delta"))
        #expect(f?["delta"] == .string("a\"b\\c\né😀 /"))
        #expect(f?["n"] == .int(-12))
        #expect(f?["x"] == .other)
        #expect(f?["o"] == .other)
        #expect(f?["t"] == .other)
        #expect(f?["nil"] == .other)
        #expect(f?["arr"] == .other)
        #expect(f?.count == 8)
    }

    @Test func rejectsWhatItCannotRead() {
        for bad in [
            "", "[]", "{", #"{"a":}"#, #"{"a":"x"#, #"{"a":"\q"}"#, #"{"a":"\ud83d"}"#, #"{"a" "b"}"#, "{\"a\":1,}"
        ] {
            #expect(FlatJSON.parse(bad) == nil, "\(bad)")
        }
        #expect(FlatJSON.parse("{}")?.isEmpty == true)
        #expect(FlatJSON.parse(" { \"a\" : \"b\" } ")?["a"] == .string("b"))
    }

    @Test func nestedReadsObjectsArraysAndNull() {
        let text =
            #"{"choices":[{"index":0,"delta":{"content":"h\u00e9","role":"assistant"},"finish_reason":null}],"usage":null,"t":true,"x":2.5}"#
        let f = FlatJSON.parse(text, nested: true)
        #expect(
            f?["choices"]
                == .array([
                    .object([
                        "index": .int(0), "delta": .object(["content": .string("hé"), "role": .string("assistant")]),
                        "finish_reason": .null
                    ])
                ]))
        #expect(f?["usage"] == .null && f?["t"] == .other && f?["x"] == .other)
        // Without `nested` the same text reads as before: nested values skipped.
        #expect(FlatJSON.parse(text)?["choices"] == .other)
        for bad in [#"{"a":[1,}"#, #"{"a":{"b":}}"#, #"{"a":nul}"#, #"{"a":[1] x}"#, #"{"a":1} trailing"#] {
            #expect(FlatJSON.parse(bad, nested: true) == nil, "\(bad)")
        }
        // Past the depth limit a value is skipped, not read.
        var deep = FlatJSON.parse(#"{"a":[[[[[[[[[[1]]]]]]]]]]}"#, nested: true)?["a"]
        var levels = 0
        while case .array(let inner)? = deep { deep = inner.first; levels += 1 }
        #expect(levels == 7 && deep == .other)
    }

    /// The fast path and Foundation agree on every delta event of a real-shaped stream.
    @Test func agreesWithJSONSerialization() throws {
        var s = CodexSSE()
        s.message(["plain", "with \"quotes\" and \\ backslash", "tab\tnew\nline", "ünïcödé ✓ 世界 🎉", "</script>"])
        var p = SSEParser()
        var checked = 0
        p.feed(Array(s.text.utf8)) { ev in
            guard let obj = try? JSONSerialization.jsonObject(with: Data(ev.data.utf8)) as? [String: Any],
                (obj["type"] as? String)?.hasSuffix(".delta") == true
            else { return }
            let flat = FlatJSON.parse(ev.data)
            #expect(flat?["delta"] == .string(obj["delta"] as! String))
            #expect(flat?["output_index"] == .int(obj["output_index"] as! Int))
            checked += 1
        }
        #expect(checked == 5)
    }
}
