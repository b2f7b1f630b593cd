import Foundation
import SXCore
import SXAuth

/// The offline provider: no account, no network. It streams scripted thinking and Markdown at a human pace and,
/// when tools are on, really calls them in the current folder (lists it, reads the README) so that a newcomer sees
/// the whole loop work before logging in anywhere.
public struct DemoProvider: Provider {
    public let id: ProviderID = .demo
    /// Pause between streamed pieces; ~40 words a second reads like a real model.
    public var delayMs: Int

    public init(delayMs: Int = 12) { self.delayMs = delayMs }

    public static let firstLine =
        "> **Offline demo** — no model is involved. Run `sx auth login` to use Codex with your ChatGPT account, or `sx auth add-key --provider anthropic NAME` for an API key."

    public func stream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        let plan = DemoScript.plan(for: request)
        let delay = delayMs
        return AsyncThrowingStream { continuation in
            let task = Task {
                func pause() async throws {
                    if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000) }
                }
                do {
                    for piece in DemoScript.pieces(plan.thinking) {
                        try await pause()
                        continuation.yield(.thinkingDelta(piece))
                    }
                    continuation.yield(
                        .outputItem(.thinking(Thinking(text: plan.thinking, provider: ProviderID.demo.rawValue))))
                    for piece in DemoScript.pieces(plan.text) {
                        try await pause()
                        continuation.yield(.textDelta(piece))
                    }
                    if !plan.text.isEmpty { continuation.yield(.outputItem(.text(plan.text))) }
                    if let call = plan.call {
                        continuation.yield(.toolCall(call))
                        continuation.yield(.outputItem(.toolCall(call)))
                    }
                    let words = (plan.thinking + plan.text).split(separator: " ").count
                    continuation.yield(
                        .usage(Usage(inputTokens: request.messages.count * 40, outputTokens: words * 4 / 3)))
                    continuation.yield(.completed(responseId: nil))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// What the demo says at each step of a turn, decided from the conversation alone (pure, testable).
enum DemoScript {
    struct Plan {
        var thinking: String
        var text: String
        var call: ToolCall?
    }

    static func plan(for request: ProviderRequest) -> Plan {
        let promptIndex = request.messages.lastIndex { m in m.role == .user && !m.text.isEmpty } ?? 0
        let prompt = request.messages.indices.contains(promptIndex) ? request.messages[promptIndex].text : ""
        let results = request.messages[min(promptIndex + 1, request.messages.count)...].flatMap(\.parts).compactMap {
            p -> ToolResult? in
            if case .toolResult(let r) = p { r } else { nil }
        }
        let toolNames = Set(request.tools.map(\.name))
        let listing = results.first { $0.name == "list_dir" }
        let readme = results.first { $0.name == "read_file" }

        if toolNames.contains("list_dir") && listing == nil {
            return Plan(
                thinking:
                    "The user said \"\(short(prompt))\". I'm the offline demo, so let me show the tool loop: first I'll list the current folder.",
                text: DemoProvider.firstLine + "\n\nLet me look around this folder first.\n",
                call: ToolCall(id: "demo_call_1", name: "list_dir", arguments: #"{"path":".","depth":1}"#))
        }
        if toolNames.contains("read_file"), let listing, readme == nil,
            let name = readmeName(in: listing.output)
        {
            return Plan(
                thinking: "There is a \(name) here; reading its start tells me what this project is.",
                text: "\nI'll read the start of `\(name)`.\n",
                call: ToolCall(id: "demo_call_2", name: "read_file", arguments: #"{"path":"\#(name)","limit":20}"#))
        }
        return Plan(
            thinking: "Now I can answer: summarise what I found and show what sx can do.",
            text: answer(prompt: prompt, listing: listing, readme: readme, firstStep: listing == nil))
    }

    static func answer(prompt: String, listing: ToolResult?, readme: ToolResult?, firstStep: Bool) -> String {
        var s = firstStep ? DemoProvider.firstLine + "\n\n" : "\n"
        s += "You said: **\(short(prompt))**\n\n"
        if let listing {
            // The first line of list_dir's output is the folder itself; the indented lines are its entries.
            let entries = listing.output.split(separator: "\n").filter { $0.hasPrefix(" ") }
            s += "I listed this folder with the `list_dir` tool and found **\(entries.count)** entries"
            if let readme, let heading = readme.output.split(separator: "\n").first(where: { $0.contains("# ") }) {
                let title = heading.drop { $0 != "#" }
                s += ", and the README starts with *\(title.trimmingCharacters(in: .whitespaces))*"
            }
            s += ".\n\n"
        }
        s += """
            ### What a real model can do here
            - read, search and edit the files in this folder, and run commands (with your approval)
            - stream its **thinking** and its answer as they arrive
            - keep several logins per provider and switch when one hits a rate limit

            ```sh
            sx auth login            # ChatGPT / Codex, in the browser or with --device
            sx exec "explain this repository"
            ```

            """
        return s
    }

    static func readmeName(in listing: String) -> String? {
        for line in listing.split(separator: "\n") {
            let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").last.map(String.init) ?? ""
            if name.lowercased() == "readme.md" || name.lowercased() == "readme" { return name }
        }
        return nil
    }

    static func short(_ s: String) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 80 ? String(flat.prefix(80)) + "…" : flat
    }

    /// Splits text into word-sized pieces (a space stays with the word before it), like model deltas.
    static func pieces(_ text: String) -> [String] {
        var out: [String] = []
        var cur = ""
        for ch in text {
            cur.append(ch)
            if ch == " " || ch == "\n" {
                out.append(cur)
                cur = ""
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
}
