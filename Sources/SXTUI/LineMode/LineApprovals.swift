import Foundation
import SXCore
import SXProtocol

/// `APPROVAL=ask` in the line mode: each call that needs a yes is a question on stderr, answered by a line on stdin
/// (`y`, `a` for always, anything else no). Only when stdin is a terminal: a piped stdin holds prompts, not answers,
/// and there the call is refused as before.
public enum LineApprovals {
    /// Diff lines shown with a question; the rest is counted.
    static let diffLines = 60

    /// What is printed before the answer is read.
    public static func question(_ request: ApprovalRequest) -> String {
        var out = "\n? \(request.call.name): \(request.summary)"
        if let dir = request.workingDirectory { out += "  (in \(dir))" }
        out += "\n"
        if let warning = request.warning { out += "! \(warning)\n" }
        if let error = request.previewError { out += "! the change cannot be shown: \(error)\n" }
        for diff in request.diffs {
            let lines = diff.unified.split(separator: "\n", omittingEmptySubsequences: false)
            out += lines.prefix(diffLines).joined(separator: "\n") + "\n"
            if lines.count > diffLines { out += "… \(lines.count - diffLines) more lines\n" }
        }
        return out + "allow? [y]es / [a]lways for \(request.call.name) / [n]o: "
    }

    /// The answer as the engine takes it; end of input is a no.
    public static func decision(for answer: String?) -> ApprovalDecision {
        switch answer?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes": .approve
        case "a", "always": .approveForSession
        default: .deny(reason: "the user said no")
        }
    }

    /// Asks on a thread of its own (reading stdin blocks) and hands the decision to `answer`.
    public static func ask(_ pending: PendingApproval, answer: @escaping @Sendable (ApprovalDecision) -> Void) {
        let thread = Thread {
            LineOutput.write(question(pending.request), fd: 2)
            answer(decision(for: readLine(strippingNewline: true)))
        }
        thread.name = "sx-approval"
        thread.start()
    }
}
