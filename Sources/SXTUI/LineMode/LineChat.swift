import Foundation
import SXProtocol

/// `sx --plain`, or `sx` when stdin or stdout is not a terminal: a conversation one line at a time on the same
/// session API as the full-screen interface. Prompts come from stdin, the answer goes to stdout, the rest to stderr.
public enum LineChat {
    /// - Parameter greeting: lines for stderr before the first prompt (what is running where, how to log in).
    public static func run(_ session: any AgentSession, greeting: [String], dim: Bool) async -> Int32 {
        for line in greeting { LineOutput.write(line + "\n", fd: 2) }
        LineOutput.write("Type a message and press Enter; /quit or Ctrl+D to leave.\n", fd: 2)
        let printer = EventPrinter(showThinking: true, dim: dim)
        let inbox = EventInbox(session.events)
        while true {
            LineOutput.write("› ", fd: 2)
            guard let line = readLine(strippingNewline: true) else { break }
            let prompt = line.trimmingCharacters(in: .whitespaces)
            if prompt.isEmpty { continue }
            if prompt == "/quit" || prompt == "/exit" { break }
            await session.send(prompt, attachments: [])
            while let event = await inbox.next() {
                printer.print(event)
                if case .turnDone = event { break }
                if !inbox.hasPending { printer.flush() }
            }
            printer.finish()
        }
        return 0
    }
}
