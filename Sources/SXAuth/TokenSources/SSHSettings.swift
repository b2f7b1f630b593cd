import Foundation

/// `CODEX_SSH_*`: how to read the token file over ssh.
public struct SSHSettings: Sendable, Equatable {
    public var host: String
    public var user: String?
    public var port: Int
    /// Private key file; without one, ssh uses the agent and the user's own keys.
    public var keyFile: String?
    /// Sent through `SSH_ASKPASS`, never on a command line.
    public var password: String?
    public var remotePath: String
    public var knownHostsFile: String?
    /// Whole-exchange deadline, so a dead host or a wrong password fails instead of hanging.
    public var deadline: TimeInterval = 30
    public var connectTimeout: Int = 10
}
