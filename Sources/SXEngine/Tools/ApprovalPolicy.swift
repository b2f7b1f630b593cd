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
