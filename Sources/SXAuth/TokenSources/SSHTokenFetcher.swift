import Foundation
import SXCore
import Subprocess
#if canImport(Glibc)
    import Glibc
#endif

/// `CODEX_TOKEN_SOURCE=ssh`: `cat`s the token file on another machine through the system `ssh`.
///
/// The system client brings the user's agent, keys, config and known_hosts for free (STACK.md). Host keys are
/// checked strictly; a password travels through `SSH_ASKPASS` (a 0700 helper script reading an environment
/// variable), never through argv, and the whole exchange has a deadline.
public struct SSHTokenFetcher: CodexTokenFetcher {
    public let profileId = "openai-codex:ssh"
    public let settings: SSHSettings
    public let clock: any SXClock
    /// The `ssh` binary (tests may point at another one).
    public var sshPath = "ssh"
    /// Token files are small; anything larger is not one.
    static let maxOutput = 256 * 1024

    public init(settings: SSHSettings, clock: any SXClock = SystemClock()) {
        self.settings = settings
        self.clock = clock
    }

    var target: String { settings.user.map { "\($0)@\(settings.host)" } ?? settings.host }
    var hostLabel: String { settings.port == 22 ? settings.host : "[\(settings.host)]:\(settings.port)" }

    /// Arguments for ssh; `usePassword` switches from BatchMode to the askpass helper.
    func arguments(usePassword: Bool) -> [String] {
        var a = [
            "-T", "-x", "-a",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "ConnectTimeout=\(settings.connectTimeout)",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=2",
            "-o", "LogLevel=ERROR",
            "-p", String(settings.port)
        ]
        if let kh = settings.knownHostsFile {
            a += ["-o", "UserKnownHostsFile=\(kh)", "-o", "GlobalKnownHostsFile=/dev/null"]
        }
        if let key = settings.keyFile { a += ["-i", key, "-o", "IdentitiesOnly=yes"] }
        if usePassword {
            a += [
                "-o", "BatchMode=no", "-o", "NumberOfPasswordPrompts=1",
                "-o",
                "PreferredAuthentications="
                    + (settings.keyFile != nil
                        ? "publickey,password,keyboard-interactive" : "password,keyboard-interactive")
            ]
        } else {
            a += ["-o", "BatchMode=yes"]
        }
        return a + [target, "--", Self.remoteCatCommand(settings.remotePath)]
    }

    /// `cat` of the path in POSIX shell quoting; a leading `~/` becomes `"$HOME"/` so it expands remotely.
    static func remoteCatCommand(_ path: String) -> String {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        if path.hasPrefix("~/") { return "cat -- \"$HOME\"/" + quote(String(path.dropFirst(2))) }
        return "cat -- " + quote(path)
    }

    public func fetch() async throws -> FetchedToken {
        let password = settings.password
        var helperDir: String?
        defer { if let helperDir { try? FileManager.default.removeItem(atPath: helperDir) } }
        var env: [Environment.Key: String?] = ["SSH_ASKPASS": nil, "SSH_ASKPASS_REQUIRE": nil, "DISPLAY": nil]
        if let password {
            let dir = try Self.makeAskpassHelper()
            helperDir = dir
            env["SSH_ASKPASS"] = dir + "/askpass"
            env["SSH_ASKPASS_REQUIRE"] = "force"
            env["SX_SSH_ASKPASS_SECRET"] = password
        }
        let options: PlatformOptions = {
            var o = PlatformOptions()
            // A new session has no controlling terminal, so ssh can never stop to prompt on /dev/tty.
            o.createSession = true
            return o
        }()
        let environment = Environment.inherit.updating(env)
        let args = arguments(usePassword: password != nil)
        let seconds = settings.deadline
        let result = try await withThrowingTaskGroup(of: (Int32?, String, String)?.self) { group in
            group.addTask {
                let r = try await Subprocess.run(
                    .name(sshPath), arguments: Arguments(args), environment: environment,
                    platformOptions: options,
                    output: .string(limit: Self.maxOutput), error: .string(limit: 64 * 1024))
                var code: Int32? = nil
                if case .exited(let c) = r.terminationStatus { code = c }
                return (code, r.standardOutput, r.standardError)
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        guard let (code, out, err) = result else {
            throw TokenSourceError.timeout(host: hostLabel, seconds: Int(seconds))
        }
        if code != 0 { throw classify(stderr: err, code: code) }
        return try FetchedToken.parse(Data(out.utf8), source: "\(target):\(settings.remotePath)", now: clock.now())
    }

    func classify(stderr: String, code: Int32?) -> TokenSourceError {
        let kh = settings.knownHostsFile ?? "~/.ssh/known_hosts"
        if stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
            || stderr.contains("Host key for")
                && stderr.contains("has changed")
        {
            return .hostKeyChanged(host: hostLabel, knownHosts: kh)
        }
        if stderr.contains("Host key verification failed") || stderr.contains("host key is known")
            || stderr.contains("No ") && stderr.contains("host key is known")
        {
            return .hostKeyUnknown(host: hostLabel, knownHosts: kh)
        }
        if stderr.contains("Permission denied") { return .sshAuthFailed(host: hostLabel) }
        let firstLine =
            stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("@") } ?? "exit status \(code.map(String.init) ?? "signal")"
        return .sshFailed(
            host: hostLabel, message: Redact.scrub(firstLine, secrets: [settings.password].compactMap { $0 }))
    }

    /// A private 0700 folder with a 0700 script that prints `$SX_SSH_ASKPASS_SECRET`.
    static func makeAskpassHelper() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/sx-askpass-XXXXXX").utf8CString)
        guard let p = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TokenSourceError.sshFailed(host: "localhost", message: "cannot create the askpass helper folder")
        }
        let dir = String(cString: p)
        let script = dir + "/askpass"
        let text = "#!/bin/sh\nprintf '%s\\n' \"$SX_SSH_ASKPASS_SECRET\"\n"
        guard
            FileManager.default.createFile(
                atPath: script, contents: Data(text.utf8), attributes: [.posixPermissions: 0o700])
        else {
            throw TokenSourceError.sshFailed(host: "localhost", message: "cannot write the askpass helper")
        }
        return dir
    }
}
