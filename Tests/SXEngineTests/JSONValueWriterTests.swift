import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

/// `JSONBody` as the one writer of `JSONValue`: the builder's key order, escaping, numbers, and the lazy history.
@Suite struct JSONValueWriterTests {
    @Test func keysComeInTheOrderTheBuilderGaveThem() {
        var o: JSONObject = ["z": 1, "a": ["y": true, "b": .null]]
        o["m"] = "x"
        o["z"] = 2
        #expect(
            String(decoding: JSONBody.encode(.object(o)), as: UTF8.self) == #"{"z":2,"a":{"y":true,"b":null},"m":"x"}"#)
        o["a"] = nil
        #expect(o.keys == ["z", "m"])
    }

    @Test func stringsAreEscapedAsJSONRequiresAndNoMore() throws {
        let text = "q\" b\\ / \n\t\r \u{08}\u{0C} \u{00}\u{1F} é 日本 🙂"
        let data = JSONBody.encode(["t": .string(text)])
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"t":"q\" b\\ / \n\t\r \b\f \u0000\u001f é 日本 🙂"}"#)
        #expect(try JSONParser.parse(data)["t"]?.stringValue == text)
    }

    @Test func numbersKeepTheirTextAndDoublesAreWrittenPlainly() {
        let v: JSONValue = [
            .int(-7), .int(Int64(1_700_000_000_123)), 0.25, .double(3), .double(1e300), .double(.nan),
            .number("2.50")
        ]
        #expect(String(decoding: JSONBody.encode(v), as: UTF8.self) == "[-7,1700000000123,0.25,3,1e+300,null,2.50]")
    }

    /// A history of many groups streams in pieces of any size to the bytes of the same value written whole.
    @Test func aLazyHistoryStreamsToTheBytesOfTheWholeTree() {
        let messages = (0..<400).map { i in "message \(i) \"q\" é " + String(repeating: "z", count: i * 5) }
        let lazy = JSONLazyArray(groups: messages.count) { i in
            i % 3 == 0 ? [] : [["role": "user", "content": [["type": "input_text", "text": .string(messages[i])]]]]
        }
        let viaLazy: JSONObject = ["model": "m", "input": .lazyArray(lazy), "stream": true]
        let whole: JSONObject = ["model": "m", "input": .array(lazy.materialized()), "stream": true]
        let expected = JSONBody.encode(.object(whole))
        #expect(JSONBody.encode(.object(viaLazy)) == expected)
        #expect(JSONValue.object(viaLazy) == .object(whole))
        for size in [1, 333, 64 * 1024] {
            var pieces = JSONBodyPieces(viaLazy)
            var joined = Data()
            while let piece = pieces.next(minBytes: size) { joined.append(piece) }
            #expect(joined == expected, "piece size \(size)")
        }
        #expect(JSONBodyPieces(viaLazy).length() == expected.count)
    }

    @Test func prettyTextIsWhatTheStoreWrote() throws {
        let v: JSONValue = ["b": ["y": [1, 2], "x": [:]], "a": "s", "c": []]
        #expect(
            v.serialized()
                == "{\n  \"b\": {\n    \"y\": [\n      1,\n      2\n    ],\n    \"x\": {}\n  },\n  \"a\": \"s\",\n  \"c\": []\n}"
        )
        #expect(try JSONParser.parse(v.serialized()) == v)
    }

    @Test func aToolSchemaIsParsedOnceAndABadOneNamesTheTool() throws {
        var spec = ToolSpec(name: "t", description: "d", parametersSchema: #"{"type":"object","properties":{}}"#)
        #expect(try spec.parameters()["type"] == "object")
        spec.parametersSchema = #"{"type":"#
        #expect(throws: ToolSchemaError.self) { try spec.parameters() }
        let message =
            (try? spec.parameters()).map { _ in "" }
            ?? {
                do { _ = try spec.parameters(); return "" } catch { return "\(error)" }
            }()
        #expect(message.hasPrefix("tool t: parameters schema is not valid JSON: line 1"))
    }
}
