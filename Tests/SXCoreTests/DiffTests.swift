import Foundation
import Testing

@testable import SXCore

// MARK: - Helpers

/// A small deterministic generator so random cases are the same on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum DiffFixtures {
    /// Lines that stress the patch format: markers at the start, CR, tabs, canonically equivalent spellings.
    static let awkward = [
        "", "}", "{", "let x = 1", "--- a/x", "+++ b/x", "@@ -1 +1 @@", "\\ No newline at end of file", "caf\u{E9}",
        "cafe\u{301}", "+\u{301}x", "\u{301}lead", "tab\there", "crlf\r", " lead", "diff --git a/x b/y", "-", "+"
    ]

    static func text(_ lines: [String], newline: Bool) -> Data {
        if lines.isEmpty { return Data() }
        return Data((lines.joined(separator: "\n") + (newline ? "\n" : "")).utf8)
    }

    static func randomLines(_ count: Int, _ rng: inout SeededRandom, alphabet: Int = 12) -> [String] {
        (0..<count).map { _ in
            let pick = Int(rng.next() % UInt64(alphabet + awkward.count))
            return pick < awkward.count ? awkward[pick] : "line \(pick - awkward.count)"
        }
    }

    /// A few random edits (replace, insert, delete) of `lines`.
    static func edited(_ lines: [String], _ rng: inout SeededRandom, edits: Int) -> [String] {
        var out = lines
        for _ in 0..<edits {
            let position = out.isEmpty ? 0 : Int(rng.next() % UInt64(out.count + 1))
            switch rng.next() % 3 {
            case 0 where position < out.count: out[position] = "changed \(rng.next() % 1000)"
            case 1 where position < out.count: out.remove(at: position)
            default: out.insert(contentsOf: randomLines(Int(rng.next() % 3) + 1, &rng), at: position)
            }
        }
        return out
    }

    /// A random pair of file versions with a random final-newline state on each side.
    static func randomPair(_ rng: inout SeededRandom) -> (old: Data, new: Data) {
        let old = randomLines(Int(rng.next() % 40), &rng)
        let new = edited(old, &rng, edits: Int(rng.next() % 5))
        return (text(old, newline: rng.next() % 4 != 0), text(new, newline: rng.next() % 4 != 0))
    }

    /// Applies a diff's hunks to `old` the way `patch` would; nil when a hunk does not fit.
    static func apply(_ diff: FileDiff, to old: Data) -> Data? {
        var oldLines = old.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        let oldHasFinalNewline = old.last == 0x0A
        if oldHasFinalNewline || old.isEmpty { oldLines.removeLast() }
        var out: [Data] = []
        var cursor = 0
        for hunk in diff.hunks {
            let start = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
            guard start >= cursor, start <= oldLines.count else { return nil }
            out += oldLines[cursor..<start]
            cursor = start
            for line in hunk.lines {
                let bytes = Data(line.text.utf8)
                switch line.kind {
                case .context, .removed:
                    guard cursor < oldLines.count, oldLines[cursor] == bytes else { return nil }
                    if line.kind == .context { out.append(bytes) }
                    cursor += 1
                case .added:
                    out.append(bytes)
                }
            }
        }
        let tail = oldLines[cursor...]
        out += tail
        if out.isEmpty { return Data() }
        let finalNewline = tail.isEmpty ? !diff.newMissingNewline : oldHasFinalNewline
        var result = Data(out.joined(separator: [0x0A]))
        if finalNewline { result.append(0x0A) }
        return result
    }
}

// MARK: - LineDiff

@Suite struct LineDiffTests {
    /// Checks that `edits` is a complete, ordered script that turns `a` into `b`.
    func isValidScript(_ edits: [LineEdit], _ a: [String], _ b: [String]) -> Bool {
        var i = 0
        var j = 0
        var rebuilt: [String] = []
        for edit in edits {
            switch edit {
            case .equal(let old, let new):
                guard old == i, new == j, a[old] == b[new] else { return false }
                rebuilt.append(a[old])
                i += 1
                j += 1
            case .delete(let old):
                guard old == i else { return false }
                i += 1
            case .insert(let new):
                guard new == j else { return false }
                rebuilt.append(b[new])
                j += 1
            }
        }
        return i == a.count && j == b.count && rebuilt == b
    }

    func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for (k, y) in b.enumerated() {
                let above = row[k + 1]
                row[k + 1] = x == y ? diagonal + 1 : max(row[k + 1], row[k])
                diagonal = above
            }
        }
        return row[b.count]
    }

    @Test func smallScriptIsExact() {
        let edits = LineDiff.edits(["a", "b", "c"], ["a", "x", "c", "d"])
        #expect(
            edits == [.equal(old: 0, new: 0), .delete(old: 1), .insert(new: 1), .equal(old: 2, new: 2), .insert(new: 3)]
        )
        #expect(LineDiff.edits([String](), []) == [])
        #expect(LineDiff.edits(["a"], []) == [.delete(old: 0)])
        #expect(LineDiff.edits([], [1, 2]) == [.insert(new: 0), .insert(new: 1)])
    }

    @Test func randomScriptsAreValidAndMinimal() {
        var rng = SeededRandom(seed: 1)
        for round in 0..<400 {
            let alphabet = [2, 4, 10, 40][round % 4]
            let a = (0..<Int(rng.next() % 60)).map { _ in String(rng.next() % UInt64(alphabet)) }
            let b =
                round % 2 == 0
                ? DiffFixtures.edited(a, &rng, edits: Int(rng.next() % 8))
                : (0..<Int(rng.next() % 60)).map { _ in String(rng.next() % UInt64(alphabet)) }
            let edits = LineDiff.edits(a, b)
            #expect(isValidScript(edits, a, b), "round \(round)")
            let kept = edits.filter { if case .equal = $0 { true } else { false } }.count
            #expect(kept == lcsLength(a, b), "round \(round) is not minimal")
        }
    }

    @Test func cappedSearchStaysCorrect() {
        // Tiny cost caps and budgets force the heuristic split and the coarse fallback, on boxes of every shape.
        var rng = SeededRandom(seed: 2)
        for round in 0..<2000 {
            let n = Int(rng.next() % 3 == 0 ? rng.next() % 3 : rng.next() % 100)
            let m = Int(rng.next() % 3 == 0 ? rng.next() % 3 : rng.next() % 100)
            let alphabet = UInt64([1, 2, 3, 5, 50][round % 5])
            let a = (0..<n).map { _ in String(rng.next() % alphabet) }
            let b = (0..<m).map { _ in String(rng.next() % alphabet) }
            let cost = [1, 2, 3, 7, 30, 1024][Int(rng.next() % 6)]
            let budget = [5, 100, 1000, 1_000_000][Int(rng.next() % 4)]
            let marks = LineDiff.changes(a, b, maxCost: cost, budget: budget)
            #expect(marks.old.filter { !$0 }.count == marks.new.filter { !$0 }.count, "round \(round)")
            #expect(isValidScript(LineDiff.script(old: marks.old, new: marks.new), a, b), "round \(round)")
        }
    }

    @Test func largeRewriteIsCorrect() {
        var rng = SeededRandom(seed: 3)
        let a = (0..<3000).map { _ in String(rng.next() % 4) }
        let b = (0..<3000).map { _ in String(rng.next() % 4) }
        #expect(isValidScript(LineDiff.edits(a, b), a, b))
        let c = (0..<3000).map { "old \($0)" }
        let d = (0..<3000).map { "new \($0)" }
        let edits = LineDiff.edits(c, d)
        #expect(edits.count == 6000 && isValidScript(edits, c, d))
    }

    @Test func scriptToleratesMarksThatDoNotPair() {
        let edits = LineDiff.script(old: [false, false], new: [true])
        #expect(edits == [.delete(old: 0), .delete(old: 1), .insert(new: 0)] || edits.count == 3)
    }
}

// MARK: - FileDiff.between and unified text

@Suite struct FileDiffMakeTests {
    func lines(_ range: ClosedRange<Int>) -> [String] { range.map(String.init) }
    func data(_ text: String) -> Data { Data(text.utf8) }
    func file(_ lines: [String]) -> Data { DiffFixtures.text(lines, newline: true) }

    @Test func oneLineChangeInTheMiddle() {
        var new = lines(1...10)
        new[4] = "five"
        let d = FileDiff.between(old: file(lines(1...10)), new: file(new), path: "f.txt")
        #expect(d.kind == .modified && d.added == 1 && d.removed == 1)
        #expect(
            d.unified == """
                --- a/f.txt
                +++ b/f.txt
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8

                """)
        #expect(d.summary == "edited f.txt +1 \u{2212}1")
    }

    @Test func changeAtLineOne() {
        var new = lines(1...10)
        new[0] = "one"
        let d = FileDiff.between(old: file(lines(1...10)), new: file(new), path: "f.txt")
        #expect(d.unified == "--- a/f.txt\n+++ b/f.txt\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n")
    }

    @Test func changesFiveApartShareAHunkEightApartDoNot() {
        var near = lines(1...20)
        near[2] = "X"
        near[7] = "Y"
        let one = FileDiff.between(old: file(lines(1...20)), new: file(near), path: "f")
        #expect(one.hunks.count == 1)
        #expect(
            one.unified
                == "--- a/f\n+++ b/f\n@@ -1,11 +1,11 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n 7\n-8\n+Y\n 9\n 10\n 11\n")
        var far = lines(1...20)
        far[2] = "X"
        far[10] = "Y"
        let two = FileDiff.between(old: file(lines(1...20)), new: file(far), path: "f")
        #expect(
            two.unified == """
                --- a/f
                +++ b/f
                @@ -1,6 +1,6 @@
                 1
                 2
                -3
                +X
                 4
                 5
                 6
                @@ -8,7 +8,7 @@
                 8
                 9
                 10
                -11
                +Y
                 12
                 13
                 14

                """)
        #expect(two.added == 2 && two.removed == 2)
    }

    @Test func zeroContext() {
        var new = lines(1...10)
        new.insert("new", at: 5)
        let d = FileDiff.between(old: file(lines(1...10)), new: file(new), path: "f", context: 0)
        #expect(d.unified == "--- a/f\n+++ b/f\n@@ -5,0 +6 @@\n+new\n")
    }

    @Test func addedFile() {
        let d = FileDiff.between(old: nil, new: data("a\nb\nc\n"), path: "new.txt")
        #expect(d.kind == .added && d.added == 3 && d.removed == 0)
        #expect(d.unified == "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n")
        #expect(d.summary == "created new.txt +3")
    }

    @Test func deletedFile() {
        let d = FileDiff.between(old: data("a\nb\nc\n"), new: nil, path: "old.txt")
        #expect(d.kind == .deleted && d.added == 0 && d.removed == 3)
        #expect(d.unified == "--- a/old.txt\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n")
        #expect(d.summary == "deleted old.txt \u{2212}3")
    }

    @Test func noNewlineAtEndOnBothSides() {
        let d = FileDiff.between(old: data("a\nb"), new: data("a\nc"), path: "f")
        #expect(d.oldMissingNewline && d.newMissingNewline)
        #expect(
            d.unified == """
                --- a/f
                +++ b/f
                @@ -1,2 +1,2 @@
                 a
                -b
                \\ No newline at end of file
                +c
                \\ No newline at end of file

                """)
    }

    @Test func onlyTheFinalNewlineChanges() {
        let lost = FileDiff.between(old: data("a\nb\n"), new: data("a\nb"), path: "f")
        #expect(lost.unified == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n")
        #expect(!lost.oldMissingNewline && lost.newMissingNewline && lost.added == 1 && lost.removed == 1)
        let gained = FileDiff.between(old: data("a\nb"), new: data("a\nb\nc\n"), path: "f")
        #expect(gained.unified == "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n")
    }

    @Test func missingNewlineAsContext() {
        // Shown as context: one marker after the shared last line.
        let near = FileDiff.between(old: data("a\nb\nc"), new: data("x\nb\nc"), path: "f")
        #expect(near.unified == "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+x\n b\n c\n\\ No newline at end of file\n")
        // Far from the change git prints no marker, so neither flag is set.
        let old = lines(1...20).joined(separator: "\n")
        let far = FileDiff.between(
            old: data(old), new: data(old.replacingOccurrences(of: "2\n", with: "two\n")), path: "f")
        #expect(!far.oldMissingNewline && !far.newMissingNewline && !far.unified.contains("No newline"))
    }

    @Test func crlfToLfShows() {
        let d = FileDiff.between(old: data("a\r\nb\r\n"), new: data("a\nb\n"), path: "f")
        #expect(d.unified == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\r\n-b\r\n+a\n+b\n")
        let same = FileDiff.between(old: data("a\r\nb\r\nc\r\n"), new: data("a\r\nB\r\nc\r\n"), path: "f")
        #expect(
            same.hunks.first?.lines == [
                DiffLine(.context, "a\r"), DiffLine(.removed, "b\r"),
                DiffLine(.added, "B\r"), DiffLine(.context, "c\r")
            ])
    }

    @Test func binaryFiles() {
        let nul = FileDiff.between(old: data("text\n"), new: Data([0x61, 0x00, 0x62]), path: "x.bin")
        #expect(nul.kind == .binary && nul.hunks.isEmpty && nul.added == 0 && nul.removed == 0)
        #expect(nul.unified == "Binary files a/x.bin and b/x.bin differ\n")
        #expect(nul.summary == "binary file x.bin changed")
        let invalid = FileDiff.between(old: Data([0xFF, 0xFE, 0x0A]), new: data("a\n"), path: "y")
        #expect(invalid.kind == .binary)
        // A NUL after the first 8,000 bytes does not count, but this one is not UTF-8 either way.
        var late = Data(repeating: 0x61, count: 9000)
        late.append(0)
        #expect(FileDiff.between(old: late, new: data("a"), path: "z").kind == .modified)
    }

    @Test func emptyToContentAndBack() {
        let grown = FileDiff.between(old: Data(), new: data("a\n"), path: "f")
        #expect(grown.kind == .modified && grown.unified == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n")
        let emptied = FileDiff.between(old: data("a\nb\n"), new: Data(), path: "f")
        #expect(emptied.kind == .modified && emptied.unified == "--- a/f\n+++ b/f\n@@ -1,2 +0,0 @@\n-a\n-b\n")
        #expect(emptied.summary == "edited f +0 \u{2212}2")
    }

    @Test func moves() {
        let edited = FileDiff.between(old: data("a\n"), new: data("b\n"), path: "new.txt", oldPath: "old.txt")
        #expect(edited.kind == .moved && edited.oldPath == "old.txt")
        #expect(edited.unified == "--- a/old.txt\n+++ b/new.txt\n@@ -1 +1 @@\n-a\n+b\n")
        #expect(edited.summary == "moved old.txt → new.txt +1 \u{2212}1")
        let pure = FileDiff.between(old: data("a\n"), new: data("a\n"), path: "new.txt", oldPath: "old.txt")
        #expect(pure.unified == "rename from old.txt\nrename to new.txt\n" && pure.summary == "moved old.txt → new.txt")
        let notMoved = FileDiff.between(old: data("a\n"), new: data("b\n"), path: "x", oldPath: "x")
        #expect(notMoved.kind == .modified && notMoved.oldPath == nil)
    }

    @Test func unchangedFileHasNoPatch() {
        let d = FileDiff.between(old: data("a\n"), new: data("a\n"), path: "f")
        #expect(d.hunks.isEmpty && d.unified == "" && d.added == 0)
    }

    @Test func canonicallyEquivalentLinesStillDiffer() {
        let d = FileDiff.between(old: data("caf\u{E9}\n"), new: data("cafe\u{301}\n"), path: "f")
        #expect(d.added == 1 && d.removed == 1)
    }

    @Test func randomHunksApplyToOld() {
        var rng = SeededRandom(seed: 4)
        for round in 0..<500 {
            let (old, new) = DiffFixtures.randomPair(&rng)
            let context = Int(rng.next() % 5)
            let d = FileDiff.between(old: old, new: new, path: "f", context: context)
            #expect(DiffFixtures.apply(d, to: old) == new, "round \(round)")
            let counted = d.hunks.flatMap(\.lines).filter { $0.kind != .context }.count
            #expect(counted == d.added + d.removed)
        }
    }

    @Test func codableRoundTrip() throws {
        let d = FileDiff.between(
            old: data("a\n\u{301}b\nc"), new: data("a\n-x\n\u{301}c\nd"), path: "src/a.swift", oldPath: "a.swift")
        let json = try JSONEncoder().encode(d)
        #expect(try JSONDecoder().decode(FileDiff.self, from: json) == d)
        let binary = FileDiff.between(old: Data([0]), new: nil, path: "b")
        #expect(try JSONDecoder().decode(FileDiff.self, from: JSONEncoder().encode(binary)) == binary)
    }
}

// MARK: - Parsing unified diffs

@Suite struct UnifiedParseTests {
    @Test func randomRoundTrips() {
        var rng = SeededRandom(seed: 5)
        var all: [FileDiff] = []
        for round in 0..<400 {
            let (old, new) = DiffFixtures.randomPair(&rng)
            let names = ["a.txt", "dir/b c.swift", "we\"ird\\name", "tab\tname"]
            let path = names[Int(rng.next() % UInt64(names.count))]
            let shape = rng.next() % 5
            let d = FileDiff.between(
                old: shape == 0 ? nil : old, new: shape == 1 ? nil : new, path: path,
                oldPath: shape == 2 ? "moved/from.txt" : nil, context: Int(rng.next() % 4))
            if d.kind == .modified && d.hunks.isEmpty { continue }
            #expect(FileDiff.parseUnified(d.unified) == [d], "round \(round): \(d.unified)")
            all.append(d)
        }
        all.append(FileDiff.between(old: Data([0]), new: Data([1, 0]), path: "x.bin", oldPath: "y.bin"))
        all.append(FileDiff.between(old: Data(), new: nil, path: "gone-empty"))
        #expect(FileDiff.parseUnified(FileDiff.unifiedPatch(all)) == all)
    }

    @Test func gitHeaders() {
        let text = """
            diff --git a/src/old name.swift b/src/new name.swift
            similarity index 90%
            rename from src/old name.swift
            rename to src/new name.swift
            index 1111111..2222222 100644
            --- a/src/old name.swift\t
            +++ b/src/new name.swift\t
            @@ -1,2 +1,2 @@ func header()
             keep
            --- removed line that looks like a header
            +++ added line that looks like a header
            diff --git a/empty b/empty
            new file mode 100644
            index 0000000..e69de29
            diff --git a/gone.txt b/gone.txt
            deleted file mode 100644
            index 3333333..0000000
            --- a/gone.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -bye
            \\ No newline at end of file
            diff --git a/pic.png b/pic.png
            index 4444444..5555555 100644
            Binary files a/pic.png and b/pic.png differ
            diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"
            index 6666666..7777777 100644
            --- "a/caf\\303\\251.txt"
            +++ "b/caf\\303\\251.txt"
            @@ -1 +1 @@
            -a
            +b
            diff --git a/script.sh b/script.sh
            old mode 100644
            new mode 100755
            diff --git a/moved.txt b/renamed.txt
            similarity index 100%
            rename from moved.txt
            rename to renamed.txt

            """
        let diffs = FileDiff.parseUnified(text)
        #expect(diffs.count == 7)
        guard diffs.count == 7 else { return }
        #expect(diffs[0].kind == .moved && diffs[0].path == "src/new name.swift")
        #expect(diffs[0].oldPath == "src/old name.swift" && diffs[0].added == 1 && diffs[0].removed == 1)
        #expect(diffs[0].hunks.first?.lines.map(\.kind) == [.context, .removed, .added])
        #expect(diffs[1] == FileDiff(path: "empty", kind: .added, hunks: [], added: 0, removed: 0))
        #expect(diffs[2].kind == .deleted && diffs[2].path == "gone.txt" && diffs[2].oldMissingNewline)
        #expect(
            diffs[2].hunks == [
                DiffHunk(oldStart: 1, oldCount: 1, newStart: 0, newCount: 0, lines: [.init(.removed, "bye")])
            ])
        #expect(diffs[3] == FileDiff(path: "pic.png", kind: .binary, hunks: [], added: 0, removed: 0))
        #expect(diffs[4].path == "caf\u{E9}.txt" && diffs[4].kind == .modified)
        #expect(diffs[5].kind == .modified && diffs[5].hunks.isEmpty)
        #expect(diffs[6].kind == .moved && diffs[6].oldPath == "moved.txt" && diffs[6].path == "renamed.txt")
    }

    @Test func garbageNeverCrashes() {
        var rng = SeededRandom(seed: 6)
        let pieces = [
            "@@ -1,3 +1 @@", "@@ -x +y @@", "@@ -99999999999999999999 +1 @@", "--- a/x", "+++ b/x", "diff --git ",
            "diff --git \"a/unterminated", "rename from", "rename to x", "Binary files  differ", "\\", "-", "+", " ",
            "", "new file mode", "@@ -0,0 +0,0 @@", "\"\\777\"", "--- \"a/\\", "Binary files a/x and b/y differ\r"
        ]
        for _ in 0..<300 {
            let text = (0..<Int(rng.next() % 20)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }
            _ = FileDiff.parseUnified(text.joined(separator: "\n"))
        }
        // Patches cut off anywhere.
        let patch = FileDiff.between(old: Data("a\nb\nc\n".utf8), new: Data("a\nx\nc".utf8), path: "f").unified
        for cut in 0..<patch.utf8.count {
            _ = FileDiff.parseUnified(String(decoding: patch.utf8.prefix(cut), as: UTF8.self))
        }
        #expect(FileDiff.parseUnified("").isEmpty)
        #expect(FileDiff.parseUnified("just some text\nnot a diff\n").isEmpty)
    }
}

// MARK: - Against git

@Suite struct GitComparisonTests {
    static let git = "/usr/bin/git"

    /// Runs git diff --no-index on two files and returns its stdout.
    func gitDiff(_ old: Data, _ new: Data, extra: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try old.write(to: dir.appendingPathComponent("old.txt"))
        try new.write(to: dir.appendingPathComponent("new.txt"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.git)
        process.currentDirectoryURL = dir
        process.arguments = ["diff", "--no-index", "--no-color", "--no-ext-diff"] + extra + ["old.txt", "new.txt"]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["HOME"] = dir.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: git)))
    func hunksMatchGit() throws {
        var rng = SeededRandom(seed: 7)
        var identical = 0
        let rounds = 40
        for round in 0..<rounds {
            let old = DiffFixtures.randomLines(20 + Int(rng.next() % 30), &rng, alphabet: 200)
            let new = DiffFixtures.edited(old, &rng, edits: 1 + Int(rng.next() % 4))
            let (a, b) = (
                DiffFixtures.text(old, newline: round % 7 != 3), DiffFixtures.text(new, newline: round % 5 != 2)
            )
            let mine = FileDiff.between(old: a, new: b, path: "new.txt", oldPath: "old.txt")
            let theirs = FileDiff.parseUnified(try gitDiff(a, b, extra: ["-U3", "--diff-algorithm=myers"]))
            guard let theirs = theirs.first else {
                #expect(mine.hunks.isEmpty, "round \(round): git saw no change")
                continue
            }
            if theirs.hunks == mine.hunks {
                identical += 1
                #expect(theirs.oldMissingNewline == mine.oldMissingNewline, "round \(round)")
                #expect(theirs.newMissingNewline == mine.newMissingNewline, "round \(round)")
            } else {
                // Myers may pick another alignment of equal cost: both must be valid and equally large.
                #expect(DiffFixtures.apply(theirs, to: a) == b, "round \(round): git's hunks do not apply")
                #expect(DiffFixtures.apply(mine, to: a) == b, "round \(round)")
            }
            let numstat = try gitDiff(a, b, extra: ["--numstat"]).split(separator: "\t")
            #expect(numstat.count >= 2 && Int(numstat[0]) == mine.added && Int(numstat[1]) == mine.removed, "\(round)")
        }
        #expect(identical * 4 >= rounds * 3, "only \(identical) of \(rounds) identical to git")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: git)))
    func fixedCasesMatchGitExactly() throws {
        let cases: [(String, String)] = [
            ("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n"),
            ("a\nb", "a\nb\nc\n"),
            ("a\nb\n", "a\nb"),
            ("a\r\nb\r\n", "a\nb\n"),
            ("", "a\nb\n"),
            ("a\nb\n", "")
        ]
        for (old, new) in cases {
            let git = try gitDiff(Data(old.utf8), Data(new.utf8), extra: ["-U3"])
            let hunksPart = git.range(of: "\n@@ ").map { String(git[git.index(after: $0.lowerBound)...]) } ?? ""
            let mine = FileDiff.between(old: Data(old.utf8), new: Data(new.utf8), path: "f").unified
            let myHunks = mine.range(of: "\n@@ ").map { String(mine[mine.index(after: $0.lowerBound)...]) } ?? ""
            #expect(myHunks == hunksPart, "\(old.debugDescription) → \(new.debugDescription)")
        }
    }
}

// MARK: - Word diff

@Suite struct WordDiffTests {
    @Test func onlyTheChangedWord() {
        let r = WordDiff.changedRanges(old: "let x = 1", new: "let y = 1")
        #expect(r.old == [4..<5] && r.new == [4..<5])
    }

    @Test func adjacentTokensMerge() {
        let r = WordDiff.changedRanges(old: "call(a, b)", new: "call(a.b)")
        #expect(r.old == [6..<8] && r.new == [6..<7])
        let grown = WordDiff.changedRanges(old: "foo()", new: "foo(bar, baz)")
        #expect(grown.old == [] && grown.new == [4..<12])
    }

    @Test func offsetsAreCharacters() {
        let r = WordDiff.changedRanges(old: "a 👍🏽 é b", new: "a 👎 é b")
        #expect(r.old == [2..<3] && r.new == [2..<3])
        let crlf = WordDiff.changedRanges(old: "value = 1\r\n", new: "value = 2\r\n")
        #expect(crlf.old == [8..<9] && crlf.new == [8..<9])
    }

    @Test func tooDifferentIsWhole() {
        let r = WordDiff.changedRanges(old: "completely different", new: "nothing alike here at all")
        #expect(r.old == [0..<20] && r.new == [0..<25])
        #expect(WordDiff.changedRanges(old: "", new: "abc") == ([0..<0], [0..<3]))
        #expect(WordDiff.changedRanges(old: "same", new: "same") == ([], []))
    }

    @Test func pairsFollowBlocks() {
        let lines: [DiffLine] = [
            .init(.context, "c"), .init(.removed, "r1"), .init(.removed, "r2"), .init(.added, "a1"),
            .init(.context, "c"), .init(.removed, "r3"), .init(.added, "a2"), .init(.added, "a3"),
            .init(.added, "lonely"), .init(.removed, "r4"), .init(.context, "c")
        ]
        let pairs = WordDiff.pairs(in: lines)
        #expect(pairs.map(\.removed) == [1, 5] && pairs.map(\.added) == [3, 6])
    }
}
