import Foundation
import SXCore
import SXAuth
import SXEngine

/// A request body as sx sends it late in a long session: the Codex body of a 5,000-message history (prompts,
/// answers with reasoning, tool calls and results), counted for `Content-Length`, then written in 64 KB pieces.
/// Also what that history costs in memory as the engine holds it (resident bytes before and after it is made),
/// next to its size as request JSON: the soak's growth per message is compared with these.
enum BodyBench {
    static func history(messages: Int) -> [Message] {
        let answer = String(
            repeating: "The answer streams markdown with `code`, \"quotes\" and ünïcode ✓.\n", count: 20)
        let readme = String(repeating: "line of the readme\n", count: 60)
        // Every text is its own string, as in a real session (equal strings built once would share storage).
        var out: [Message] = []
        var i = 0
        while out.count < messages {
            out.append(.user("turn \(i): explain part \(i) of the code"))
            if i % 3 == 0 {
                let call = ToolCall(
                    id: "call_\(i)", name: "read_file", arguments: #"{"path":"README.md"}"#, itemId: "fc_\(i)")
                out.append(
                    Message(
                        role: .assistant,
                        parts: [
                            .thinking(
                                Thinking(
                                    text: "Considering turn \(i).", encryptedContent: "gAAAAB-bench", itemId: "rs_\(i)",
                                    provider: "openai-codex")), .toolCall(call)
                        ]))
                out.append(
                    Message(
                        role: .user,
                        parts: [
                            .toolResult(
                                ToolResult(callId: "call_\(i)", name: "read_file", output: "read \(i)\n" + readme))
                        ]))
            }
            out.append(
                Message(
                    role: .assistant,
                    parts: [
                        .thinking(
                            Thinking(
                                text: "Answering turn \(i).", encryptedContent: "gAAAAB-bench", itemId: "rs_a\(i)",
                                provider: "openai-codex")), .text("Turn \(i). " + answer)
                    ]))
            i += 1
        }
        return out
    }

    /// Resident bytes of this process (/proc/self/statm).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    /// `measureMemory`: only in a process that ran nothing before (`--only body`); after other groups the heap
    /// reuses their freed pages and the resident size does not move.
    static func rows(runs: Int, measureMemory: Bool) throws -> [Row] {
        MallocTuning.applyForLongSession(environment: ProcessEnvironment.current)
        let before = residentBytes()
        let messages = history(messages: 5_000)
        let held = residentBytes() - before
        let request = ProviderRequest(
            model: "gpt-5-codex", systemPrompt: "You are sx.", messages: messages, sessionId: "bench")
        let builder = CodexRequestBuilder(originator: "sx", userAgent: "sx-bench")
        var count: [Double] = [], write: [Double] = [], mbps: [Double] = []
        var size = 0
        for _ in 0..<runs {
            let t0 = now()
            var pieces = JSONBodyPieces(try builder.requestBody(request).json.objectValue!)
            let length = pieces.length()
            let t1 = now()
            var sent = 0
            while let piece = pieces.next() { sent += piece.count }
            let t2 = now()
            precondition(sent == length && length > 1_000_000)
            size = length
            count.append((t1 - t0) * 1000)
            write.append((t2 - t1) * 1000)
            mbps.append(Double(length) / 1_048_576 / (t2 - t0))
        }
        let mb = String(format: "%.1f", Double(size) / 1_048_576)
        let perMessage = [Double(held) / 5_000 / 1024]
        let jsonPerMessage = [Double(size) / 5_000 / 1024]
        let memory = [
            Row(
                name: "history in memory (engine), per message", unit: "KB", samples: perMessage, budget: nil,
                higherIsBetter: false),
            Row(
                name: "history as request JSON, per message", unit: "KB", samples: jsonPerMessage, budget: nil,
                higherIsBetter: false)
        ]
        return [
            Row(
                name: "request body, 5,000 messages (\(mb) MB): count length", unit: "ms", samples: count, budget: nil,
                higherIsBetter: false),
            Row(
                name: "request body, 5,000 messages: write 64 KB pieces", unit: "ms", samples: write, budget: nil,
                higherIsBetter: false),
            Row(
                name: "request body, 5,000 messages: both, throughput", unit: "MB/s", samples: mbps, budget: nil,
                higherIsBetter: true)
        ]
            + (measureMemory ? memory : [])
    }
}
