import Foundation
import Testing
@testable import SXEngine

/// A small project with root and nested .gitignore files, negation, anchoring and folder-only rules.
func makeProject() throws -> TempWorkspace {
    let ws = try TempWorkspace()
    try ws.write(".gitignore", "*.log\n/build/\nsecret?.txt\n!keep.log\ncache/\n# comment\n")
    try ws.write("src/main.swift", "print(\"needle\")\n")
    try ws.write("src/debug.log", "needle in a log\n")
    try ws.write("src/keep.log", "needle kept\n")
    try ws.write("build/out.swift", "needle built\n")
    try ws.write("src/build/generated.swift", "needle nested build\n")  // `/build/` is anchored: not ignored
    try ws.write("secret1.txt", "needle secret\n")
    try ws.write("docs/cache/page.md", "needle cached\n")
    try ws.write("docs/readme.md", "needle docs\n")
    try ws.write("docs/.gitignore", "*.md\n!readme.md\n")
    try ws.write("docs/other.md", "needle other\n")
    try ws.write(".git/config", "needle in git\n")
    return ws
}

@Suite struct GitignoreTests {
    @Test func ruleSemantics() {
        func ignored(_ rules: String, _ path: String, dir: Bool = false) -> Bool {
            var stack = IgnoreStack()
            _ = stack.push(GitignoreFile(base: [], text: rules))
            return stack.isIgnored(path.split(separator: "/").map(String.init), isDirectory: dir)
        }
        #expect(ignored("*.o", "a/b/c.o"))
        #expect(!ignored("*.o", "a/b/c.oo"))
        #expect(ignored("/top.txt", "top.txt"))
        #expect(!ignored("/top.txt", "sub/top.txt"))
        #expect(ignored("out/", "x/out", dir: true))
        #expect(!ignored("out/", "x/out", dir: false))
        #expect(ignored("a/**/z", "a/z"))
        #expect(ignored("a/**/z", "a/b/c/z"))
        #expect(ignored("**/foo", "deep/er/foo"))
        #expect(ignored("lib/**", "lib/x/y"))
        #expect(ignored("file[0-9].txt", "file7.txt"))
        #expect(!ignored("file[!0-9].txt", "file7.txt"))
        #expect(ignored("?.c", "x.c"))
        #expect(!ignored("?.c", "xy.c"))
        #expect(!ignored("*.log\n!important.log", "important.log"))
        #expect(ignored("!important.log\n*.log", "important.log"))  // last matching line wins
        #expect(ignored("\\#hash", "#hash"))
        #expect(!ignored("# just a comment", "# just a comment"))
        #expect(ignored("doc/*.txt", "doc/a.txt"))
        #expect(!ignored("doc/*.txt", "doc/sub/a.txt"))  // `*` stays within one folder
    }
}

@Suite struct SearchToolsTests {
    @Test func listDirRespectsGitignore() async throws {
        let ws = try makeProject()
        let outcome = await runTool(ListDirTool(), ["depth": 5], in: ws.context)
        let text = outcome.result.output
        #expect(!outcome.result.isError)
        for shown in ["src/", "main.swift", "keep.log", "generated.swift", "readme.md", ".gitignore"] {
            #expect(text.contains(shown), "missing \(shown) in\n\(text)")
        }
        for hidden in ["debug.log", "out.swift", "secret1.txt", "cache", "other.md", ".git/", "config"] {
            #expect(!text.contains(hidden), "\(hidden) should be ignored in\n\(text)")
        }
    }

    @Test func listDirCapsEntries() async throws {
        let ws = try TempWorkspace()
        for i in 0..<(ListDirTool.maxEntries + 20) { try ws.write(String(format: "f%04d.txt", i), "") }
        let outcome = await runTool(ListDirTool(), [:], in: ws.context)
        #expect(outcome.result.output.contains("f0000.txt"))
        #expect(!outcome.result.output.contains(String(format: "f%04d.txt", ListDirTool.maxEntries)))
        #expect(outcome.result.output.contains("at least 20 more entries omitted"))
    }

    @Test func listDirDepthLimits() async throws {
        let ws = try makeProject()
        let outcome = await runTool(ListDirTool(), ["depth": 1], in: ws.context)
        #expect(outcome.result.output.contains("src/"))
        #expect(!outcome.result.output.contains("main.swift"))
    }

    @Test func globRespectsGitignore() async throws {
        let ws = try makeProject()
        let swift = await runTool(GlobTool(), ["pattern": "**/*.swift"], in: ws.context)
        #expect(swift.result.output.split(separator: "\n").sorted() == ["src/build/generated.swift", "src/main.swift"])
        let logs = await runTool(GlobTool(), ["pattern": "*.log"], in: ws.context)
        #expect(logs.result.output == "src/keep.log")
        let scoped = await runTool(GlobTool(), ["pattern": "*.md", "path": "docs"], in: ws.context)
        #expect(scoped.result.output == "docs/readme.md")
        let none = await runTool(GlobTool(), ["pattern": "*.rs"], in: ws.context)
        #expect(none.result.output.contains("No files match"))
    }

    @Test func grepRespectsGitignoreAndFormatsPathLineText() async throws {
        let ws = try makeProject()
        let outcome = await runTool(GrepTool(), ["pattern": "needle"], in: ws.context)
        let lines = outcome.result.output.split(separator: "\n").map(String.init)
        #expect(
            lines.sorted() == [
                "docs/readme.md:1:needle docs",
                "src/build/generated.swift:1:needle nested build",
                "src/keep.log:1:needle kept",
                "src/main.swift:1:print(\"needle\")"
            ])
    }

    @Test func gitInfoExcludeIsHonouredBelowGitignore() async throws {
        let ws = try TempWorkspace()
        try ws.write(".git/info/exclude", "*.tmp\nlocal/\n")
        try ws.write(".gitignore", "!keep.tmp\n")
        try ws.write("a.tmp", "x")
        try ws.write("keep.tmp", "x")
        try ws.write("local/notes.md", "x")
        try ws.write("main.c", "x")
        let outcome = await runTool(GlobTool(), ["pattern": "**/*"], in: ws.context)
        #expect(outcome.result.output.split(separator: "\n").sorted() == [".gitignore", "keep.tmp", "main.c"])
    }

    @Test func grepOptions() async throws {
        let ws = try TempWorkspace()
        try ws.write("a.swift", "one\nTwo words\nthree\ntwo again\n")
        try ws.write("b.txt", "two in text\n")
        let sensitive = await runTool(GrepTool(), ["pattern": "^two", "glob": "*.swift"], in: ws.context)
        #expect(sensitive.result.output == "a.swift:4:two again")
        let insensitive = await runTool(
            GrepTool(), ["pattern": "^two", "glob": "*.swift", "ignore_case": true], in: ws.context)
        #expect(insensitive.result.output == "a.swift:2:Two words\na.swift:4:two again")
        let file = await runTool(GrepTool(), ["pattern": "text", "path": "b.txt"], in: ws.context)
        #expect(file.result.output == "b.txt:1:two in text")
        let bad = await runTool(GrepTool(), ["pattern": "(unclosed"], in: ws.context)
        #expect(bad.result.isError && bad.result.output.contains("not a valid regular expression"))
    }

    @Test func grepCapsResultsAndSaysHowManyWereOmitted() async throws {
        let ws = try TempWorkspace()
        try ws.write("many.txt", (1...450).map { "hit \($0)" }.joined(separator: "\n") + "\n")
        let outcome = await runTool(GrepTool(), ["pattern": "hit"], in: ws.context)
        let lines = outcome.result.output.split(separator: "\n")
        #expect(lines.count == GrepTool.maxMatches + 1)
        #expect(outcome.result.output.contains("250 more matching lines omitted"))
    }

    @Test func grepSkipsBinaryFiles() async throws {
        let ws = try TempWorkspace()
        try ws.write("bin.dat", Data("needle\0\u{1}\u{2}".utf8))
        try ws.write("text.txt", "needle\n")
        let outcome = await runTool(GrepTool(), ["pattern": "needle"], in: ws.context)
        #expect(outcome.result.output == "text.txt:1:needle")
    }
}
