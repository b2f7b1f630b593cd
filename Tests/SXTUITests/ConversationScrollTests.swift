import Foundation
import SXProtocol
import Testing
@testable import SXTUI

@Suite struct ConversationScrollTests {
    /// `count` notices numbered so the screen shows which ones are visible.
    func numbered(_ count: Int, width: Int = 40, height: Int = 12) -> AppState {
        var s = AppState(width: width, height: height)
        s.chrome.showToolLog = false
        s.chrome.showStatus = false
        for i in 1...count { _ = Reducer.reduce(&s, .notice("n\(i)", .info)) }
        return s
    }

    func frame(_ s: inout AppState, _ cache: RenderCache) -> String {
        let (buf, scroll) = ScreenRenderer.render(s, cache: cache)
        _ = Reducer.reduce(&s, .scrollResolved(scroll))
        return buf.textDump()
    }

    @Test func followsTheBottomThenScrollsAndStaysPut() {
        var s = numbered(50)
        let cache = RenderCache()
        #expect(frame(&s, cache).contains("— n50"))
        _ = Reducer.reduce(&s, .key(.pageUp))
        let up = frame(&s, cache)
        #expect(!up.contains("— n50"))
        #expect(!s.conversation.scroll.following)
        #expect(up.contains("↑ End"))
        // New output while scrolled up does not move the text under the reader.
        _ = Reducer.reduce(&s, .notice("n51", .info))
        #expect(frame(&s, cache) == up)
        _ = Reducer.reduce(&s, .key(.end))
        let bottom = frame(&s, cache)
        #expect(bottom.contains("— n51"))
        #expect(s.conversation.scroll.following)
        #expect(!bottom.contains("↑ End"))
    }

    @Test func homeGoesToTheTopAndPageDownReturnsToFollowing() {
        var s = numbered(50)
        let cache = RenderCache()
        _ = Reducer.reduce(&s, .key(.home))
        #expect(frame(&s, cache).hasPrefix("— n1\n"))
        for _ in 0..<40 { _ = Reducer.reduce(&s, .key(.pageDown)) }
        _ = frame(&s, cache)
        #expect(s.conversation.scroll.following)
    }

    @Test func resizeRewrapsFromSource() {
        var s = AppState(width: 120, height: 20)
        s.chrome.showToolLog = false
        s.chrome.showStatus = false
        _ = Reducer.reduce(&s, .engine(.textDelta("word " + String(repeating: "alpha ", count: 30) + "\n")))
        let cache = RenderCache()
        let wide = frame(&s, cache).split(separator: "\n").filter { $0.contains("alpha") }.count
        _ = Reducer.reduce(&s, .resize(width: 40, height: 20))
        let narrow = frame(&s, cache).split(separator: "\n").filter { $0.contains("alpha") }.count
        #expect(narrow > wide)
    }

    /// A frame of a 100,000-line conversation re-renders only the streaming item, whatever the history holds
    /// (the 2 ms budget itself is a benchmark row: `bash bench/run.sh`).
    @Test func frameCostIsIndependentOfHistoryLength() {
        var s = AppState(width: 120, height: 40)
        let block =
            (1...50).map { "line \($0) of a long answer with `code` and **bold** words" }.joined(separator: "\n") + "\n"
        for _ in 0..<2_000 {
            _ = Reducer.reduce(&s, .engine(.textDelta(block)))
            _ = Reducer.reduce(
                &s,
                .engine(
                    .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "d", model: "m"))))
        }
        let cache = RenderCache()
        _ = ScreenRenderer.render(s, cache: cache)
        _ = Reducer.reduce(&s, .engine(.textDelta("streaming tail\n")))
        let missesBefore = cache.misses
        let frames = 20
        for i in 0..<frames {
            _ = Reducer.reduce(&s, .engine(.textDelta("more \(i)\n")))
            _ = ScreenRenderer.render(s, cache: cache)
        }
        // Only the streaming item is re-rendered each frame, whatever the history holds.
        #expect(cache.misses - missesBefore == frames)
    }
}

@Suite struct StreamingCostTests {
    /// The issue's benchmark shape: an 80 KB reply in 5,000 deltas, drawn at most once per 16 ms. Every delta is
    /// reduced, a frame is rendered every 100 deltas; the text arrives whole (its cost is a benchmark row).
    @Test func eightyKilobyteReplyStaysCheap() {
        var s = AppState(width: 120, height: 40)
        let line = "Some **markdown** text with `code` and a [link](https://example.com) — 日本語.\n"
        var reply = ""
        while reply.utf8.count < 80_000 { reply += line }
        let chars = Array(reply)
        let step = max(1, chars.count / 5_000)
        let cache = RenderCache()
        var frames = 0
        do {
            var i = 0, n = 0
            while i < chars.count {
                let j = min(chars.count, i + step)
                _ = Reducer.reduce(&s, .engine(.textDelta(String(chars[i..<j]))))
                i = j
                n += 1
                if n % 100 == 0 { _ = ScreenRenderer.render(s, cache: cache); frames += 1 }
            }
            _ = Reducer.reduce(
                &s,
                .engine(
                    .turnDone(TurnSummary(outcome: .completed, usage: Usage(), steps: 1, provider: "d", model: "m"))))
            _ = ScreenRenderer.render(s, cache: cache)
        }
        guard case .assistant(let text, false)? = s.conversation.items.last?.kind else {
            Issue.record("no answer"); return
        }
        #expect(text == reply)
        #expect(frames == 5_000 / 100 || frames == (chars.count + step - 1) / step / 100)
    }
}

@Suite struct RenderCacheBoundTests {
    @Test func cacheForgetsOffscreenItemsPastItsLimit() {
        var s = AppState(width: 80, height: 24)
        let cache = RenderCache()
        for i in 0..<6_000 {
            _ = Reducer.reduce(&s, .notice("n\(i)", .info))
            if i % 10 == 0 { _ = ScreenRenderer.render(s, cache: cache) }
        }
        // Each notice is one line: the cache holds at most its line budget plus the last frame's screen, and the
        // count it keeps matches what it holds.
        #expect(cache.entries.count <= RenderCache.maxLines + 24)
        #expect(cache.lineCount == cache.entries.values.reduce(0) { $0 + $1.lines.count })
        _ = Reducer.reduce(&s, .key(.home))
        let top = ScreenRenderer.render(s, cache: cache).buffer.textDump()
        #expect(top.hasPrefix("— n0\n"))
    }
}
