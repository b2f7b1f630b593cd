import Foundation
import SXTestSupport

/// Runs the real `sx` binary built next to the tests, in a throwaway `SX_HOME` and working folder.
struct CLI {
    let home: URL
    let workdir: URL
    var env: [String: String]

    static var binary: URL {
        // The test bundle sits in the build products folder, next to the `sx` executable.
        var dir = URL(
            fileURLWithPath: CommandLine.arguments.first {
                $0.contains(".build") && !$0.hasSuffix("swiftpm-testing-helper")
            }
                ?? Bundle.main.bundlePath
        ).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sx")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/sx")
    }

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sx-cli-\(UUID().uuidString)")
        home = base.appendingPathComponent("home")
        workdir = base.appendingPathComponent("work")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        env = [
            "SX_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "SX_DEMO_DELAY_MS": "0", "LANG": "C.UTF-8"
        ]
        .merging(SanitizerEnvironment.passThrough) { $1 }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String], stdin: String? = nil, extraEnv: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.environment = env.merging(extraEnv) { $1 }
        p.currentDirectoryURL = workdir
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let (o, e) = PipeReader.readBoth(out.fileHandleForReading, err.fileHandleForReading, exited: { !p.isRunning })
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}
