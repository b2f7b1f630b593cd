import Foundation
import SXCore

/// One tool call as the log pane shows it: name, argument summary, live output tail, then duration and exit status.
public struct ToolLogEntry: Sendable, Equatable {
    public enum Status: Sendable, Equatable { case running, ok, failed }

    public var callId: String
    public var name: String
    public var arguments: String
    public var output: String
    public var status: Status
    public var exitCode: Int32?
    public var durationMs: Int?
    public var startedAt: Date
    /// The files the call changed, shown as diffs under the call.
    public var diffs: [FileDiff] = []

    /// Lines added and removed over all of the call's files (the tool log's +/− counts).
    public var changeCounts: (added: Int, removed: Int)? {
        diffs.isEmpty ? nil : (diffs.reduce(0) { $0 + $1.added }, diffs.reduce(0) { $0 + $1.removed })
    }

    /// The output kept per call; the log shows a tail and the detail view the rest. 256 KB covers any tool's
    /// capped output (the runner caps far lower) while bounding memory over a long session.
    static let maxOutputBytes = 256 * 1024

    public init(callId: String, name: String, arguments: String, startedAt: Date) {
        self.callId = callId
        self.name = name
        self.arguments = arguments
        self.output = ""
        self.status = .running
        self.startedAt = startedAt
        self.argumentSummary = Self.summarize(arguments)
    }

    mutating func appendOutput(_ chunk: String) {
        output += chunk
        if output.utf8.count > Self.maxOutputBytes { output = String(output.suffix(Self.maxOutputBytes / 2)) }
    }

    /// `{"command":"ls -la"}` → `ls -la`: the most telling argument, on one line. Computed once: panes draw it
    /// every frame.
    public let argumentSummary: String

    static func summarize(_ arguments: String) -> String {
        let flat: String
        if let files = patchFiles(arguments) {
            flat = files
        } else if let data = arguments.data(using: .utf8),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            let preferred = ["command", "path", "pattern", "file_path"]
            if let key = preferred.first(where: { obj[$0] != nil }), let v = obj[key] {
                flat = "\(v)"
            } else {
                flat = obj.keys.sorted().map { "\($0)=\(obj[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
            }
        } else {
            flat = arguments
        }
        return flat.replacingOccurrences(of: "\n", with: "⏎ ")
    }

    /// An `apply_patch` call (its raw patch, or the patch in `input`) as the files it touches.
    static func patchFiles(_ arguments: String) -> String? {
        // Every other call's arguments are parsed once, by `summarize`, not here as well.
        guard arguments.contains("*** Begin Patch") else { return nil }
        var text = arguments
        if arguments.hasPrefix("{"), let data = arguments.data(using: .utf8),
            let input = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["input"] as? String
        {
            text = input
        }
        let markers = ["*** Update File: ", "*** Add File: ", "*** Delete File: "]
        let files = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return markers.first(where: trimmed.hasPrefix).map { String(trimmed.dropFirst($0.count)) }
        }
        return files.isEmpty ? nil : files.joined(separator: ", ")
    }

    /// The last non-empty output line, for the one-line live tail; found from the end, so its cost does not
    /// grow with the output.
    public var lastOutputLine: String {
        var end = output.endIndex
        while end > output.startIndex, output[output.index(before: end)] == "\n" { end = output.index(before: end) }
        let start = output[..<end].lastIndex(of: "\n").map { output.index(after: $0) } ?? output.startIndex
        return String(output[start..<end])
    }
}
