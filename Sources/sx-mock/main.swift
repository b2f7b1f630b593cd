import Foundation
import SXTestSupport

// sx-mock: a loopback ChatGPT Codex backend for manual runs, end-to-end scripts and benchmarks.
//   sx-mock [--port N] [--deltas N] [--delay-ms D] [--text T]
//           [--scenario ok|tool|usage-limit|drop|error500|try-again|retry-after]
// `try-again`: a `rate_limit_exceeded` "try again in 1.5s", then the answer; `retry-after`: three 429s with
// `Retry-After: 1`, then the answer (the short limits Codex CLI retries,
// docs/protocol/codex.md#errors-and-retries).
// Prints `CODEX_BASE_URL=http://127.0.0.1:PORT/backend-api/codex` and serves until killed.

let args = CommandLine.arguments
func value(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let port = value("--port").flatMap(Int.init) ?? 0
let deltas = value("--deltas").flatMap(Int.init) ?? 50
let delay = value("--delay-ms").flatMap(Int.init) ?? 0
let scenario = value("--scenario") ?? "ok"
let text = value("--text") ?? "Hello from the sx mock. This reply streams in small deltas. ZQXENDMARK"

func reply() -> [MockReply] {
    var s = CodexSSE()
    s.reasoning(["Reading the request", ", then answering."])
    switch scenario {
    case "usage-limit":
        return [CodexSSE.usageLimitReply(resetsAt: Int(Date().timeIntervalSince1970) + 4 * 3600)]
    case "try-again":
        return [CodexSSE.rateLimitExceeded(), .sse(CodexSSE.reply(text))]
    case "retry-after":
        let limited = CodexSSE.retryAfterReply("1")
        return [limited, limited, limited, .sse(CodexSSE.reply(text))]
    case "error500":
        return [.json(500, ["error": ["message": "internal error"]])]
    case "tool":
        s.functionCall(name: "list_dir", arguments: #"{"path":"."}"#)
        s.completed()
        return [.sse(s.text), .sse(CodexSSE.reply("I listed the folder. ZQXENDMARK"))]
    default:
        s.message(CodexSSE.split(text, into: deltas))
        if scenario == "drop" { return [.sse(s.text, ending: .drop)] }
        s.completed()
        let chunks = s.events.map { MockReply.Chunk($0, delayMs: delay) }
        return [
            .stream(
                status: 200, headers: [("content-type", "text/event-stream")] + CodexSSE.rateLimitHeaders(),
                chunks: chunks, ending: .end)
        ]
    }
}

do {
    let mock = try CodexMock(replies: reply())
    FileHandle.standardOutput.write(Data("CODEX_BASE_URL=\(mock.baseURL)\n".utf8))
    while true { sleep(3600) }
} catch {
    FileHandle.standardError.write(Data("sx-mock: \(error)\n".utf8))
    exit(1)
}
