import Foundation
import SXCore
import Testing

@testable import SXTUI

/// How a diff is drawn: gutter numbers, signs, colours, the changed words of a replaced line, code kept as written.
@Suite struct DiffRendererTests {
    @Test func aReplacedLineMarksOnlyTheChangedWord() throws {
        let lines = DiffRenderer.lines(Fixtures.smallDiff, width: 80)
        let removed = try #require(lines.first { $0.plainText.contains("- ") && $0.plainText.contains("count") })
        let added = try #require(lines.first { $0.plainText.contains("+ ") && $0.plainText.contains("quantity") })
        let marked = { (line: StyledLine) in
            line.spans.filter { $0.style.attributes.contains(.reverse) }.map(\.text).joined()
        }
        #expect(marked(removed) == "count")
        #expect(marked(added) == "quantity")
        #expect(removed.spans.contains { $0.style.fg == .diffRemoved })
        #expect(added.spans.contains { $0.style.fg == .diffAdded })
        // Old numbers for removed lines, new numbers for added and context lines; indentation kept.
        #expect(removed.plainText.hasPrefix("   4 -     let total"))
        #expect(lines.contains { $0.plainText.hasPrefix("  21 + print(total)") })
    }

    @Test func newDeletedAndBinaryFiles() {
        let created = FileDiff.between(old: nil, new: Data("a\nb\n".utf8), path: "n.txt")
        #expect(DiffRenderer.header(created).plainText == "  created n.txt +2")
        #expect(DiffRenderer.lines(created, width: 40).filter { $0.plainText.contains("+ ") }.count == 2)
        let deleted = FileDiff.between(old: Data("a\n".utf8), new: nil, path: "d.txt")
        #expect(DiffRenderer.header(deleted).plainText == "  deleted d.txt \u{2212}1")
        let binary = FileDiff.between(old: Data([0, 1, 2]), new: Data([0, 1, 3]), path: "x.bin")
        #expect(DiffRenderer.lines(binary, width: 40).map(\.plainText) == ["  binary file, not shown"])
    }

    @Test func longLinesWrapByCellsAndTabsShowAsSpaces() {
        let diff = FileDiff.between(
            old: Data("\tshort\n".utf8), new: Data(("\t" + String(repeating: "x", count: 50) + "\n").utf8), path: "t")
        let lines = DiffRenderer.lines(diff, width: 30)
        #expect(lines.allSatisfy { $0.width <= 30 })
        #expect(lines.contains { $0.plainText.contains("-     short") })
    }
}
