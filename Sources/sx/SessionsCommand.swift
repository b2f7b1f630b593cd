import ArgumentParser
import Foundation
import SXCore
import SXAuth
import SXEngine

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List earlier sessions (transcripts in $SX_HOME/sessions).",
        subcommands: [List.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List sessions, newest first.")

        @Flag(name: .long, help: "One JSON object per session.")
        var json = false

        func run() async throws {
            let paths = SXPaths.resolve(environment: ProcessEnvironment.current)
            let all = Transcript.list(paths.sessions)
            if all.isEmpty && !json {
                print("no sessions yet in \(paths.sessions.path)")
                return
            }
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd HH:mm"
            for s in all {
                let prompt = (s.firstPrompt ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
                if json {
                    let obj: [String: Any] = ["id": s.id, "modified": ISO8601DateFormatter().string(from: s.modified),
                                              "provider": s.provider ?? "", "model": s.model ?? "", "cwd": s.cwd ?? "",
                                              "messages": s.messages, "first_prompt": prompt]
                    let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    let short = prompt.count > 60 ? String(prompt.prefix(60)) + "…" : prompt
                    print("\(s.id)  \(f.string(from: s.modified))  \(s.provider ?? "?")/\(s.model ?? "?")  \(s.messages) msgs  \(short)")
                }
            }
        }
    }
}
