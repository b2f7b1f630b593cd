import Foundation
import Testing
@testable import SXEngine

@Suite struct ReadFileToolTests {
    @Test func numbersLinesWithOffsetAndLimit() async throws {
        let ws = try TempWorkspace()
        try ws.write("f.txt", (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n")
        let all = await runTool(ReadFileTool(), ["path": "f.txt"], in: ws.context)
        #expect(!all.result.isError)
        #expect(all.result.output.hasPrefix("     1\tline 1\n"))
        #expect(all.result.output.contains("    10\tline 10\n"))
        let window = await runTool(ReadFileTool(), ["path": "f.txt", "offset": 4, "limit": 2], in: ws.context)
        #expect(window.result.output.hasPrefix("     4\tline 4\n     5\tline 5\n"))
        #expect(!window.result.output.contains("line 6"))
        #expect(window.result.output.contains("5 more lines; continue with offset=6"))
        let past = await runTool(ReadFileTool(), ["path": "f.txt", "offset": 50], in: ws.context)
        #expect(past.result.isError)
        #expect(past.result.output.contains("10 lines"))
    }

    @Test func truncatesLongLines() async throws {
        let ws = try TempWorkspace()
        try ws.write("long.txt", String(repeating: "x", count: 5000) + "\nshort\n")
        let outcome = await runTool(ReadFileTool(), ["path": "long.txt"], in: ws.context)
        #expect(outcome.result.output.contains("[line truncated]"))
        #expect(outcome.result.output.contains("2\tshort"))
        #expect(outcome.result.output.utf8.count < 2200)
    }

    @Test func refusesBinaryFiles() async throws {
        let ws = try TempWorkspace()
        try ws.write("blob.bin", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x13, 0x37]))
        let outcome = await runTool(ReadFileTool(), ["path": "blob.bin"], in: ws.context)
        #expect(outcome.result.isError)
        #expect(outcome.result.output.contains("binary file"))
        #expect(outcome.result.images.isEmpty)
    }

    @Test func returnsPNGAsImage() async throws {
        let ws = try TempWorkspace()
        // A 1×1 transparent PNG.
        let png = Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!
        try ws.write("pixel.dat", png)  // detected by content, not by name
        let outcome = await runTool(ReadFileTool(), ["path": "pixel.dat"], in: ws.context)
        #expect(!outcome.result.isError)
        let image = try #require(outcome.result.images.first)
        #expect(image.mediaType == "image/png")
        #expect(Data(base64Encoded: image.base64) == png)
        #expect(outcome.result.output.contains("image/png"))
    }

    @Test func missingFileAndDirectoryAreErrors() async throws {
        let ws = try TempWorkspace()
        try FileManager.default.createDirectory(atPath: ws.root + "/dir", withIntermediateDirectories: true)
        let missing = await runTool(ReadFileTool(), ["path": "nope.txt"], in: ws.context)
        #expect(missing.result.isError && missing.result.output.contains("does not exist"))
        let dir = await runTool(ReadFileTool(), ["path": "dir"], in: ws.context)
        #expect(dir.result.isError && dir.result.output.contains("directory"))
    }
}

@Suite struct WriteFileToolTests {
    @Test func createsParentsAndReportsBytes() async throws {
        let ws = try TempWorkspace()
        let outcome = await runTool(WriteFileTool(), ["path": "deep/er/new.txt", "content": "héllo\n"], in: ws.context)
        #expect(!outcome.result.isError, "\(outcome.result.output)")
        #expect(ws.read("deep/er/new.txt") == "héllo\n")
        #expect(outcome.result.output.contains("7 bytes"))
        #expect(outcome.result.output.contains("Created"))
        // No temp file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.root + "/deep/er") == ["new.txt"])
    }

    @Test func overwriteKeepsPermissions() async throws {
        let ws = try TempWorkspace()
        let path = try ws.write("run.sh", "#!/bin/sh\necho old\n")
        chmod(path, 0o755)
        let outcome = await runTool(
            WriteFileTool(), ["path": "run.sh", "content": "#!/bin/sh\necho new\n"], in: ws.context)
        #expect(outcome.result.output.contains("Overwrote"))
        #expect(ws.read("run.sh") == "#!/bin/sh\necho new\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func refusesToReplaceADirectory() async throws {
        let ws = try TempWorkspace()
        try FileManager.default.createDirectory(atPath: ws.root + "/d", withIntermediateDirectories: true)
        let outcome = await runTool(WriteFileTool(), ["path": "d", "content": "x"], in: ws.context)
        #expect(outcome.result.isError)
    }
}

@Suite struct EditFileToolTests {
    @Test func replacesAUniqueString() async throws {
        let ws = try TempWorkspace()
        try ws.write("a.swift", "let a = 1\nlet b = 2\n")
        let outcome = await runTool(
            EditFileTool(), ["path": "a.swift", "old_string": "let b = 2", "new_string": "let b = 3"],
            in: ws.context)
        #expect(!outcome.result.isError, "\(outcome.result.output)")
        #expect(ws.read("a.swift") == "let a = 1\nlet b = 3\n")
        #expect(outcome.result.output.contains("line 2"))
    }

    @Test func missingOldStringFailsClearly() async throws {
        let ws = try TempWorkspace()
        try ws.write("a.txt", "alpha\n")
        let outcome = await runTool(
            EditFileTool(), ["path": "a.txt", "old_string": "beta", "new_string": "gamma"], in: ws.context)
        #expect(outcome.result.isError)
        #expect(outcome.result.output.contains("not found"))
        #expect(ws.read("a.txt") == "alpha\n")
    }

    @Test func ambiguousOldStringSaysHowManyAndReplaceAllWorks() async throws {
        let ws = try TempWorkspace()
        try ws.write("a.txt", "x = 1\nx = 1\nx = 1\n")
        let outcome = await runTool(
            EditFileTool(), ["path": "a.txt", "old_string": "x = 1", "new_string": "x = 2"], in: ws.context)
        #expect(outcome.result.isError)
        #expect(outcome.result.output.contains("occurs 3 times"))
        #expect(ws.read("a.txt") == "x = 1\nx = 1\nx = 1\n")
        let all = await runTool(
            EditFileTool(), ["path": "a.txt", "old_string": "x = 1", "new_string": "x = 2", "replace_all": true],
            in: ws.context)
        #expect(!all.result.isError)
        #expect(all.result.output.contains("3 occurrences"))
        #expect(ws.read("a.txt") == "x = 2\nx = 2\nx = 2\n")
    }

    @Test func identicalStringsAndEmptyOldStringAreRefused() async throws {
        let ws = try TempWorkspace()
        try ws.write("a.txt", "same\n")
        let same = await runTool(
            EditFileTool(), ["path": "a.txt", "old_string": "same", "new_string": "same"], in: ws.context)
        #expect(same.result.isError && same.result.output.contains("identical"))
        let empty = await runTool(
            EditFileTool(), ["path": "a.txt", "old_string": "", "new_string": "x"], in: ws.context)
        #expect(empty.result.isError)
    }

    @Test func lfOldStringMatchesACRLFFileAndKeepsItsLineEndings() async throws {
        let ws = try TempWorkspace()
        try ws.write("win.txt", "one\r\ntwo\r\nthree\r\n")
        let outcome = await runTool(
            EditFileTool(), ["path": "win.txt", "old_string": "one\ntwo", "new_string": "one\n2"], in: ws.context)
        #expect(!outcome.result.isError, "\(outcome.result.output)")
        #expect(ws.read("win.txt") == "one\r\n2\r\nthree\r\n")
    }

    @Test func matchesBytesNotCanonicalEquivalents() async throws {
        let ws = try TempWorkspace()
        try ws.write("u.txt", "caf\u{0065}\u{0301}\n")  // decomposed é
        let outcome = await runTool(
            EditFileTool(), ["path": "u.txt", "old_string": "caf\u{00E9}", "new_string": "tea"], in: ws.context)
        #expect(outcome.result.isError)
    }
}
