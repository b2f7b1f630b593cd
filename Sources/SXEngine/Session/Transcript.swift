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

    public init(directory: URL, sessionId: String, meta: KeyValuePairs<String, String>) {
        url = directory.appendingPathComponent("\(sessionId).jsonl")
        let fm = FileManager.default
        try? fm.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let isNew = !fm.fileExists(atPath: url.path)
        if isNew { _ = fm.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) }
        handle = try? FileHandle(forWritingTo: url)
        _ = try? handle?.seekToEnd()
        var m: JSONObject = [
            "type": .string(isNew ? "session_meta" : "session_resumed"), "id": .string(sessionId),
            "at": .string(UTCTime.iso8601(Date()))
        ]
        for (k, v) in meta { m[k] = .string(v) }
        write(JSONBody.encode(.object(m)))
    }

    deinit { try? handle?.close() }

    /// The message is encoded once, by its own `Codable` shape, and set into the line as it is.
    public func record(message: Message) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(Self.capped(message)) else { return }
        write(Data(#"{"type":"message","message":"#.utf8) + data + Data("}".utf8))
    }

    /// A compaction: a checkpoint line, then the new history. Resuming starts from the last checkpoint.
    public func recordCompaction(_ history: [Message]) {
        write(Data(#"{"type":"compacted","messages":\#(history.count)}"#.utf8))
        for m in history { record(message: m) }
    }

    /// A turn's checkpoint: the workspace trees before and after its changes (`/undo` after a resume finds it).
    func recordCheckpoint(_ record: TurnCheckpoint) {
        var o: JSONObject = [
            "type": "checkpoint", "before": .string(record.before.tree), "before_commit": .string(record.before.commit),
            "after": .string(record.after.tree), "after_commit": .string(record.after.commit)
        ]
        if let index = record.promptIndex { o["prompt_index"] = .int(index) }
        write(JSONBody.encode(.object(o)))
    }

    /// Checkpoints (by their order in this transcript since it began) undone or redone.
    func recordCheckpointState(_ indexes: [Int], undone: Bool) {
        write(
            JSONBody.encode(
                .object([
                    "type": .string(undone ? "checkpoint_undone" : "checkpoint_redone"),
                    "checkpoints": .array(indexes.map { .int($0) })
                ])))
    }

    /// `/rewind` of the conversation: the history keeps its first `keep` messages; the lines above stay, marked.
    func recordRewind(keep: Int) {
        write(Data(#"{"type":"rewound","messages":\#(keep)}"#.utf8))
    }

    /// Events worth keeping; streamed deltas are not (the message line holds the whole text).
    public func record(event: EngineEvent) {
        switch event {
        case .textDelta, .thinkingDelta, .toolOutput, .requestStarted, .waiting, .waitEnded, .context: return
        case .toolResult(var r, let code, let ms):
            r.output = Self.cap(r.output)
            r.images = []
            write(JSONBody.encode(.object(EngineEvent.toolResult(r, exitCode: code, durationMs: ms).json)))
        default:
            write(JSONBody.encode(.object(event.json)))
        }
    }

    /// One line. JSONBody, not JSONSerialization: sorting keys there compares them by locale, which loads ICU's
    /// collation tables into every session for nothing (~1 MB resident).
    private func write(_ data: Data) {
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

    /// The history to resume from: every `message` line, in order, from the last compaction checkpoint on.
    public static func loadHistory(_ url: URL) throws -> [Message] { try loadResumable(url).history }

    /// One pass over a transcript: the history to resume from (every `message` line from the last compaction
    /// checkpoint on) and, for the screen only, what came before it. The first lines after a checkpoint repeat the
    /// rebuilt history (the summary, then the tail that was already recorded before it), so they are not earlier
    /// messages, and the tail is shown once, below the mark.
    public static func loadResumable(_ url: URL) throws -> (history: [Message], earlier: [Message]) {
        let loaded = try load(url)
        return (loaded.history, loaded.earlier)
    }

    /// What a resumed session continues from: the history, what came before its last compaction (for the screen)
    /// and the turns' checkpoints.
    struct Loaded {
        var history: [Message] = []
        var earlier: [Message] = []
        var checkpoints: [TurnCheckpoint] = []
    }

    static func load(_ url: URL) throws -> Loaded {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw LoadError.notFound(url.lastPathComponent)
        }
        var history: [Message] = [], earlier: [Message] = [], sinceCheckpoint: [Message] = []
        var checkpoints: [TurnCheckpoint] = []
        var rebuiltLeft = 0
        let decoder = JSONDecoder()
        for (i, line) in text.split(separator: "\n").enumerated() {
            // One parse per line: the message is decoded in the same pass, and only on `message` lines.
            guard let parsed = try? decoder.decode(Line.self, from: Data(line.utf8)) else {
                throw LoadError.corrupt(file: url.path, line: i + 1)
            }
            if parsed.type == "compacted" {
                let rebuilt = parsed.messages ?? 0
                earlier += sinceCheckpoint.dropLast(max(0, rebuilt - 1))
                history.removeAll()
                sinceCheckpoint.removeAll()
                rebuiltLeft = rebuilt
                for i in checkpoints.indices { checkpoints[i].promptIndex = nil }
            }
            switch parsed.type {
            case "rewound":
                let keep = max(0, min(history.count, parsed.messages ?? history.count))
                let dropped = history.count - keep
                history.removeLast(dropped)
                sinceCheckpoint.removeLast(min(dropped, sinceCheckpoint.count))
                for i in checkpoints.indices where (checkpoints[i].promptIndex ?? -1) >= keep {
                    checkpoints[i].promptIndex = nil
                }
            case "checkpoint":
                if let record = parsed.checkpoint { checkpoints.append(record) }
            case "checkpoint_undone", "checkpoint_redone":
                for i in parsed.indexes ?? [] where checkpoints.indices.contains(i) {
                    checkpoints[i].undone = parsed.type == "checkpoint_undone"
                }
            default: break
            }
            guard let m = parsed.message else { continue }
            history.append(m)
            if rebuiltLeft > 0 { rebuiltLeft -= 1 } else { sinceCheckpoint.append(m) }
        }
        return Loaded(history: history, earlier: earlier, checkpoints: checkpoints)
    }

    /// A transcript line as `loadHistory` needs it: its type, and the message when it is a `message` line (other
    /// lines may carry a `message` of another shape, such as an error's text).
    struct Line: Decodable {
        var type: String?
        var message: Message?
        /// On a `compacted` line: how many messages the rebuilt history that follows has; on a `rewound` line, how
        /// many the history keeps.
        var messages: Int?
        var checkpoint: TurnCheckpoint?
        /// On `checkpoint_undone` / `checkpoint_redone`: which checkpoints.
        var indexes: [Int]?

        enum Key: String, CodingKey {
            case type, message, messages, checkpoints
            case before, after, beforeCommit = "before_commit", afterCommit = "after_commit"
            case promptIndex = "prompt_index"
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            type = try? c.decodeIfPresent(String.self, forKey: .type)
            switch type {
            case "compacted", "rewound": messages = try? c.decodeIfPresent(Int.self, forKey: .messages)
            case "message": message = try? c.decode(Message.self, forKey: .message)
            case "checkpoint_undone", "checkpoint_redone": indexes = try? c.decode([Int].self, forKey: .checkpoints)
            case "checkpoint":
                if let before = try? c.decode(String.self, forKey: .before),
                    let after = try? c.decode(String.self, forKey: .after)
                {
                    let beforeCommit = (try? c.decode(String.self, forKey: .beforeCommit)) ?? ""
                    let afterCommit = (try? c.decode(String.self, forKey: .afterCommit)) ?? ""
                    checkpoint = TurnCheckpoint(
                        promptIndex: try? c.decodeIfPresent(Int.self, forKey: .promptIndex),
                        before: Snapshot(tree: before, commit: beforeCommit, skipped: []),
                        after: Snapshot(tree: after, commit: afterCommit, skipped: []))
                }
            default: break
            }
        }
    }

    /// The messages before the last compaction checkpoint (what the screen shows above the summary on resume).
    public static func loadEarlier(_ url: URL) throws -> [Message] { try loadResumable(url).earlier }

    /// Sessions in `directory`, newest first.
    public static func list(_ directory: URL) -> [Summary] {
        let fm = FileManager.default
        guard
            let files = try? fm.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return [] }
        var out: [Summary] = []
        for f in files where f.pathExtension == "jsonl" {
            let modified =
                (try? f.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            var s = Summary(id: f.deletingPathExtension().lastPathComponent, url: f, modified: modified, messages: 0)
            if let text = try? String(contentsOf: f, encoding: .utf8) {
                for line in text.split(separator: "\n") {
                    guard let obj = (try? JSONParser.parse(String(line)))?.objectValue else { continue }
                    switch obj["type"]?.stringValue {
                    case "session_meta":
                        s.provider = obj["provider"]?.stringValue
                        s.model = obj["model"]?.stringValue
                        s.cwd = obj["cwd"]?.stringValue
                    case "message":
                        s.messages += 1
                        if s.firstPrompt == nil, let m = obj["message"], m["role"]?.stringValue == "user",
                            let t = m["parts"]?.arrayValue?.first(where: { $0["type"]?.stringValue == "text" })?[
                                "text"]?.stringValue
                        {
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
