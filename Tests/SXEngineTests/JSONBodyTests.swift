import Foundation
import SXCore
import Testing
import SXAuth
@testable import SXEngine

@Suite struct JSONBodyTests {
    /// The same tree through Foundation and through `JSONBody` parses back to equal values.
    @Test func matchesFoundationOnEveryKindOfValue() throws {
        let schema = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    #"{"type":"object","additionalProperties":false,"required":["a"],"properties":{"n":{"type":"integer","minimum":0,"maximum":1.5}}}"#
                        .utf8)))
        let tree: [String: Any] = [
            "text": "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} del \u{7F} é 日本語 🙂",
            "stream": true, "store": false, "count": 42, "negative": -7, "ratio": 0.25, "big": 1e300,
            "empty": "", "none": NSNull(), "list": [1, "two", [3], ["four": 4]] as [Any],
            "nested": ["a": ["b": ["c": "d"]]],
            "schema": schema
        ]
        let ours = try JSONBody.encode(tree)
        let theirs = try JSONSerialization.data(withJSONObject: tree)
        let a = try #require(try JSONSerialization.jsonObject(with: ours) as? NSDictionary)
        let b = try #require(try JSONSerialization.jsonObject(with: theirs) as? NSDictionary)
        #expect(a == b)
        let text = String(decoding: ours, as: UTF8.self)
        #expect(text.contains(#""stream":true"#) && text.contains(#""store":false"#))
        #expect(text.contains(#""additionalProperties":false"#), "a parsed boolean stays a boolean")
        #expect(
            text.contains("slash / newline \\n") && text.contains("é 日本語 🙂") && text.contains("\\u0007")
                && text.contains("\\u0000"))
    }

    @Test func keysAreSortedSoEqualTreesGiveEqualBytes() throws {
        let one = try JSONBody.encode(["b": 1, "a": ["z": 1, "y": 2]] as [String: Any])
        #expect(String(decoding: one, as: UTF8.self) == #"{"a":{"y":2,"z":1},"b":1}"#)
    }

    @Test func anUnsupportedValueIsAnErrorNotACrash() {
        #expect(throws: JSONBody.UnsupportedValue.self) { try JSONBody.encode(["when": Date()] as [String: Any]) }
    }

    /// A history of megabytes (the buffer grows many times) comes out whole and parses back.
    @Test func aBodyOfMegabytesIsWrittenWhole() throws {
        let turns: [Any] = (0..<3_000).map { i in
            [
                "role": i % 2 == 0 ? "user" : "assistant",
                "content": "turn \(i) " + String(repeating: "x\"y\\z é ", count: 120)
            ] as [String: Any]
        }
        let data = try JSONBody.encode(["input": turns, "model": "m"] as [String: Any])
        #expect(data.count > 3_000_000)
        let back = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let input = try #require(back["input"] as? [[String: Any]])
        #expect(input.count == 3_000)
        #expect(input[2_999]["content"] as? String == "turn 2999 " + String(repeating: "x\"y\\z é ", count: 120))
    }

    @Test func prettyOutputIsIndentedSortedAndParses() throws {
        let tree: [String: Any] = ["b": ["y": [1, 2], "x": [String: Any]()], "a": "s", "c": [Any]()]
        let text = String(decoding: try JSONBody.encodePretty(tree), as: UTF8.self)
        #expect(
            text
                == "{\n  \"a\": \"s\",\n  \"b\": {\n    \"x\": {},\n    \"y\": [\n      1,\n      2\n    ]\n  },\n  \"c\": []\n}\n"
        )
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        #expect(back == (tree as NSDictionary))
    }

    /// Written in pieces of any size, a body is the same bytes as written whole, and its counted length is theirs.
    @Test func piecesJoinToTheWholeBody() throws {
        let history: [[String: Any]] = (0..<500).map { i in
            [
                "role": "user",
                "content": [
                    ["type": "input_text", "text": "message \(i) \"quoted\" é " + String(repeating: "z", count: i * 7)]
                ]
            ]
        }
        let trees: [[String: Any]] = [
            [:],
            ["a": [Any](), "b": [String: Any](), "c": NSNull()],
            [
                "input": history, "model": "gpt", "stream": true, "tools": [["name": "shell", "strict": false]],
                "include": ["x"]
            ],
            ["nested": [[1, [2, 3]], ["k": [4]]], "z": 1.5, "n": -3]
        ]
        for tree in trees {
            let whole = try JSONBody.encode(tree)
            for size in [1, 7, 100, 4096, 64 * 1024] {
                var pieces = JSONBodyPieces(try JSONValue(foundation: tree).objectValue!)
                var joined = Data()
                var count = 0
                while let piece = try pieces.next(minBytes: size) {
                    #expect(!piece.isEmpty)
                    joined.append(piece)
                    count += 1
                }
                #expect(joined == whole, "piece size \(size)")
                #expect(try pieces.next(minBytes: size) == nil)
                if size == 100 && whole.count > 10_000 { #expect(count > 50) }
            }
            #expect(JSONBodyPieces(try JSONValue(foundation: tree).objectValue!).length() == whole.count)
        }
    }

    /// A lazy array writes the same bytes as the array it stands for, whole or in pieces, and makes each group
    /// only when the writer reaches it.
    @Test func lazyArraysWriteTheirGroupsInOrder() throws {
        let groups: [[JSONValue]] = [[], ["a", 1], [], [["k": "v"]], ["z"], []]
        let made = LockedCounter()
        let lazy = JSONLazyArray(groups: groups.count) { i in
            made.add(); return groups[i]
        }
        let plain: JSONObject = ["input": .array(groups.flatMap { $0 }), "model": "m"]
        let viaLazy: JSONObject = ["input": .lazyArray(lazy), "model": "m"]
        #expect(JSONBody.encode(.object(viaLazy)) == JSONBody.encode(.object(plain)))
        #expect(made.value == groups.count)
        var pieces = JSONBodyPieces(viaLazy)
        var joined = Data()
        while let piece = pieces.next(minBytes: 1) { joined.append(piece) }
        #expect(joined == JSONBody.encode(.object(plain)))
        #expect(made.value == 2 * groups.count)
        #expect(JSONBodyPieces(viaLazy).length() == joined.count)
        #expect(made.value == 3 * groups.count, "counting the length makes every group once more")
        let empty: JSONValue = ["input": .lazyArray(JSONLazyArray(groups: 0) { _ in [] })]
        #expect(String(decoding: JSONBody.encode(empty), as: UTF8.self) == #"{"input":[]}"#)
    }
}

/// A rendered request part as Foundation sees it, so tests read bodies the way the mocks do.
func foundation<T: JSONRepresentable>(_ items: [T]) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: JSONBody.encode(JSONValue.list(items))) as? [[String: Any]])
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
