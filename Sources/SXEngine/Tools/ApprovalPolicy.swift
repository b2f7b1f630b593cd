/// When mutating tools (`shell`, `write_file`, `edit_file`) may run. Reads are always allowed.
public enum ApprovalPolicy: String, Sendable, CaseIterable, Codable {
    /// Everything runs without asking.
    case auto
    /// Mutating calls wait for the front end's decision (the TUI's modal); without a decider they are refused.
    case ask
    /// Mutating calls are refused; the model can only read.
    case never

    /// Parses `APPROVAL` / `--approval`; nil for an unknown value so the caller can report it.
    public init?(configValue: String?) {
        guard let value = configValue?.trimmingCharacters(in: .whitespaces).lowercased(), !value.isEmpty else {
            return nil
        }
        self.init(rawValue: value)
    }
}

/// What the front end is asked to decide.
public struct ApprovalRequest: Sendable, Equatable {
    public var call: ToolCall
    /// One line for the prompt: the command, or the path being written.
    public var summary: String

    public init(call: ToolCall, summary: String) {
        self.call = call
        self.summary = summary
    }
}

public enum ApprovalDecision: Sendable, Equatable {
    case approve
    /// Approve this and every later call of the same tool in this runner (the TUI's "always").
    case approveForSession
    /// Refuse; the optional reason is passed to the model.
    case deny(reason: String?)
}

/// Supplied by the front end; called once per mutating call under `ask`. May take as long as the person needs.
public typealias ApprovalHandler = @Sendable (ApprovalRequest) async -> ApprovalDecision
