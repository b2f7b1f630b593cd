import Foundation
import Testing
@testable import SXAuth
import SXTestSupport

/// A throwaway `sshd` on a loopback port: its own host key, an authorized user key, and (when the tests run as
/// root and can create a local user) a password login.
final class TestSSHD: @unchecked Sendable {
    // @unchecked: every field is set once in init and never mutated afterwards.
    let dir: URL
    let port: Int
    let hostPub: String
    let userKey: String
    let passwordUser: (name: String, password: String)?

    static var sshdPath: String? {
        ["/usr/sbin/sshd", "/usr/local/sbin/sshd", "/sbin/sshd"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    init() throws {
        guard let sshd = Self.sshdPath else { throw SkipError("sshd not installed") }
        dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sxsshd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        chmod(dir.path, 0o755)
        func sh(_ cmd: String) throws {
            let r = try runProcess(
                URL(fileURLWithPath: "/bin/sh"), ["-c", cmd], env: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"])
            if r.status != 0 { throw SkipError("setup failed: \(cmd): \(r.stderr)") }
        }
        try sh(
            "ssh-keygen -q -t ed25519 -N '' -f '\(dir.path)/host_key' && ssh-keygen -q -t ed25519 -N '' -f '\(dir.path)/user_key'"
                + " && cp '\(dir.path)/user_key.pub' '\(dir.path)/authorized_keys' && chmod 644 '\(dir.path)/authorized_keys'"
        )
        hostPub = try String(contentsOf: dir.appendingPathComponent("host_key.pub"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        userKey = dir.appendingPathComponent("user_key").path
        var pw: (String, String)?
        if getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd") {
            let name = "sxsshtest"
            let password = "pw-" + UUID().uuidString.prefix(12)
            try? sh("id \(name) >/dev/null 2>&1 || useradd -M -s /bin/sh \(name)")
            if (try? sh("echo '\(name):\(password)' | chpasswd")) != nil { pw = (name, password) }
            try? sh("mkdir -p /run/sshd && chmod 755 /run/sshd")
        }
        passwordUser = pw
        port = Self.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(dir.path)/host_key
            PidFile \(dir.path)/sshd.pid
            AuthorizedKeysFile \(dir.path)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication \(pw == nil ? "no" : "yes")
            KbdInteractiveAuthentication no
            PermitRootLogin yes
            """
        try Data(config.utf8).write(to: dir.appendingPathComponent("sshd_config"))
        // sshd detaches (no -D): Foundation's Process must not own a long-lived child, because its child
        // monitor blocks in wait4 on it and then never reaps the other tests' processes.
        let start = try runProcess(
            URL(fileURLWithPath: sshd), ["-f", dir.appendingPathComponent("sshd_config").path],
            env: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"])
        if start.status != 0 { throw SkipError("sshd did not start: \(start.stderr)") }
        // Ready when the port accepts.
        for _ in 0..<100 {
            if Self.canConnect(port) { return }
            usleep(50_000)
        }
        throw SkipError("sshd did not start listening")
    }

    deinit {
        let pidFile = dir.appendingPathComponent("sshd.pid").path
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGTERM)
        }
        try? FileManager.default.removeItem(at: dir)
    }

    func knownHosts(_ line: String) throws -> String {
        let f = dir.appendingPathComponent("known_hosts-\(UUID().uuidString.prefix(6))")
        try Data(line.utf8).write(to: f)
        return f.path
    }

    static func freePort() -> Int {
        let s = try! LoopbackCallbackServer(port: 0)
        return Int(s.port)
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = UInt16(port).bigEndian
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }
}

struct SkipError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

@Suite(.serialized) struct SSHSourceTests {
    static let sshdAvailable = TestSSHD.sshdPath != nil

    func tokenFile(_ sshd: TestSSHD) throws -> (path: String, access: String) {
        let access = OAuthMockServer.makeJWT(
            exp: Date().addingTimeInterval(3600), accountId: "acct-ssh-1",
            email: "s@example.com", plan: "pro")
        let f = sshd.dir.appendingPathComponent("auth.json")
        try Data(
            #"{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"\#(access)","access_token":"\#(access)","refresh_token":"rt-owner-ssh","account_id":"acct-ssh-1"},"last_refresh":"2026-11-21T23:17:18.999182880Z"}"#
                .utf8
        ).write(to: f)
        chmod(f.path, 0o644)
        return (f.path, access)
    }

    @Test(.enabled(if: sshdAvailable, "sshd is not installed (apt-get install openssh-server); ssh source not tested"))
    func keyLoginReadsTheRemoteTokenThroughCredentialStore() async throws {
        let sshd = try TestSSHD()
        let (path, access) = try tokenFile(sshd)
        let h = try TempHome()
        let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let settings = try testSettings(
            h,
            extra: [
                "CODEX_TOKEN_SOURCE": "ssh", "CODEX_SSH_HOST": "127.0.0.1", "CODEX_SSH_PORT": String(sshd.port),
                "CODEX_SSH_USER": user, "CODEX_SSH_KEY": sshd.userKey, "CODEX_SSH_PATH": path,
                "CODEX_SSH_KNOWN_HOSTS": try sshd.knownHosts("[127.0.0.1]:\(sshd.port) \(sshd.hostPub)\n")
            ])
        let pool = try HTTPClientPool(settings: NetworkSettings())
        let creds = CredentialStore(store: ProfileStore(paths: h.paths), settings: settings, http: AuthHTTP(pool: pool))
        let ids = try await creds.profileIds(for: .openaiCodex)
        let c = try await creds.credential(profileId: "openai-codex:ssh", forceRefresh: false)
        await pool.shutdown()
        #expect(ids == ["openai-codex:ssh"])
        #expect(c.secret == access)
        #expect(c.accountId == "acct-ssh-1")
        #expect(try ProfileStore(paths: h.paths).load().profile("openai-codex:ssh")?.refresh == nil)
    }

    @Test(.enabled(if: sshdAvailable, "sshd is not installed; ssh host key checks not tested"))
    func changedOrUnknownHostKeyIsRefused() async throws {
        let sshd = try TestSSHD()
        let (path, _) = try tokenFile(sshd)
        let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        // A different key recorded for this host: a changed host key.
        let other = try runProcess(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c",
                "ssh-keygen -q -t ed25519 -N '' -f '\(sshd.dir.path)/other' && cut -d' ' -f1,2 '\(sshd.dir.path)/other.pub'"
            ],
            env: ["PATH": "/usr/bin:/bin"]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var s = SSHSettings(
            host: "127.0.0.1", user: user, port: sshd.port, keyFile: sshd.userKey, password: nil,
            remotePath: path, knownHostsFile: try sshd.knownHosts("[127.0.0.1]:\(sshd.port) \(other)\n"))
        s.deadline = 20
        await #expect {
            try await SSHTokenFetcher(settings: s).fetch()
        } throws: { e in
            guard let t = e as? TokenSourceError, case .hostKeyChanged = t else { return false }
            return t.description.contains("does NOT match")
        }
        s.knownHostsFile = try sshd.knownHosts("")
        await #expect {
            try await SSHTokenFetcher(settings: s).fetch()
        } throws: { e in
            guard let t = e as? TokenSourceError, case .hostKeyUnknown = t else { return false }
            return true
        }
    }

    @Test(.enabled(if: sshdAvailable, "sshd is not installed; ssh password login not tested"))
    func passwordLoginThroughAskpassAndWrongPasswordFailsFast() async throws {
        let sshd = try TestSSHD()
        guard let pw = sshd.passwordUser else {
            print("note: password login not tested (needs root to create a throwaway local user)")
            return
        }
        let (path, access) = try tokenFile(sshd)
        var s = SSHSettings(
            host: "127.0.0.1", user: pw.name, port: sshd.port, keyFile: nil, password: pw.password,
            remotePath: path, knownHostsFile: try sshd.knownHosts("[127.0.0.1]:\(sshd.port) \(sshd.hostPub)\n"))
        s.deadline = 20
        #expect(!SSHTokenFetcher(settings: s).arguments(usePassword: true).contains(pw.password), "never on argv")
        let t = try await SSHTokenFetcher(settings: s).fetch()
        #expect(t.accessToken == access)
        s.password = "wrong-password-0000"
        let start = Date()
        await #expect {
            try await SSHTokenFetcher(settings: s).fetch()
        } throws: { e in
            guard let t = e as? TokenSourceError, case .sshAuthFailed = t else { return false }
            return true
        }
        #expect(Date().timeIntervalSince(start) < 20)
    }
}

@Suite struct SSHDeadlineTests {
    @Test func aHostThatNeverAnswersFailsWithinTheDeadline() async throws {
        // A listening socket that never speaks SSH: the TCP connect succeeds, the banner never comes.
        let silent = try LoopbackCallbackServer(port: 0)
        var s = SSHSettings(
            host: "127.0.0.1", user: "nobody", port: Int(silent.port), keyFile: nil, password: nil,
            remotePath: "/x", knownHostsFile: "/dev/null")
        s.deadline = 2
        let start = Date()
        await #expect(throws: TokenSourceError.timeout(host: "[127.0.0.1]:\(silent.port)", seconds: 2)) {
            try await SSHTokenFetcher(settings: s).fetch()
        }
        #expect(Date().timeIntervalSince(start) < 60)  // without the deadline it never ends
        withExtendedLifetime(silent) {}
    }
}
