import Testing
@testable import SXTUI

@Suite struct MarkdownTests {
    func text(_ lines: [StyledLine]) -> [String] { lines.map(\.plainText) }

    @Test func inlineStyles() {
        let line = InlineMarkdown.parse("a **bold** and *it* with `code` and [sx](https://x.dev)")
        #expect(line.plainText == "a bold and it with code and sx (https://x.dev)")
        #expect(line.spans.contains { $0.text == "bold" && $0.style.attributes.contains(.bold) })
        #expect(line.spans.contains { $0.text == "it" && $0.style.attributes.contains(.italic) })
        #expect(line.spans.contains { $0.text == "code" && $0.style.fg == .markdownCode })
        #expect(line.spans.contains { $0.text == "sx" && $0.style.fg == .markdownLink })
    }

    @Test func unclosedMarkersStayLiteral() {
        #expect(InlineMarkdown.parse("half **bo").plainText == "half **bo")
        #expect(InlineMarkdown.parse("2 * 3 * 4").plainText == "2 * 3 * 4")
        #expect(InlineMarkdown.parse("snake_case_name").plainText == "snake_case_name")
    }

    @Test func blocks() {
        let md = "# Title\n\n- one\n- two **b**\n1. first\n> quoted\n\n```swift\nlet x = 1 // c\n```\n---"
        let lines = MarkdownRenderer.render(md, width: 30)
        let t = text(lines)
        #expect(t[0] == "Title")
        #expect(lines[0].spans[0].style.fg == .markdownHeading)
        #expect(t.contains("• one"))
        #expect(t.contains("• two b"))
        #expect(t.contains("1. first"))
        #expect(t.contains("│ quoted"))
        #expect(t.contains("  swift"))
        let code = lines.first { $0.plainText == "  let x = 1 // c" }
        #expect(code != nil)
        #expect(code?.spans.contains { $0.text == "let" && $0.style.fg == .syntaxKeyword } == true)
        #expect(code?.spans.contains { $0.text == "1" && $0.style.fg == .syntaxNumber } == true)
        #expect(code?.spans.contains { $0.text == "// c" && $0.style.fg == .syntaxComment } == true)
        #expect(t.last?.hasPrefix("───") == true)
    }

    @Test func wrapsAtWidthWithHangingIndent() {
        let lines = MarkdownRenderer.render("- alpha beta gamma delta epsilon", width: 14)
        #expect(text(lines) == ["• alpha beta", "  gamma delta", "  epsilon"])
        #expect(lines.allSatisfy { $0.width <= 14 })
    }

    @Test func longWordsBreakWithoutCuttingWideChars() {
        let lines = LineWrapper.wrap(StyledLine("日本語日本語日本語"), width: 5)
        #expect(text(lines) == ["日本", "語日", "本語", "日本", "語"])
        #expect(lines.allSatisfy { $0.width <= 5 })
    }

    @Test func tablesAlignAndShrink() {
        let md = "| name | value |\n|---|---|\n| a | 1 |\n| 中文 | 22 |"
        let t = text(MarkdownRenderer.render(md, width: 40))
        #expect(t == ["│ name │ value │", "├──────┼───────┤", "│ a    │ 1     │", "│ 中文 │ 22    │"])
        let narrow = MarkdownRenderer.render("| a very long header | b |\n|---|---|\n| x | y |", width: 14)
        #expect(narrow.allSatisfy { $0.width <= 14 })
        #expect(narrow[0].plainText.contains("…"))
    }

    @Test func streamingCommitsOnlyCompleteLines() {
        #expect(MarkdownStream.committed("Hello **bo", finished: false) == "")
        #expect(MarkdownStream.committed("line one\nHello **bo", finished: false) == "line one")
        #expect(MarkdownStream.committed("line one\nHello **bo", finished: true) == "line one\nHello **bo")
    }

    @Test func streamingHoldsTablesUntilTheEnd() {
        let s = "Intro\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        #expect(MarkdownStream.committed(s, finished: false) == "Intro")
        #expect(MarkdownStream.committed(s, finished: true) == s[...])
        // A table row inside a code fence is code, not a table: it is committed.
        let fenced = "```\n| not a table |\n"
        #expect(MarkdownStream.committed(fenced, finished: false) == "```\n| not a table |")
    }

    /// Every prefix of a streamed answer renders to lines that the final rendering starts with: a committed line is
    /// never drawn one way and then another.
    @Test func streamedLinesAreStable() {
        let answer =
            "# Plan\nFirst **bold** step with `code`.\n- item one\n- item *two*\n\n```sh\necho hi\n```\n| h | v |\n|---|---|\n| 1 | 2 |\nDone."
        let final = text(MarkdownRenderer.render(answer, width: 30))
        var end = answer.startIndex
        while end < answer.endIndex {
            end = answer.index(after: end)
            let shown = text(
                MarkdownRenderer.render(
                    String(MarkdownStream.committed(String(answer[..<end]), finished: false)), width: 30))
            let stable = shown.count > 0 && shown == [""] ? [] : shown
            #expect(
                Array(final.prefix(stable.count)) == stable,
                "prefix \(answer.distance(from: answer.startIndex, to: end))")
        }
    }
}

@Suite struct IncrementalStreamTests {
    /// The incremental renderer must draw exactly what a full render of the committed text draws, at every step.
    @Test func incrementalEqualsFullRender() {
        let answer =
            "# Plan\nFirst **bold** step.\n\n- item one\n- item *two*\n```sh\necho hi\n```swift\nstill code\n```\n| h | v |\n|---|---|\n| 1 | 2 |\nafter table\n~~~\n| not table |\n~~~\nDone 日本語 😀.\n"
        var cache = StreamCache(width: 24)
        var end = answer.startIndex
        while end < answer.endIndex {
            end = answer.index(after: end)
            let committed = MarkdownStream.committed(String(answer[..<end]), finished: false)
            let incremental = MarkdownStream.renderIncrementally(committed, width: 24, base: .plain, cache: &cache)
            let full = MarkdownRenderer.render(String(committed), width: 24)
            #expect(incremental == full, "at \(answer.distance(from: answer.startIndex, to: end))")
        }
        #expect(cache.stableUTF8 > 0)
    }

    /// When the answer finishes, the item is drawn from the streamed rendering plus its tail — and must be exactly
    /// what a fresh render of the whole answer draws (unfinished last line, trailing table).
    @Test func finishingReusesTheStreamedLinesAndMatchesAFullRender() {
        let answers = [
            "Intro line.\n- a\n- b\n```\ncode\n```\nlast line without newline",
            "Some text.\n\n| h | v |\n|---|---|\n| 1 | 2 |",
            "one\ntwo\n"
        ]
        for answer in answers {
            let cache = RenderCache()
            let state = AppState(width: 40, height: 20)
            var item = ConversationItem(id: 7, kind: .assistant("", streaming: true))
            var end = answer.startIndex
            while end < answer.endIndex {
                end = answer.index(after: end)
                item.kind = .assistant(String(answer[..<end]), streaming: true)
                item.revision += 1
                _ = ItemRenderer.lines(item, state: state, width: 40, cache: cache)
            }
            #expect(cache.streams[7] != nil)
            item.kind = .assistant(answer, streaming: false)
            let finished = ItemRenderer.lines(item, state: state, width: 40, cache: cache)
            #expect(cache.streams[7] == nil)
            #expect(finished == ItemRenderer.lines(item, state: state, width: 40), "\(answer)")
        }
    }

    @Test func widthChangeStartsOver() {
        var cache = StreamCache(width: 30)
        _ = MarkdownStream.renderIncrementally("a\nb\nc"[...], width: 30, base: .plain, cache: &cache)
        #expect(cache.lines.count == 2)
        let narrow = MarkdownStream.renderIncrementally("a\nb\nc"[...], width: 10, base: .plain, cache: &cache)
        #expect(narrow.map(\.plainText) == ["a", "b", "c"])
        #expect(cache.width == 10)
    }
}

@Suite struct ThinkingRenderTests {
    @Test func liveThinkingShowsItsLastLines() {
        var s = AppState(width: 60, height: 30)
        let thought = (1...20).map { "thought \($0)" }.joined(separator: "\n") + "\n"
        _ = Reducer.reduce(&s, .engine(.thinkingDelta(thought)))
        let live = ItemRenderer.lines(s.conversation.items[0], state: s, width: 60).map(\.plainText)
        #expect(live.first == "▾ thinking…")
        #expect(live[1] == "  │ …")
        #expect(live.contains("  │ thought 20"))
        #expect(live.contains("  │ thought 15"))
        #expect(!live.contains("  │ thought 14"))
        _ = Reducer.reduce(&s, .engine(.textDelta("answer\n")))
        #expect(
            ItemRenderer.lines(s.conversation.items[0], state: s, width: 60).map(\.plainText) == [
                "▸ thinking (20 lines, Ctrl+O to show)", ""
            ])
        s.conversation.expandAll = true
        #expect(ItemRenderer.lines(s.conversation.items[0], state: s, width: 60).count == 22)
        #expect(ItemRenderer.lastLines("a\nb\nc", 2) == "b\nc")
        #expect(ItemRenderer.lastLines("a", 3) == "a")
    }
}
