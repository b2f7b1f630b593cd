import Foundation
import Testing
import SXTestSupport

/// `apply_patch` through the real binary against the Codex backend, whose catalog names it (`freeform`): the model
/// sends the patch as a `custom_tool_call`, sx writes every file or none, and the answer goes back as a
/// `custom_tool_call_output`.
@Suite struct ApplyPatchCLITests {
    static let patch = """
        *** Begin Patch
        *** Update File: src/a.swift
        @@ func greet() {
        -    print("hello")
        +    print("hello, world")
        *** Add File: docs/new.md
        +# New
        +written by the patch
        *** Delete File: old.txt
        *** End Patch
        """

    func workspace(_ cli: CLI) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: cli.workdir.appendingPathComponent("src"), withIntermediateDirectories: true)
        try "// a\nfunc greet() {\n    print(\"hello\")\n}\n".write(
            to: cli.workdir.appendingPathComponent("src/a.swift"), atomically: true, encoding: .utf8)
        try "bye\n".write(to: cli.workdir.appendingPathComponent("old.txt"), atomically: true, encoding: .utf8)
    }

    func read(_ cli: CLI, _ path: String) -> String? {
        try? String(contentsOf: cli.workdir.appendingPathComponent(path), encoding: .utf8)
    }

    func patchReply(_ patch: String) -> String {
        var a = CodexSSE()
        a.customToolCall(name: "apply_patch", input: patch, callId: "call_p1", id: "ctc_p1")
        a.completed()
        return a.text
    }

    @Test func aThreeFilePatchUpdatesAddsAndDeletes() throws {
        let mock = try CodexMock(replies: [.sse(patchReply(Self.patch)), .sse(CodexSSE.reply("Patched."))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try workspace(cli)
        let r = try cli.run(
            ["exec", "--provider", "codex", "--approval", "auto", "--json", "patch it"],
            extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(read(cli, "src/a.swift") == "// a\nfunc greet() {\n    print(\"hello, world\")\n}\n")
        #expect(read(cli, "docs/new.md") == "# New\nwritten by the patch\n")
        #expect(read(cli, "old.txt") == nil)

        // The tool is offered in the form the catalog names, instead of edit_file.
        let tools = try #require(mock.requests.first?.json?["tools"] as? [[String: Any]])
        let offered = try #require(tools.first { $0["name"] as? String == "apply_patch" })
        #expect(offered["type"] as? String == "custom")
        #expect((offered["format"] as? [String: Any])?["syntax"] as? String == "lark")
        #expect(!tools.contains { $0["name"] as? String == "edit_file" })
        // The call and its answer go back as custom items under the call's id.
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let call = try #require(input.first { $0["type"] as? String == "custom_tool_call" })
        #expect(call["call_id"] as? String == "call_p1")
        #expect(call["input"] as? String == Self.patch)
        let output = try #require(input.first { $0["type"] as? String == "custom_tool_call_output" })
        #expect(output["call_id"] as? String == "call_p1")
        #expect((output["output"] as? String)?.contains("M src/a.swift") == true)

        // `--json` events carry the three diffs.
        let events = r.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let result = try #require(events.first { $0["type"] as? String == "tool_result" })
        let diffs = try #require(result["diffs"] as? [[String: Any]])
        #expect(diffs.map { $0["kind"] as? String } == ["modified", "added", "deleted"])
        #expect(diffs.map { $0["path"] as? String } == ["src/a.swift", "docs/new.md", "old.txt"])
        #expect((diffs[0]["patch"] as? String)?.contains("+    print(\"hello, world\")") == true)
        #expect(diffs[1]["added"] as? Int == 2)
        #expect(diffs[2]["removed"] as? Int == 1)
    }

    @Test func aHunkThatDoesNotMatchWritesNothingAndSaysWhere() throws {
        let bad = """
            *** Begin Patch
            *** Add File: docs/new.md
            +# New
            *** Update File: src/a.swift
            @@
            -    print("goodbye")
            +    print("hello, world")
            *** End Patch
            """
        let mock = try CodexMock(replies: [.sse(patchReply(bad)), .sse(CodexSSE.reply("I will read it first."))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try workspace(cli)
        let r = try cli.run(
            ["exec", "--provider", "codex", "--approval", "auto", "patch it"],
            extraEnv: ["CODEX_BASE_URL": mock.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(read(cli, "src/a.swift") == "// a\nfunc greet() {\n    print(\"hello\")\n}\n")
        #expect(read(cli, "docs/new.md") == nil)
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let output = try #require(input.first { $0["type"] as? String == "custom_tool_call_output" })
        let text = try #require(output["output"] as? String)
        #expect(text.contains("src/a.swift"), "\(text)")
        #expect(text.contains("does not match"), "\(text)")
    }

    @Test func pathsOutsideTheWorkspaceAreRefused() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sx-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        try FileManager.default.createSymbolicLink(
            at: cli.workdir.appendingPathComponent("link"), withDestinationURL: outside)
        for (patch, expected) in [
            ("*** Begin Patch\n*** Add File: ../escape.txt\n+x\n*** End Patch", ".."),
            ("*** Begin Patch\n*** Add File: /tmp/abs.txt\n+x\n*** End Patch", "absolute"),
            ("*** Begin Patch\n*** Add File: link/x.txt\n+x\n*** End Patch", "outside the workspace")
        ] {
            let mock = try CodexMock(replies: [.sse(patchReply(patch)), .sse(CodexSSE.reply("ok"))])
            defer { mock.stop() }
            let r = try cli.run(
                ["exec", "--provider", "codex", "--approval", "auto", "patch it"],
                extraEnv: ["CODEX_BASE_URL": mock.baseURL])
            #expect(r.status == 0, "\(r.stderr)")
            let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
            let output = try #require(input.first { $0["type"] as? String == "custom_tool_call_output" })
            #expect((output["output"] as? String)?.contains(expected) == true, "\(output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.workdir.deletingLastPathComponent().path + "/escape.txt"))
    }

    @Test func aModelWhoseCatalogDoesNotNameItKeepsEditFile() throws {
        let mock = try CodexMock(replies: [.sse(CodexSSE.reply("hi")), .sse(CodexSSE.reply("hi again"))])
        defer { mock.stop() }
        mock.setCatalog(.models([CodexMockModel("gpt-5.5", priority: 1, applyPatch: nil)]))
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        // The first run reads the list beside its turn (its request uses the built-in facts) and caches it.
        for _ in 0..<2 {
            let r = try cli.run(
                ["exec", "--provider", "codex", "--model", "gpt-5.5", "hi"], extraEnv: ["CODEX_BASE_URL": mock.baseURL])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let names = (mock.requests.last?.json?["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names?.contains("edit_file") == true)
        #expect(names?.contains("apply_patch") == false)
    }

    @Test func sessionsDiffPrintsTheWholeChangeAsOnePatch() throws {
        var first = CodexSSE()
        first.functionCall(
            name: "write_file", arguments: #"{"path":"notes.md","content":"one\n"}"#, callId: "w1", id: "f1")
        first.completed()
        var second = CodexSSE()
        second.functionCall(
            name: "edit_file", arguments: #"{"path":"notes.md","old_string":"one","new_string":"one\ntwo"}"#,
            callId: "w2", id: "f2")
        second.completed()
        let mock = try CodexMock(replies: [
            .sse(first.text), .sse(CodexSSE.reply("written")), .sse(second.text), .sse(CodexSSE.reply("edited"))
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let env = ["CODEX_BASE_URL": mock.baseURL, "MODEL": "gpt-5.5"]
        #expect(try cli.run(["exec", "--provider", "codex", "--approval", "auto", "write"], extraEnv: env).status == 0)
        #expect(
            try cli.run(["exec", "--provider", "codex", "--approval", "auto", "--last", "edit"], extraEnv: env).status
                == 0)
        let diff = try cli.run(["sessions", "diff"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+++ b/notes.md"), "\(diff.stdout)")
        #expect(diff.stdout.contains("+one"))
        #expect(diff.stdout.contains("+two"))
        // A session that changed nothing says so.
        mock.setReplies([.sse(CodexSSE.reply("just talk"))])
        #expect(try cli.run(["exec", "--provider", "codex", "talk"], extraEnv: env).status == 0)
        let none = try cli.run(["sessions", "diff"])
        #expect(none.status == 0)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("changed no files"))
        #expect(try cli.run(["sessions", "diff", "no-such-id"]).stderr.contains("no session no-such-id"))
    }
}
