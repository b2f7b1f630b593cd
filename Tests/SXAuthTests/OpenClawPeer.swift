import Foundation

/// `Tests/Fixtures/openclaw_lock_peer.py`: a separate process that takes the store lock the way OpenClaw does.
enum OpenClawPeer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openclaw_lock_peer.py")
    static let python: URL? = ["/usr/bin/python3", "/usr/local/bin/python3"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    static var available: Bool { python != nil }

    static func start(_ args: [String], stdin: Pipe? = nil) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = python
        p.arguments = [script.path] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin ?? FileHandle.nullDevice
        try p.run()
        return (p, out, err)
    }

    /// Runs to the end; (status, stdout, stderr).
    static func run(_ args: [String]) throws -> (Int32, String, String) {
        let (p, out, err) = try start(args)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A peer holding the store lock until `release()`.
    final class Holder {
        let process: Process
        let stdin = Pipe()
        let pid: Int32

        init(store: URL) throws {
            let (p, out, _) = try OpenClawPeer.start(["hold", store.path], stdin: stdin)
            process = p
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            pid = p.processIdentifier
            guard String(decoding: line, as: UTF8.self).hasPrefix("held \(pid)") else {
                throw CocoaError(.fileLocking)
            }
        }

        func release() {
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }
}
