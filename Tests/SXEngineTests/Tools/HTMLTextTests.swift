import Foundation
import Testing
@testable import SXEngine

@Suite struct HTMLTextTests {
    let base = URL(string: "https://example.org/docs/page.html")!

    @Test func aPageBecomesHeadingsParagraphsListsAndLinks() {
        let html = """
            <!DOCTYPE html><html><head><title>Guide &amp; Notes</title><style>body { color: red }</style>
            <script>if (a < b) { document.write("<p>nope</p>") }</script></head>
            <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
            <h1>Getting   started</h1>
            <p>Read the <a href="intro.html">introduction</a> first,
               then <a href="https://swift.org/">Swift&#39;s site</a>.</p>
            <!-- a comment <p>hidden</p> -->
            <ul><li>one</li><li>two <b>bold</b></li></ul>
            <ol start="3"><li>third</li><li>fourth</li></ol>
            <p>Use <code>swift build</code> &mdash; then&nbsp;test.</p>
            <pre>let x = 1
            if x &lt; 2 {
                print("&lt;b&gt;")
            }</pre>
            <p>Bad <a href="javascript:alert(1)">script link</a> and <a href="#top">anchor</a>.</p>
            </body></html>
            """
        let text = HTMLText.convert(html, baseURL: base)
        #expect(text.hasPrefix("# Guide & Notes\n\n# Getting started\n\n"))
        #expect(
            text.contains(
                "Read the [introduction](https://example.org/docs/intro.html) first, then [Swift's site](https://swift.org/)."
            ))
        #expect(text.contains("- one\n- two **bold**\n"))
        #expect(text.contains("3. third\n4. fourth"))
        #expect(text.contains("Use `swift build` — then test."))
        #expect(text.contains("```\nlet x = 1\nif x < 2 {\n    print(\"<b>\")\n}\n```"))
        #expect(text.contains("Bad script link and anchor."))
        for dropped in ["color: red", "nope", "document.write", "Home", "About", "hidden", "<", "&amp;"]
        where dropped != "<" {
            #expect(!text.contains(dropped), "\(dropped) should be gone")
        }
        #expect(!text.contains("\n\n\n"), "at most one blank line")
    }

    @Test func entitiesAndBrokenMarkupDegradeToText() {
        #expect(HTMLText.decodeEntities("a &lt;b&gt; &#x2014; &#8230; &unknown; & c") == "a <b> — … &unknown; & c")
        let text = HTMLText.convert("<p>5 < 6 and <b>open<p>next<br>line", baseURL: nil)
        #expect(text == "5 < 6 and **open\n\nnext\nline\n")
    }
}
