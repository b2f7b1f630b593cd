import Foundation
import SXCore
import SXAuth
import SXTestSupport

/// A fresh temporary `SX_HOME` (and fake `HOME`) per test, removed at the end.
final class TempHome: Sendable {
    let root: URL
    var home: URL { root.appendingPathComponent("sxhome") }
    var userHome: URL { root.appendingPathComponent("user") }
    var paths: SXPaths { SXPaths(home: home) }

    init() throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sxauth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: userHome, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ text: String, to url: URL, mode: Int = 0o600) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        chmod(url.path, mode_t(mode))
    }

    static func mode(_ path: String) -> Int {
        var st = stat()
        stat(path, &st)
        return Int(st.st_mode & 0o777)
    }
}

/// Settings for tests: a loopback issuer and Codex's file under the temp user home.
func testSettings(_ home: TempHome, issuer: URL? = nil, extra: [String: String] = [:]) throws -> AuthSettings {
    var env = ["HOME": home.userHome.path]
    if let issuer { env["CODEX_AUTH_ISSUER"] = issuer.absoluteString }
    for (k, v) in extra { env[k] = v }
    return try AuthSettings.from { env[$0] }
}

/// An OAuth profile object as OpenClaw writes it.
func oauthProfile(access: String, refresh: String, expires: Date, accountId: String = "acct-mock-0001") -> JSONObject {
    AuthProfile.oauthObject(
        provider: .openaiCodex, access: access, refresh: refresh, expires: expires,
        accountId: accountId, email: "mock.user@example.com", plan: "plus")
}

/// The package's `.build/debug` (where `swift build` put `sx`).
func builtProduct(_ name: String) -> URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent(".build/debug/\(name)")
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion with the given environment (stdin from `input` or /dev/null).
func runProcess(_ exe: URL, _ args: [String], env: [String: String], input: String? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    p.environment = env
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input == nil ? FileHandle.nullDevice : inp
    try p.run()
    if let input {
        inp.fileHandleForWriting.write(Data(input.utf8))
        try inp.fileHandleForWriting.close()
    }
    let (o, e) = PipeReader.readBoth(out.fileHandleForReading, err.fileHandleForReading, exited: { !p.isRunning })
    p.waitUntilExit()
    return ProcessResult(
        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
}

/// `runProcess` on a thread of its own, for tasks that run several at once: blocking the cooperative pool (one
/// thread per core) would stall every other test, and any mock reply that needs the pool, while they run.
func runProcessAsync(_ exe: URL, _ args: [String], env: [String: String], input: String? = nil) async throws
    -> ProcessResult
{
    try await onOwnThread { try runProcess(exe, args, env: env, input: input) }
}

/// Environment for a spawned `sx`: only what it needs (no proxies from the host).
func sxEnvironment(_ home: TempHome, _ extra: [String: String] = [:]) -> [String: String] {
    var env = ["SX_HOME": home.home.path, "HOME": home.userHome.path, "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"]
        .merging(SanitizerEnvironment.passThrough) { $1 }
    for (k, v) in extra { env[k] = v }
    return env
}
