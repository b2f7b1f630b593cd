import Foundation
import Testing

/// Every source file is as `.swift-format` lays it out (the toolchain's `swift format`, 4 spaces, 120 columns).
/// To fix a failure: `swift format format -i -r -p Sources Tests Package.swift`.
@Suite struct FormatTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theTreeIsFormatted() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["swift", "format", "lint", "--strict", "-r", "-p", "Sources", "Tests", "Package.swift"]
        p.currentDirectoryURL = Self.root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let findings = text.split(separator: "\n").filter { $0.contains(": error:") || $0.contains(": warning:") }
        let shown: [String] = findings.prefix(10).map(String.init)
        let tail: String = p.terminationStatus == 0 ? "" : "\n" + String(text.prefix(500))
        let message =
            "\(findings.count) formatting findings; run `swift format format -i -r -p Sources Tests Package.swift`:\n"
            + shown.joined(separator: "\n") + tail
        #expect(p.terminationStatus == 0 && findings.isEmpty, "\(message)")
    }
}
