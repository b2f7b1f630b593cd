import Foundation
import Testing
@testable import SXEngine

@Suite struct WorkspaceConfinementTests {
    /// `~` is the home folder the settings give (passed down, not read from the process environment here).
    @Test func tildeIsTheHomeFolderOfTheContext() throws {
        let ws = try TempWorkspace()
        try ws.write(ws.outside + "/notes.txt", "n")
        let context = ToolContext(workspaceRoot: ws.root, allowOutsideWorkspace: true, homeDirectory: ws.outside)
        #expect(try WorkspacePath.resolve("~/notes.txt", in: context, tool: "read_file") == ws.outside + "/notes.txt")
        #expect(try WorkspacePath.resolve("~", in: context, tool: "read_file") == ws.outside)
    }

    @Test func parentRelativePathIsRefused() async throws {
        let ws = try TempWorkspace()
        try ws.write(ws.outside + "/x", "secret")
        for tool in [ReadFileTool() as any Tool, WriteFileTool(), EditFileTool(), ListDirTool(), GrepTool()] {
            var args: [String: Any] = ["path": "../x"]
            if tool.name == "write_file" { args["content"] = "pwned" }
            if tool.name == "edit_file" { args["old_string"] = "secret"; args["new_string"] = "pwned" }
            if tool.name == "grep" { args["pattern"] = "secret" }
            let outcome = await runTool(tool, args, in: ws.context)
            #expect(outcome.result.isError, "\(tool.name) accepted ../x")
            #expect(outcome.result.output.contains("outside the workspace"), "\(tool.name): \(outcome.result.output)")
        }
        #expect(String(decoding: FileManager.default.contents(atPath: ws.outside + "/x")!, as: UTF8.self) == "secret")
    }

    @Test func absolutePathOutsideIsRefused() async throws {
        let ws = try TempWorkspace()
        let outcome = await runTool(ReadFileTool(), ["path": "/etc/passwd"], in: ws.context)
        #expect(outcome.result.isError)
        #expect(outcome.result.output.contains("outside the workspace"))
        #expect(!outcome.result.output.contains("root:"))
        let write = await runTool(WriteFileTool(), ["path": ws.outside + "/new.txt", "content": "x"], in: ws.context)
        #expect(write.result.isError)
        #expect(!FileManager.default.fileExists(atPath: ws.outside + "/new.txt"))
    }

    @Test func symlinkPointingOutIsRefused() async throws {
        let ws = try TempWorkspace()
        try ws.write(ws.outside + "/target.txt", "outside content")
        try FileManager.default.createSymbolicLink(
            atPath: ws.root + "/link.txt", withDestinationPath: ws.outside + "/target.txt")
        try FileManager.default.createSymbolicLink(atPath: ws.root + "/linkdir", withDestinationPath: ws.outside)
        // A dangling link: writing through it would create a file outside.
        try FileManager.default.createSymbolicLink(
            atPath: ws.root + "/dangling", withDestinationPath: ws.outside + "/created-by-link")

        let read = await runTool(ReadFileTool(), ["path": "link.txt"], in: ws.context)
        #expect(read.result.isError)
        #expect(!read.result.output.contains("outside content"))
        let viaDir = await runTool(ReadFileTool(), ["path": "linkdir/target.txt"], in: ws.context)
        #expect(viaDir.result.isError)
        let write = await runTool(WriteFileTool(), ["path": "dangling", "content": "x"], in: ws.context)
        #expect(write.result.isError)
        #expect(!FileManager.default.fileExists(atPath: ws.outside + "/created-by-link"))
        let shell = await runTool(ShellTool(), ["command": "pwd", "workdir": "linkdir"], in: ws.context)
        #expect(shell.result.isError)
        #expect(shell.result.output.contains("outside the workspace"))
    }

    @Test func pathsInsideAreAllowedIncludingInternalSymlinksAndDotDot() async throws {
        let ws = try TempWorkspace()
        try ws.write("a/b.txt", "inside")
        try FileManager.default.createSymbolicLink(atPath: ws.root + "/alias", withDestinationPath: "a")
        for path in ["a/b.txt", "alias/b.txt", "a/../a/b.txt", ws.root + "/a/b.txt"] {
            let outcome = await runTool(ReadFileTool(), ["path": path], in: ws.context)
            #expect(!outcome.result.isError, "\(path): \(outcome.result.output)")
            #expect(outcome.result.output.contains("inside"))
        }
    }

    @Test func allowOutsideWorkspaceLiftsTheFence() async throws {
        let ws = try TempWorkspace()
        try ws.write(ws.outside + "/x", "reachable")
        var context = ws.context
        context.allowOutsideWorkspace = true
        let outcome = await runTool(ReadFileTool(), ["path": "../x"], in: context)
        #expect(!outcome.result.isError)
        #expect(outcome.result.output.contains("reachable"))
    }
}
