import Foundation
import SXCore
import SXAuth

/// `$SX_HOME/sessions/<id>.jsonl`: every session appended as it happens, one JSON object per line — the history
/// (`message` lines, enough to resume) and the events around it (tool calls, switches, errors, usage). Token-shaped
/// strings are masked and tool outputs capped before anything is written.
public final class Transcript: @unchecked Sendable {
    // All file access goes through `lock`.
    private let lock = NSLock()
    private let handle: FileHandle?
    public let url: URL
    /// Longest tool output kept in a transcript line.
    public static let toolOutputCap = 32 * 1024

    public init(directory: URL, sessionId: String, meta: [String: Any]) {
        url = directory.appendingPathComponent("\(sessionId).jsonl")
        let fm = FileManager.default
        try? fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let isNew = !fm.fileExists(atPath: url.path)
        if isNew { _ = fm.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) }
        handle = try? FileHandle(forWritingTo: url)
        _ = try? handle?.seekToEnd()
        var m = meta
        m["type"] = isNew ? "session_meta" : "session_resumed"
        m["id"] = sessionId
        m["at"] = UTCTime.iso8601(Date())
        write(m)
    }

    deinit { try? handle?.close() }

    public func record(message: Message) {
        guard let data = try? JSONEncoder().encode(Self.capped(message)),
              let obj = try? JSONSerialization.jsonObject(with: data) else { return }
        write(["type": "message", "message": obj])
    }

    /// Events worth keeping; streamed deltas are not (the message line holds the whole text).
    public func record(event: EngineEvent) {
        switch event {
        case .textDelta, .thinkingDelta, .toolOutput, .requestStarted, .waiting, .waitEnded: return
        case .toolResult(var r, let code, let ms):
            r.output = Self.cap(r.output)
            r.images = []
            write(EngineEvent.toolResult(r, exitCode: code, durationMs: ms).jsonObject)
        default:
            write(event.jsonObject)
        }
    }

    private func write(_ obj: [String: Any]) {
        // JSONBody, not JSONSerialization: sorting keys there compares them by locale, which loads ICU's collation
        // tables into every session for nothing (~1 MB resident).
        guard let data = try? JSONBody.encode(obj) else { return }
        let line = Redact.scrubTokens(String(decoding: data, as: UTF8.self)) + "\n"
        lock.withLock { try? handle?.write(contentsOf: Data(line.utf8)) }
    }

    static func cap(_ s: String) -> String {
        guard s.utf8.count > toolOutputCap else { return s }
        let head = String(decoding: s.utf8.prefix(toolOutputCap / 2), as: UTF8.self)
        let tail = String(decoding: s.utf8.suffix(toolOutputCap / 2), as: UTF8.self)
        return head + "\n…[\(s.utf8.count - toolOutputCap) bytes elided in the transcript]…\n" + tail
    }

    static func capped(_ m: Message) -> Message {
        var m = m
        m.parts = m.parts.map {
            if case .toolResult(var r) = $0 { r.output = cap(r.output); return .toolResult(r) }
            return $0
        }
        return m
    }

    // MARK: reading

    public struct Summary: Sendable {
        public var id: String
        public var url: URL
        public var modified: Date
        public var provider: String?
        public var model: String?
        public var cwd: String?
        public var firstPrompt: String?
        public var messages: Int
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notFound(String)
        case none
        case corrupt(file: String, line: Int)
        public var description: String {
            switch self {
            case .notFound(let id): "no session \(id) (see `sx sessions list`)"
            case .none: "there is no earlier session to resume"
            case .corrupt(let f, let l): "\(f):\(l): not a transcript line"
            }
        }
    }

    /// The history to resume from: every `message` line, in order.
    public static func loadHistory(_ url: URL) throws -> [Message] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw LoadError.notFound(url.lastPathComponent) }
        var out: [Message] = []
        for (i, line) in text.split(separator: "\n").enumerated() {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw LoadError.corrupt(file: url.path, line: i + 1)
            }
            guard obj["type"] as? String == "message", let m = obj["message"],
                  let data = try? JSONSerialization.data(withJSONObject: m),
                  let msg = try? JSONDecoder().decode(Message.self, from: data) else { continue }
            out.append(msg)
        }
        return out
    }

    /// Sessions in `directory`, newest first.
    public static func list(_ directory: URL) -> [Summary] {
        let fm = FileManager.default
        guard let files = try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey]) else { return [] }
        var out: [Summary] = []
        for f in files where f.pathExtension == "jsonl" {
            let modified = (try? f.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            var s = Summary(id: f.deletingPathExtension().lastPathComponent, url: f, modified: modified, messages: 0)
            if let text = try? String(contentsOf: f, encoding: .utf8) {
                for line in text.split(separator: "\n") {
                    guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                    switch obj["type"] as? String {
                    case "session_meta":
                        s.provider = obj["provider"] as? String
                        s.model = obj["model"] as? String
                        s.cwd = obj["cwd"] as? String
                    case "message":
                        s.messages += 1
                        if s.firstPrompt == nil, let m = obj["message"] as? [String: Any], m["role"] as? String == "user",
                           let parts = m["parts"] as? [[String: Any]], let t = parts.first(where: { $0["type"] as? String == "text" })?["text"] as? String {
                            s.firstPrompt = t
                        }
                    default: break
                    }
                }
            }
            out.append(s)
        }
        return out.sorted { $0.modified > $1.modified }
    }

    /// `ID`, a unique prefix of one, or `nil` for the newest.
    public static func find(_ id: String?, in directory: URL) throws -> URL {
        let all = list(directory)
        guard let id else {
            guard let newest = all.first else { throw LoadError.none }
            return newest.url
        }
        if let exact = all.first(where: { $0.id == id }) { return exact.url }
        let matches = all.filter { $0.id.hasPrefix(id) }
        guard matches.count == 1 else { throw LoadError.notFound(id) }
        return matches[0].url
    }
}
