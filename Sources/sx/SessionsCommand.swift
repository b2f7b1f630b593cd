import ArgumentParser
import Foundation
import SXCore
import SXAuth
import SXEngine

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List earlier sessions (transcripts in $SX_HOME/sessions).",
        subcommands: [List.self, Diff.self], defaultSubcommand: List.self)

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Print a session's whole change to the files as one patch (from its checkpoints).")

        @Argument(help: "The session id or a unique prefix of it (default: the newest session).")
        var id: String?

        func run() async throws {
            let paths = SXPaths.resolve(environment: ProcessEnvironment.current)
            let url: URL
            do { url = try Transcript.find(id, in: paths.sessions) } catch {
                throw ValidationError("\(error)")
            }
            let session = url.deletingPathExtension().lastPathComponent
            do {
                guard let patch = try await Checkpointer.sessionPatch(transcript: url, snapshotsRoot: paths.snapshots)
                else {
                    FileHandle.standardError.write(
                        Data("sx: session \(session) changed no files (or its checkpoints were off)\n".utf8))
                    return
                }
                FileHandle.standardOutput.write(Data(patch.utf8))
            } catch {
                throw ValidationError("session \(session): \(error)")
            }
        }
    }

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
                    let line: JSONValue = [
                        "id": .string(s.id), "modified": .string(UTCTime.iso8601(s.modified)),
                        "provider": .string(s.provider ?? ""), "model": .string(s.model ?? ""),
                        "cwd": .string(s.cwd ?? ""), "messages": .int(s.messages),
                        "first_prompt": .string(prompt)
                    ]
                    print(String(decoding: JSONBody.encode(line), as: UTF8.self))
                } else {
                    let short = prompt.count > 60 ? String(prompt.prefix(60)) + "…" : prompt
                    print(
                        "\(s.id)  \(f.string(from: s.modified))  \(s.provider ?? "?")/\(s.model ?? "?")  \(s.messages) msgs  \(short)"
                    )
                }
            }
        }
    }
}
