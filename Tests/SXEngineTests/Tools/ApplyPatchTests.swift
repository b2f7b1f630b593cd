import Foundation
import Testing

@testable import SXEngine

/// Parses and applies `patch` to an in-memory file tree and returns the tree afterwards (as the caller would write
/// it: deletions removed, moves renamed), plus the raw results.
private func applied(_ patch: String, to files: [String: String]) throws(PatchError) -> [String: String] {
    try appliedData(patch, to: files.mapValues { Data($0.utf8) }).mapValues { String(decoding: $0, as: UTF8.self) }
}

private func appliedData(_ patch: String, to files: [String: Data]) throws(PatchError) -> [String: Data] {
    let parsed = try PatchParser.parse(patch)
    let results = try PatchApplier.apply(parsed) { files[$0] }
    var tree = files
    for result in results {
        tree[result.path] = nil
        if let new = result.new { tree[result.moveTo ?? result.path] = new }
    }
    return tree
}

/// The error message `body` throws, or nil if it does not throw.
private func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as PatchError {
        return error.message
    } catch {
        return "not a PatchError: \(error)"
    }
}

private func failure(_ patch: String, _ files: [String: String] = [:]) -> String? {
    errorMessage { _ = try applied(patch, to: files) }
}

@Suite struct ApplyPatchBehaviourTests {
    @Test func threeFilePatchUpdatesAddsAndDeletes() throws {
        let files = [
            "src/app.swift": "import Foundation\n\nfunc a() {\n    print(1)\n}\n\nfunc b() {\n    print(2)\n}\n",
            "old.txt": "bye\n",
            "keep.txt": "unchanged\n"
        ]
        let patch = """
            *** Begin Patch
            *** Update File: src/app.swift
            @@
             func a() {
            -    print(1)
            +    print("one")
             }
            @@ func b() {
            -    print(2)
            +    print("two")
            +    print("three")
            *** Add File: docs/new.md
            +# Title
            +
            +text
            *** Delete File: old.txt
            *** End Patch
            """
        let tree = try applied(patch, to: files)
        #expect(
            tree == [
                "src/app.swift":
                    "import Foundation\n\nfunc a() {\n    print(\"one\")\n}\n\nfunc b() {\n    print(\"two\")\n"
                    + "    print(\"three\")\n}\n",
                "docs/new.md": "# Title\n\ntext\n",
                "keep.txt": "unchanged\n"
            ])
    }

    @Test func resultsCarryOldAndNewContents() throws {
        let patch =
            "*** Begin Patch\n*** Add File: a\n+x\n*** Delete File: b\n*** Update File: c\n@@\n-1\n+2\n*** End Patch"
        let files = ["b": Data("gone\n".utf8), "c": Data("1\n".utf8)]
        let results = try PatchApplier.apply(try PatchParser.parse(patch)) { files[$0] }
        #expect(
            results == [
                PatchedFile(path: "a", moveTo: nil, old: nil, new: Data("x\n".utf8)),
                PatchedFile(path: "b", moveTo: nil, old: Data("gone\n".utf8), new: nil),
                PatchedFile(path: "c", moveTo: nil, old: Data("1\n".utf8), new: Data("2\n".utf8))
            ])
    }

    @Test func moveWithEdit() throws {
        let patch = """
            *** Begin Patch
            *** Update File: Sources/Old.swift
            *** Move to: Sources/Renamed/New.swift
            @@
             struct Old {
            -    var name = "old"
            +    var name = "new"
             }
            *** End Patch
            """
        let results = try PatchApplier.apply(try PatchParser.parse(patch)) {
            $0 == "Sources/Old.swift" ? Data("struct Old {\n    var name = \"old\"\n}\n".utf8) : nil
        }
        #expect(results.count == 1)
        #expect(results.first?.path == "Sources/Old.swift")
        #expect(results.first?.moveTo == "Sources/Renamed/New.swift")
        #expect(results.first?.new == Data("struct Old {\n    var name = \"new\"\n}\n".utf8))
    }

    @Test func moveToItsOwnPathIsAPlainUpdate() throws {
        let patch = "*** Begin Patch\n*** Update File: a.txt\n*** Move to: ./a.txt\n@@\n-x\n+y\n*** End Patch"
        let results = try PatchApplier.apply(try PatchParser.parse(patch)) { _ in Data("x\n".utf8) }
        #expect(results == [PatchedFile(path: "a.txt", moveTo: nil, old: Data("x\n".utf8), new: Data("y\n".utf8))])
    }

    @Test func contextLineDisambiguatesIdenticalBlocks() throws {
        let block = "    if ready {\n        start()\n    }\n"
        let file = "func w() {\n" + block + "}\n\nfunc x() {\n" + block + "}\n"
        let patch = """
            *** Begin Patch
            *** Update File: s.swift
            @@ func x() {
                 if ready {
            -        start()
            +        startX()
                 }
            *** End Patch
            """
        let tree = try applied(patch, to: ["s.swift": file])
        let expected = "func w() {\n" + block + "}\n\nfunc x() {\n    if ready {\n        startX()\n    }\n}\n"
        #expect(tree["s.swift"] == expected)
    }

    @Test func stackedContextLinesNarrowTheSearch() throws {
        let method = "    func run() {\n        go()\n    }\n"
        let file = "class A {\n" + method + "}\nclass B {\n    func other() {}\n" + method + "}\n"
        let patch =
            "*** Begin Patch\n*** Update File: f.swift\n@@ class B {\n@@     func run() {\n-        go()\n"
            + "+        goB()\n*** End Patch"
        let tree = try applied(patch, to: ["f.swift": file])
        let expected =
            "class A {\n" + method + "}\nclass B {\n    func other() {}\n    func run() {\n        goB()\n"
            + "    }\n}\n"
        #expect(tree["f.swift"] == expected)
    }

    @Test func whitespaceTolerantMatch() throws {
        // The file has trailing blanks and a tab indent; the patch has neither.
        let file = "alpha  \n\tbeta\t\ngamma\n"
        let patch = "*** Begin Patch\n*** Update File: w.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch"
        let tree = try applied(patch, to: ["w.txt": file])
        // The matched region (context included) is replaced by the patch's new lines.
        #expect(tree["w.txt"] == "alpha\nBETA\ngamma\n")
    }

    @Test func trailingWhitespacePassRunsBeforeTrimPass() throws {
        // "x" with trailing space matches at line 2 in the trailing-whitespace pass before the indented " x" at 1.
        let file = "  x\nx \n"
        let patch = "*** Begin Patch\n*** Update File: t\n@@\n-x\n+y\n*** End Patch"
        #expect(try applied(patch, to: ["t": file])["t"] == "  x\ny\n")
    }

    @Test func unicodePunctuationIsNormalised() throws {
        // Rewritten from Codex's lib.rs test `test_update_line_with_unicode_dash`: EN DASH and NON-BREAKING HYPHEN
        // in the file, ASCII in the patch.
        let file = "import asyncio  # local import \u{2013} avoids top\u{2011}level dep\n"
        let patch = """
            *** Begin Patch
            *** Update File: unicode.py
            @@
            -import asyncio  # local import - avoids top-level dep
            +import asyncio  # HELLO
            *** End Patch
            """
        #expect(try applied(patch, to: ["unicode.py": file])["unicode.py"] == "import asyncio  # HELLO\n")
    }

    @Test func fancyQuotesAndSpacesAreNormalised() throws {
        let file = "say \u{201C}hi\u{201D}\u{00A0}it\u{2019}s me\n"
        let patch = "*** Begin Patch\n*** Update File: q\n@@\n-say \"hi\" it's me\n+done\n*** End Patch"
        #expect(try applied(patch, to: ["q": file])["q"] == "done\n")
    }

    @Test func endOfFileChunkMatchesTheLastLines() throws {
        let file = "x\ny\nx\n"
        let patch = "*** Begin Patch\n*** Update File: e\n@@\n-x\n+z\n*** End of File\n*** End Patch"
        #expect(try applied(patch, to: ["e": file])["e"] == "x\ny\nz\n")
        let plain = "*** Begin Patch\n*** Update File: e\n@@\n-x\n+z\n*** End Patch"
        #expect(try applied(plain, to: ["e": file])["e"] == "z\ny\nx\n")
    }

    @Test func endOfFileChunkThatIsNotAtTheEndFails() {
        let patch = "*** Begin Patch\n*** Update File: e\n@@\n-x\n+z\n*** End of File\n*** End Patch"
        #expect(
            failure(patch, ["e": "x\ny\n"])
                == "apply_patch: e: hunk at patch line 3 does not match the end of the file (its lines were found at "
                + "line 1, but the hunk is marked '*** End of File')")
    }

    @Test func crlfFileStaysCRLF() throws {
        let patch =
            "*** Begin Patch\n*** Update File: w.txt\n@@\n a\n-b\n+B\n@@\n c\n+d\n*** End of File\n*** End Patch"
        let tree = try appliedData(patch, to: ["w.txt": Data("a\r\nb\r\nc\r\n".utf8)])
        #expect(tree["w.txt"] == Data("a\r\nB\r\nc\r\nd\r\n".utf8))
    }

    @Test func crlfEmbeddedCarriageReturnIsKept() throws {
        // From Codex's lib.rs test `test_preserve_crlf_embedded_carriage_returns_on_append`.
        let patch = "*** Begin Patch\n*** Update File: c.txt\n@@\n+BAZ\n*** End of File\n*** End Patch"
        let tree = try appliedData(patch, to: ["c.txt": Data("foo\r\r\nbar\r\n".utf8)])
        #expect(tree["c.txt"] == Data("foo\r\r\nbar\r\nBAZ\r\n".utf8))
    }

    @Test func crlfPatchTextIsAccepted() throws {
        let patch = "*** Begin Patch\r\n*** Update File: a\r\n@@\r\n-x\r\n+y\r\n*** End Patch\r\n"
        #expect(try applied(patch, to: ["a": "x\n"])["a"] == "y\n")
    }

    @Test func mismatchNamesFilePatchLineAndFileLineAndReturnsNothing() {
        let file = "import Foundation\n\nfunc a() {\n    let x = 1\n    let y = 2\n}\n"
        let patch = """
            *** Begin Patch
            *** Add File: created.txt
            +hello
            *** Update File: src/a.swift
            @@ func a() {
                 let x = 1
            -    let y = 3
            +    let y = 4
            *** End Patch
            """
        var results: [PatchedFile]?
        let message = errorMessage {
            results = try PatchApplier.apply(try PatchParser.parse(patch)) {
                $0 == "src/a.swift" ? Data(file.utf8) : nil
            }
        }
        #expect(
            message
                == "apply_patch: src/a.swift: hunk at patch line 5 does not match the file "
                + "(expected \"    let y = 3\" at or after line 5)")
        #expect(results == nil)
    }

    @Test func missingFirstLineIsReportedFromTheSearchStart() {
        let patch = "*** Begin Patch\n*** Update File: m.txt\n@@\n one\n-missing\n+changed\n*** End Patch"
        #expect(
            failure(patch, ["m.txt": "zero\none\ntwo\n"])
                == "apply_patch: m.txt: hunk at patch line 3 does not match the file "
                + "(expected \"missing\" at or after line 3)")
        #expect(
            failure("*** Begin Patch\n*** Update File: m.txt\n@@\n-nowhere\n*** End Patch", ["m.txt": "a\n"])
                == "apply_patch: m.txt: hunk at patch line 3 does not match the file "
                + "(expected \"nowhere\" at or after line 1)")
    }

    @Test func missingContextLineIsNamed() {
        let patch = "*** Begin Patch\n*** Update File: m.txt\n@@ func nope()\n-a\n+b\n*** End Patch"
        #expect(
            failure(patch, ["m.txt": "a\n"])
                == "apply_patch: m.txt: hunk at patch line 3 does not match the file "
                + "(@@ context \"func nope()\" not found at or after line 1)")
    }

    @Test func secondChunkIsSearchedAfterTheFirst() {
        // The second chunk's line exists only before the first chunk's match, so it must not be found.
        let patch = "*** Begin Patch\n*** Update File: o\n@@\n-b\n+B\n@@\n-a\n+A\n*** End Patch"
        #expect(
            failure(patch, ["o": "a\nb\nc\n"])
                == "apply_patch: o: hunk at patch line 6 does not match the file (expected \"a\" at or after line 3)")
    }

    @Test func binaryAndInvalidUTF8FilesAreRefused() {
        let patch = "*** Begin Patch\n*** Update File: img.png\n@@\n-a\n+b\n*** End Patch"
        let expected = "apply_patch: img.png: is a binary file; apply_patch only edits UTF-8 text"
        for bytes in [[0x61, 0x00, 0x0A], [0x61, 0xFF, 0xFE, 0x0A]] as [[UInt8]] {
            let message = errorMessage { _ = try appliedData(patch, to: ["img.png": Data(bytes)]) }
            #expect(message == expected)
        }
    }

    @Test func deletingABinaryFileIsFine() throws {
        let tree = try appliedData(
            "*** Begin Patch\n*** Delete File: b.bin\n*** End Patch", to: ["b.bin": Data([0, 1, 2])])
        #expect(tree.isEmpty)
    }

    @Test func updateAlwaysEndsWithANewline() throws {
        // Codex scenario 014_update_file_appends_trailing_newline.
        let patch = """
            *** Begin Patch
            *** Update File: no_newline.txt
            @@
            -no newline at end
            +first line
            +second line
            *** End Patch
            """
        let tree = try applied(patch, to: ["no_newline.txt": "no newline at end"])
        #expect(tree["no_newline.txt"] == "first line\nsecond line\n")
    }

    @Test func trailingBlankLineInHunkStillMatchesAtTheEnd() throws {
        // A blank line at the end of a hunk is an empty context line; it is dropped when it stands for the final
        // newline (Codex lib.rs, compute_replacements).
        let patch = "*** Begin Patch\n*** Update File: t\n@@\n a\n-b\n+c\n\n*** End Patch"
        #expect(try applied(patch, to: ["t": "a\nb\n"])["t"] == "a\nc\n")
    }

    @Test func addFileCanBeEmptyAndKeepsBlankLines() throws {
        let tree = try applied("*** Begin Patch\n*** Add File: e\n*** Add File: f\n+\n+x\n*** End Patch", to: [:])
        #expect(tree == ["e": "", "f": "\nx\n"])
    }
}

@Suite struct ApplyPatchErrorTests {
    @Test func absolutePathIsRefused() {
        #expect(
            failure("*** Begin Patch\n*** Add File: /etc/passwd\n+x\n*** End Patch")
                == "apply_patch: patch line 2: absolute path '/etc/passwd' is not allowed; use a path relative to the "
                + "workspace")
        #expect(failure("*** Begin Patch\n*** Delete File: ~/x\n*** End Patch")?.contains("absolute path") == true)
        #expect(failure("*** Begin Patch\n*** Delete File: C:\\x\n*** End Patch")?.contains("absolute path") == true)
    }

    @Test func dotDotIsRefused() {
        #expect(
            failure("*** Begin Patch\n*** Update File: a/../../b\n@@\n-x\n+y\n*** End Patch")
                == "apply_patch: patch line 2: path 'a/../../b' must not contain '..'")
        #expect(
            failure("*** Begin Patch\n*** Update File: a\n*** Move to: ../b\n@@\n-x\n+y\n*** End Patch")
                == "apply_patch: patch line 3: path '../b' must not contain '..'")
    }

    @Test func emptyPathIsRefused() {
        #expect(
            failure("*** Begin Patch\n*** Add File: \n+x\n*** End Patch")
                == "apply_patch: patch line 2: empty file path")
        #expect(
            failure("*** Begin Patch\n*** Delete File:\n*** End Patch") == "apply_patch: patch line 2: empty file path")
        #expect(
            failure("*** Begin Patch\n*** Delete File: ./\n*** End Patch")
                == "apply_patch: patch line 2: path './' does not name a file")
    }

    @Test func pathsAreNormalised() throws {
        let patch = try PatchParser.parse("*** Begin Patch\n*** Delete File: ./a//b/./c.txt \n*** End Patch")
        #expect(patch.operations == [.delete(path: "a/b/c.txt")])
    }

    @Test func missingEndPatch() {
        #expect(
            failure("*** Begin Patch\n*** Add File: a\n+x\n")
                == "apply_patch: patch line 3: the last line of the patch must be '*** End Patch'")
        #expect(
            failure("*** Begin Patch")
                == "apply_patch: patch line 1: the last line of the patch must be '*** End Patch'")
    }

    @Test func missingBeginPatch() {
        #expect(
            failure("*** Add File: a\n+x\n*** End Patch")
                == "apply_patch: patch line 1: the first line of the patch must be '*** Begin Patch'")
        #expect(failure("") == "apply_patch: patch line 1: the patch is empty; it must start with '*** Begin Patch'")
        #expect(
            failure("\n\n  bad\n") == "apply_patch: patch line 3: the first line of the patch must be '*** Begin Patch'"
        )
    }

    @Test func emptyPatch() {
        // Codex scenario 005_rejects_empty_patch.
        #expect(
            failure("*** Begin Patch\n*** End Patch\n")
                == "apply_patch: patch line 2: the patch contains no file operations")
    }

    @Test func addOfExistingFile() {
        // Codex overwrites (scenario 011_add_overwrites_existing_file); sx refuses.
        #expect(
            failure("*** Begin Patch\n*** Add File: dup.txt\n+new\n*** End Patch", ["dup.txt": "old\n"])
                == "apply_patch: dup.txt: cannot add: the file already exists; use '*** Update File:' to change it")
    }

    @Test func updateOfMissingFile() {
        // Codex scenarios 009_requires_existing_file_for_update and 015 (sx returns nothing at all).
        let patch =
            "*** Begin Patch\n*** Add File: created.txt\n+hello\n*** Update File: missing.txt\n@@\n-old\n+new\n"
            + "*** End Patch"
        #expect(failure(patch) == "apply_patch: missing.txt: cannot update: no such file")
    }

    @Test func deleteOfMissingFile() {
        // Codex scenario 007_rejects_missing_file_delete.
        #expect(
            failure("*** Begin Patch\n*** Delete File: missing.txt\n*** End Patch", ["foo.txt": "x\n"])
                == "apply_patch: missing.txt: cannot delete: no such file")
    }

    @Test func moveOntoExistingFile() {
        // Codex overwrites (scenario 010_move_overwrites_existing_destination); sx refuses.
        let patch =
            "*** Begin Patch\n*** Update File: old/name.txt\n*** Move to: renamed/dir/name.txt\n@@\n-from\n"
            + "+new\n*** End Patch"
        #expect(
            failure(patch, ["old/name.txt": "from\n", "renamed/dir/name.txt": "existing\n"])
                == "apply_patch: renamed/dir/name.txt: cannot move 'old/name.txt' here: the file already exists")
    }

    @Test func duplicatePath() {
        let expected =
            "apply_patch: a.txt: more than one operation in this patch touches this path; combine them into one"
        #expect(
            failure(
                "*** Begin Patch\n*** Update File: a.txt\n@@\n-x\n+y\n*** Delete File: a.txt\n*** End Patch",
                ["a.txt": "x\n"]) == expected)
        #expect(
            failure(
                "*** Begin Patch\n*** Update File: b.txt\n*** Move to: a.txt\n@@\n-x\n+y\n*** Add File: ./a.txt\n+z\n"
                    + "*** End Patch", ["b.txt": "x\n"]) == expected)
    }

    @Test func unknownHeader() {
        // Codex scenario 013_rejects_invalid_hunk_header.
        #expect(
            failure("*** Begin Patch\n*** Frobnicate File: foo\n*** End Patch")
                == "apply_patch: patch line 2: '*** Frobnicate File: foo' is not a valid operation header; expected "
                + "'*** Add File: <path>', '*** Delete File: <path>' or '*** Update File: <path>'")
    }

    @Test func updateWithNoChunks() {
        // Codex scenario 008_rejects_empty_update_hunk.
        #expect(
            failure("*** Begin Patch\n*** Update File: foo.txt\n*** End Patch")
                == "apply_patch: patch line 2: Update File 'foo.txt' has no hunks; add '@@' and the changed lines")
    }

    @Test func addLineWithoutPlus() {
        #expect(
            failure("*** Begin Patch\n*** Add File: a\n+one\ntwo\n*** End Patch")
                == "apply_patch: patch line 4: every line of an Add File must start with '+', got 'two'")
    }

    @Test func badHunkLines() {
        #expect(
            failure("*** Begin Patch\n*** Update File: a\n@@\nbad\n*** End Patch")
                == "apply_patch: patch line 4: unexpected line in hunk: 'bad'; every line must start with ' ' "
                + "(context), '+' (added) or '-' (removed)")
        #expect(
            failure("*** Begin Patch\n*** Update File: a\n@@\n*** End of File\n*** End Patch")
                == "apply_patch: patch line 4: hunk has no lines")
        #expect(
            failure("*** Begin Patch\n*** Update File: a\n@@\n*** End Patch")
                == "apply_patch: patch line 3: hunk has no lines")
        // Only the first chunk may omit "@@"; after a chunk ends at a non-diff line, that line must be "@@".
        #expect(
            failure("*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n\n@x\n*** End Patch")
                == "apply_patch: patch line 7: expected a hunk to start with '@@', got '@x'")
    }

    @Test func neverCrashesOnAnyPrefixOrMutation() {
        let patch = """
            *** Begin Patch
            *** Add File: docs/notes.md
            +# Notes
            *** Update File: src/a.swift
            *** Move to: src/b.swift
            @@ func a()
            -    old()
            +    new()
            @@
            \u{20}tail
            +more
            *** End of File
            *** Delete File: gone.txt
            *** End Patch
            """
        let files = ["src/a.swift": Data("func a()\n    old()\ntail\n".utf8), "gone.txt": Data()]
        var outcomes = 0
        for cut in 0...patch.count {
            for text in [String(patch.prefix(cut)), String(patch.dropFirst(cut))] {
                let result = try? PatchApplier.apply(try PatchParser.parse(text)) { files[$0] }
                outcomes += result == nil ? 0 : 1
            }
        }
        #expect(outcomes >= 1)
        #expect((try? appliedData(patch, to: files))?["src/b.swift"] == Data("func a()\n    new()\ntail\nmore\n".utf8))
    }
}

@Suite struct ApplyPatchParserTests {
    @Test func heredocWrappersAreUnwrapped() throws {
        // Codex parser.rs `test_parse_patch_lenient`.
        let body = "*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch"
        let expected = Patch(operations: [
            .update(
                path: "file2.py", moveTo: nil,
                chunks: [PatchChunk(oldLines: ["import foo"], newLines: ["import foo", "bar"], patchLine: 3)])
        ])
        #expect(try PatchParser.parse(body) == expected)
        for opener in ["<<EOF", "<<'EOF'", "<<\"EOF\""] {
            let wrapped = try PatchParser.parse("\(opener)\n\(body)\nEOF\n")
            // Same patch; the chunk is one line further down because of the heredoc line.
            var shifted = expected
            shifted.operations = [
                .update(
                    path: "file2.py", moveTo: nil,
                    chunks: [PatchChunk(oldLines: ["import foo"], newLines: ["import foo", "bar"], patchLine: 4)])
            ]
            #expect(wrapped == shifted)
        }
        #expect(
            errorMessage { _ = try PatchParser.parse("<<\"EOF'\n\(body)\nEOF\n") }
                == "apply_patch: patch line 1: the first line of the patch must be '*** Begin Patch'")
        #expect(
            errorMessage { _ = try PatchParser.parse("<<EOF\n*** Begin Patch\n*** Update File: file2.py\nEOF\n") }
                == "apply_patch: patch line 3: the last line of the patch must be '*** End Patch'")
    }

    @Test func parsesEveryOperationKind() throws {
        // Codex parser.rs `test_parse_patch`.
        let patch = """
            *** Begin Patch
            *** Add File: path/add.py
            +abc
            +def
            *** Delete File: path/delete.py
            *** Update File: path/update.py
            *** Move to: path/update2.py
            @@ def f():
            -    pass
            +    return 123
            *** End Patch
            """
        #expect(
            try PatchParser.parse(patch)
                == Patch(operations: [
                    .add(path: "path/add.py", content: "abc\ndef\n"),
                    .delete(path: "path/delete.py"),
                    .update(
                        path: "path/update.py", moveTo: "path/update2.py",
                        chunks: [
                            PatchChunk(
                                contexts: ["def f():"], oldLines: ["    pass"], newLines: ["    return 123"],
                                patchLine: 8)
                        ])
                ]))
    }

    @Test func updateFollowedByAdd() throws {
        let patch =
            "*** Begin Patch\n*** Update File: file.py\n@@\n+line\n*** Add File: other.py\n+content\n*** End Patch"
        #expect(
            try PatchParser.parse(patch)
                == Patch(operations: [
                    .update(
                        path: "file.py", moveTo: nil,
                        chunks: [PatchChunk(oldLines: [], newLines: ["line"], patchLine: 3)]
                    ),
                    .add(path: "other.py", content: "content\n")
                ]))
    }

    @Test func chunkBodyRules() throws {
        // Codex parser.rs `test_update_file_chunk`: an empty line is empty context; a marker line ends the chunk.
        let patch =
            "*** Begin Patch\n*** Update File: f\n@@ change_context\n\n context\n-remove\n+add\n context2\n"
            + "@@\n+line\n*** End of File\n*** End Patch"
        let parsed = try PatchParser.parse(patch)
        #expect(
            parsed.operations == [
                .update(
                    path: "f", moveTo: nil,
                    chunks: [
                        PatchChunk(
                            contexts: ["change_context"], oldLines: ["", "context", "remove", "context2"],
                            newLines: ["", "context", "add", "context2"], patchLine: 3),
                        PatchChunk(oldLines: [], newLines: ["line"], isEndOfFile: true, patchLine: 9)
                    ])
            ])
    }

    @Test func whitespaceAroundMarkersIsTolerated() throws {
        // Codex scenarios 017, 018 and 020 and parser.rs `test_parse_patch` (markers followed by a space).
        for patch in [
            "*** Begin Patch\n  *** Update File: foo.txt\n@@\n-old\n+new\n*** End Patch\n",
            " *** Begin Patch\n*** Update File: foo.txt\n@@\n-old\n+new\n*** End Patch \n",
            "*** Begin Patch \n*** Update File: foo.txt\n@@\n-old\n+new\n *** End Patch",
            "\n\n*** Begin Patch\n*** Update File: foo.txt\n@@  \n-old\n+new\n\n\n*** End Patch\n\n"
        ] {
            #expect(try applied(patch, to: ["foo.txt": "old\n"]) == ["foo.txt": "new\n"])
        }
    }

    @Test func chunkLineNumbersCountTheRawText() throws {
        let parsed = try PatchParser.parse(
            "\n<<'EOF'\n*** Begin Patch\n*** Update File: a\n x\n@@\n-y\n*** End Patch\nEOF")
        guard case .update(_, _, let chunks) = parsed.operations.first else {
            Issue.record("expected an update")
            return
        }
        #expect(chunks.map(\.patchLine) == [5, 6])
    }

    @Test func largeMultiOperationPatchParses() throws {
        // The patch from Codex parser.rs `test_parse_patch_streaming_large_patch_by_character`, parsed whole.
        let patch = """
            *** Begin Patch
            *** Add File: docs/release-notes.md
            +# Release notes
            +
            +## CLI
            +- Surface apply_patch progress while arguments stream.
            *** Update File: src/config.rs
            @@ impl Config
            -    pub apply_patch_progress: bool,
            +    pub stream_apply_patch_progress: bool,
                 pub include_diagnostics: bool,
            @@ fn default_progress_interval()
            -    Duration::from_millis(500)
            +    Duration::from_millis(250)
            *** Delete File: src/legacy_patch_progress.rs
            *** Update File: crates/cli/src/main.rs
            *** Move to: crates/cli/src/bin/codex.rs
            @@ fn run()
            -    let args = Args::parse();
            -    dispatch(args)
            +    let cli = Cli::parse();
            +    dispatch(cli)
            *** Update File: README.md
            @@ Development workflow
             Build the Rust workspace before opening a pull request.
            +When touching streamed tool calls, include parser coverage for partial input.
            *** End Patch
            """
        let parsed = try PatchParser.parse(patch)
        #expect(parsed.operations.count == 5)
        #expect(parsed.operations.map(\.path).last == "README.md")
        guard case .update(_, _, let chunks) = parsed.operations[1] else {
            Issue.record("expected an update")
            return
        }
        #expect(chunks.map(\.contexts) == [["impl Config"], ["fn default_progress_interval()"]])
        #expect(
            chunks.first?.newLines == [
                "    pub stream_apply_patch_progress: bool,", "    pub include_diagnostics: bool,"
            ])
    }
}

/// Codex's own example patches (openai/codex `codex-rs/apply-patch/tests/fixtures/scenarios/*` and the tests in
/// `codex-rs/apply-patch/src/lib.rs`), rewritten as in-memory cases.
@Suite struct ApplyPatchCodexExampleTests {
    @Test func multipleOperations() throws {
        let patch = """
            *** Begin Patch
            *** Add File: nested/new.txt
            +created
            *** Delete File: delete.txt
            *** Update File: modify.txt
            @@
            -line2
            +changed
            *** End Patch
            """
        let tree = try applied(patch, to: ["delete.txt": "obsolete\n", "modify.txt": "line1\nline2\n"])
        #expect(tree == ["nested/new.txt": "created\n", "modify.txt": "line1\nchanged\n"])
    }

    @Test func multipleChunks() throws {
        let patch =
            "*** Begin Patch\n*** Update File: multi.txt\n@@\n-line2\n+changed2\n@@\n-line4\n+changed4\n*** End Patch"
        #expect(
            try applied(patch, to: ["multi.txt": "line1\nline2\nline3\nline4\n"])
                == ["multi.txt": "line1\nchanged2\nline3\nchanged4\n"])
    }

    @Test func moveToNewDirectory() throws {
        let patch = """
            *** Begin Patch
            *** Update File: old/name.txt
            *** Move to: renamed/dir/name.txt
            @@
            -old content
            +new content
            *** End Patch
            """
        #expect(
            try applied(patch, to: ["old/name.txt": "old content\n", "old/other.txt": "unrelated file\n"])
                == ["renamed/dir/name.txt": "new content\n", "old/other.txt": "unrelated file\n"])
    }

    @Test func missingContextIsRejected() {
        #expect(
            failure(
                "*** Begin Patch\n*** Update File: modify.txt\n@@\n-missing\n+changed\n*** End Patch",
                [
                    "modify.txt": "line1\nline2\n"
                ])
                == "apply_patch: modify.txt: hunk at patch line 3 does not match the file "
                + "(expected \"missing\" at or after line 1)")
    }

    @Test func pureAdditionGoesToTheEnd() throws {
        let patch = "*** Begin Patch\n*** Update File: input.txt\n@@\n+added line 1\n+added line 2\n*** End Patch"
        #expect(
            try applied(patch, to: ["input.txt": "line1\nline2\n"])
                == ["input.txt": "line1\nline2\nadded line 1\nadded line 2\n"])
    }

    @Test func unicodeLines() throws {
        let patch =
            "*** Begin Patch\n*** Update File: foo.txt\n@@\n line1\n-naïve café\n+naïve café ✅\n*** End Patch \n"
        #expect(
            try applied(patch, to: ["foo.txt": "line1\nnaïve café\nline3\n"])
                == ["foo.txt": "line1\nnaïve café ✅\nline3\n"])
    }

    @Test func deletionOnly() throws {
        let patch = "*** Begin Patch\n*** Update File: lines.txt\n@@\n line1\n-line2\n line3\n*** End Patch"
        #expect(try applied(patch, to: ["lines.txt": "line1\nline2\nline3\n"]) == ["lines.txt": "line1\nline3\n"])
    }

    @Test func endOfFileMarker() throws {
        let patch =
            "*** Begin Patch\n*** Update File: tail.txt\n@@\n first\n-second\n+second updated\n*** End of File\n"
            + "*** End Patch"
        #expect(try applied(patch, to: ["tail.txt": "first\nsecond\n"]) == ["tail.txt": "first\nsecond updated\n"])
    }

    @Test func addFile() throws {
        let tree = try applied("*** Begin Patch\n*** Add File: bar.md\n+This is a new file\n*** End Patch", to: [:])
        #expect(tree == ["bar.md": "This is a new file\n"])
    }

    @Test func updateModifiesContent() throws {
        let patch = "*** Begin Patch\n*** Update File: update.txt\n@@\n foo\n-bar\n+baz\n*** End Patch"
        #expect(try applied(patch, to: ["update.txt": "foo\nbar\n"]) == ["update.txt": "foo\nbaz\n"])
    }

    @Test func twoChunksInOneFile() throws {
        let patch =
            "*** Begin Patch\n*** Update File: multi.txt\n@@\n foo\n-bar\n+BAR\n@@\n baz\n-qux\n+QUX\n*** End Patch"
        #expect(
            try applied(patch, to: ["multi.txt": "foo\nbar\nbaz\nqux\n"]) == ["multi.txt": "foo\nBAR\nbaz\nQUX\n"])
    }

    @Test func interleavedChanges() throws {
        let patch = """
            *** Begin Patch
            *** Update File: interleaved.txt
            @@
             a
            -b
            +B
            @@
             c
             d
            -e
            +E
            @@
             f
            +g
            *** End of File
            *** End Patch
            """
        #expect(
            try applied(patch, to: ["interleaved.txt": "a\nb\nc\nd\ne\nf\n"])
                == ["interleaved.txt": "a\nB\nc\nd\nE\nf\ng\n"])
    }

    @Test func pureAdditionFollowedByRemoval() throws {
        let patch = """
            *** Begin Patch
            *** Update File: panic.txt
            @@
            +after-context
            +second-line
            @@
             line1
            -line2
            -line3
            +line2-replacement
            *** End Patch
            """
        #expect(
            try applied(patch, to: ["panic.txt": "line1\nline2\nline3\n"])
                == ["panic.txt": "line1\nline2-replacement\nafter-context\nsecond-line\n"])
    }

    @Test func firstLineReplacement() throws {
        let patch = "*** Begin Patch\n*** Update File: first.txt\n@@\n-foo\n+FOO\n bar\n*** End Patch"
        #expect(try applied(patch, to: ["first.txt": "foo\nbar\nbaz\n"]) == ["first.txt": "FOO\nbar\nbaz\n"])
    }

    @Test func lastLineReplacement() throws {
        let patch = "*** Begin Patch\n*** Update File: last.txt\n@@\n foo\n bar\n-baz\n+BAZ\n*** End Patch"
        #expect(try applied(patch, to: ["last.txt": "foo\nbar\nbaz\n"]) == ["last.txt": "foo\nbar\nBAZ\n"])
    }

    @Test func insertAtEndOfFile() throws {
        let patch = "*** Begin Patch\n*** Update File: insert.txt\n@@\n+quux\n*** End of File\n*** End Patch"
        #expect(try applied(patch, to: ["insert.txt": "foo\nbar\nbaz\n"]) == ["insert.txt": "foo\nbar\nbaz\nquux\n"])
    }

    @Test func firstChunkWithoutMarker() throws {
        let patch = "*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch"
        #expect(try applied(patch, to: ["file2.py": "import foo\nbaz\n"]) == ["file2.py": "import foo\nbar\nbaz\n"])
    }
}

@Suite struct ApplyPatchToolTextTests {
    @Test func schemaIsTheFunctionFormWithInput() throws {
        let object = try JSONSerialization.jsonObject(with: Data(ApplyPatchToolText.functionParametersSchema.utf8))
        let schema = try #require(object as? [String: Any])
        #expect(schema["type"] as? String == "object")
        #expect(schema["required"] as? [String] == ["input"])
        #expect(schema["additionalProperties"] as? Bool == false)
        let properties = try #require(schema["properties"] as? [String: Any])
        let input = try #require(properties["input"] as? [String: Any])
        #expect(Set(properties.keys) == ["input"])
        #expect(input["type"] as? String == "string")
        #expect((input["description"] as? String)?.isEmpty == false)
    }

    @Test func grammarHasEveryRule() {
        let grammar = ApplyPatchToolText.larkGrammar
        for rule in [
            "start: begin_patch hunk+ end_patch", "begin_patch: \"*** Begin Patch\" LF",
            "end_patch: \"*** End Patch\" LF?",
            "hunk: add_hunk | delete_hunk | update_hunk", "add_hunk: \"*** Add File: \" filename LF add_line+",
            "delete_hunk: \"*** Delete File: \" filename LF",
            "update_hunk: \"*** Update File: \" filename LF change_move? change?", "filename: /(.+)/",
            "add_line: \"+\" /(.*)/ LF -> line", "change_move: \"*** Move to: \" filename LF",
            "change: (change_context | change_line)+ eof_line?", "change_context: (\"@@\" | \"@@ \" /(.+)/) LF",
            "change_line: (\"+\" | \"-\" | \" \") /(.*)/ LF", "eof_line: \"*** End of File\" LF", "%import common.LF"
        ] {
            #expect(grammar.contains(rule + "\n"), "missing rule: \(rule)")
        }
    }

    @Test func descriptionTeachesTheMarkersAndItsExampleApplies() throws {
        let text = ApplyPatchToolText.description
        for marker in [
            "*** Begin Patch", "*** End Patch", "*** Add File: ", "*** Delete File: ", "*** Update File: ",
            "*** Move to: ", "*** End of File", "@@", "relative"
        ] {
            #expect(text.contains(marker), "missing: \(marker)")
        }
        let example = try #require(text.range(of: "Example:\n\n")).upperBound
        let tree = try applied(
            String(text[example...]),
            to: ["src/app.py": "def greet():\n    print(\"Hi\")\n", "old_notes.txt": "x\n"])
        #expect(
            tree == ["docs/hello.txt": "Hello, world\n", "src/main.py": "def greet():\n    print(\"Hello, world\")\n"])
    }
}
